"""See it before you pay (issue 14): try a scene's image twice, lock the second, render — over real HTTP against
the sandbox. The render's body has that scene as a picture and the estimate counted it as zero; each try is one
POST even when its answer is lost; the CDN never sees the API key."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pictory_desktop.domain.storyboard import AiImage, PictureUrl
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.image_tries_panel import TryDialog
from pictory_desktop.ui.main_window import MainWindow

from .driving import run_dialog
from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui


def open_guide(qtbot: Any, make_context: Any, guide_file: Any) -> tuple[Any, MainWindow]:  # noqa: F811
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    window.scene_panel.view.select_rows([1], 1)  # scene 2: Nano Banana, 4 credits
    return context, window


def try_once(qtbot: Any, window: MainWindow, prompt: str | None = None) -> None:
    panel = window.image_tries
    before = len(window.document.scene(1).tries)

    def send(dialog: TryDialog) -> None:
        assert isinstance(dialog, TryDialog)
        assert dialog.cost_label.text() == "Trying an image with Nano Banana costs 4 credits."
        assert "after this try:" in dialog.balance_label.text()  # the balance after, before anything is sent
        if prompt is not None:
            dialog.prompt_edit.setPlainText(prompt)
        qtbot.mouseClick(dialog.try_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, panel.try_button, send)
    qtbot.waitUntil(lambda: len(window.document.scene(1).tries) == before + 1, timeout=20_000)


def test_two_tries_the_second_locked_then_the_render_sends_that_picture_and_costs_nothing_for_it(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    monkeypatch,
    dialogs,
):
    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(lambda cls, parent, question: True))
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    panel = window.image_tries
    assert window.tries_box.isVisible() and panel.try_button.text() == "Try image (4 credits)…"

    try_once(qtbot, window)
    try_once(qtbot, window, prompt="A bright editing suite with two monitors, warm light")
    tries = window.document.scene(1).tries
    assert len(tries) == 2 and tries[0].url != tries[1].url
    assert [json.loads(r.body)["model"] for r in server.requests_for("image")] == ["nanobanana", "nanobanana"]
    assert panel.strip.currentRow() == 1  # the newest try is the one shown large
    qtbot.waitUntil(lambda: context.connection.balance is not None and context.connection.balance.balance == 492)
    assert panel.strip.count() == 2 and panel.large.pixmap() is not None and not panel.large.pixmap().isNull()
    records = [r for r in context.job_store.list_recent(10) if r.kind == "image"]
    assert len(records) == 2 and all(r.status == "completed" and r.scene_number == 2 for r in records)

    panel.strip.setCurrentRow(1)
    qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    scene = window.document.scene(1)
    assert isinstance(scene.background, PictureUrl) and scene.background.url == tries[1].url
    total = window.findChild(QLabel, "totalCreditsLabel")
    assert total is not None and total.text() == "Total: 2 credits"  # scene 2 now costs nothing: 6 − 4
    assert "costs no AI credits" in panel.status.text()

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    [post] = server.requests_for("render")
    body = json.loads(post.body)
    assert body["scenes"][1]["background"] == {"type": "image", "visualUrl": tries[1].url}
    assert (
        "pictoryDesktop" not in post.body.decode()
        if isinstance(post.body, bytes)
        else "pictoryDesktop" not in post.body
    )
    assert context.job_store.list_recent(1)[0].credits == Decimal(2)  # the estimate counted the locked scene as 0
    cdn = [r for r in server.requests if r.origin == "cdn"]
    assert cdn and all("Authorization" not in r.headers for r in cdn)  # the pictures came without the key

    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)  # Back to AI generation
    back = window.document.scene(1).background
    assert isinstance(back, AiImage) and back.model == "nanobanana" and total.text() == "Total: 6 credits"
    window.document.undo_stack.setClean()


@pytest.mark.parametrize("kind", ["drop", "truncated"])
def test_a_try_whose_answer_is_lost_is_found_in_the_account_and_never_sent_twice(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    kind,
    dialogs,
):
    context, window = open_guide(qtbot, make_context, guide_file)
    context.image_tries._lookup_delay = 0.5  # the wait before looking it up, shortened for the test
    server = context.connection.sandbox_server
    # "truncated": Pictory made the job and the answer was cut off; "drop": the connection closed before any answer.
    server.faults.add(Fault(route="image", kind=kind, times=1))
    panel = window.image_tries

    def send(dialog: TryDialog) -> None:
        qtbot.mouseClick(dialog.try_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, panel.try_button, send)
    if kind == "truncated":
        qtbot.waitUntil(lambda: len(window.document.scene(1).tries) == 1, timeout=20_000)
        [record] = [r for r in context.job_store.list_recent(10) if r.kind == "image"]
        assert record.status == "completed" and not record.unconfirmed
    else:
        qtbot.waitUntil(
            lambda: "may have started" in panel.status.text() or "NOT sent again" in panel.status.text(), timeout=20_000
        )
        assert window.document.scene(1).tries == ()
        [record] = [r for r in context.job_store.list_recent(10) if r.kind == "image"]
        assert record.unconfirmed  # kept for the user to check; never resent by the app
    assert len(server.requests_for("image")) == 1  # one POST, whatever happened to its answer
    window.document.undo_stack.setClean()


def test_a_locked_image_that_stopped_answering_is_named_before_the_render_and_nothing_is_sent(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    monkeypatch,
    dialogs,
):
    asked: list[Any] = []

    def ask(cls: Any, parent: Any, question: Any) -> bool:
        asked.append(question)
        return False  # the user reads the warning and cancels

    monkeypatch.setattr(render_dialog.RenderConfirmDialog, "ask", classmethod(ask))
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    try_once(qtbot, window)
    panel = window.image_tries
    qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    locked = window.document.scene(1).background
    assert isinstance(locked, PictureUrl)
    url = locked.url
    # Pictory does not say how long an AI Studio address lives: here it has expired.
    server.faults.add(Fault(route="image_file", kind="status", status=403, body=b"Request has expired", times=None))
    before = len([r for r in server.requests if r.origin == "cdn"])

    window.render_video()
    assert window.statusBar().currentMessage() == "Checking that the images you locked are still there…"
    qtbot.waitUntil(lambda: bool(asked), timeout=15_000)
    [question] = asked
    assert question.unreachable_pictures == (
        "Scene 2's locked image no longer answers at its address (the server answered 403), so Pictory would make "
        "that scene without it. Try the image again or choose Back to AI generation; your earlier tries are still "
        "in the scene's strip.",
    )
    assert not question.may_skip_asking  # asked whatever the user's ask-above threshold
    [probe] = [r for r in server.requests if r.origin == "cdn"][before:]  # one GET of the first byte, no key
    assert (probe.method, probe.route) == ("GET", "image_file") and url.endswith(probe.path)
    assert "Authorization" not in probe.headers and probe.headers.get("Range") == "bytes=0-0"
    assert server.requests_for("render") == []  # cancelled: nothing spent

    server.faults.clear()  # the address answers again: the next Render asks with no warning
    window.render_video()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=15_000)
    assert asked[1].unreachable_pictures == ()
    window.document.undo_stack.setClean()


def test_dont_ask_again_for_tries_of_this_cost_sends_the_next_try_at_once_within_the_monthly_limit(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    dialogs,
):
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    panel = window.image_tries

    def try_and_stop_asking(dialog: TryDialog) -> None:
        assert dialog.dont_ask.text() == "Don't ask again for tries of 4 credits or less"
        assert not dialog.dont_ask.isChecked()  # asking is the default
        dialog.dont_ask.setChecked(True)
        qtbot.mouseClick(dialog.try_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, panel.try_button, try_and_stop_asking)
    qtbot.waitUntil(lambda: len(window.document.scene(1).tries) == 1, timeout=20_000)
    assert context.settings.get("try_ask_above_credits") == Decimal(4)

    qtbot.mouseClick(panel.try_button, Qt.MouseButton.LeftButton)  # no window this time
    assert panel.status.text().startswith("Trying an image for 4 credits without asking: at or under your 4 credits")
    qtbot.waitUntil(lambda: len(window.document.scene(1).tries) == 2, timeout=20_000)
    assert len(server.requests_for("image")) == 2

    # The monthly limit still holds: a try that would pass it is refused, asked or not.
    context.settings.set("monthly_credit_limit", Decimal(9))  # 8 spent this month by the two tries
    qtbot.mouseClick(panel.try_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "limit" in panel.status.text(), timeout=10_000)
    assert len(server.requests_for("image")) == 2
    window.document.undo_stack.setClean()
