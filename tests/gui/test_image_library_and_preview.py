# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""Issue 14 in the window, over real HTTP against the sandbox: the image library (the account's AI Studio images,
filtered, one put on a scene as a locked try in one undo step) and Pictory's own preview (sent once, followed
in the Jobs panel, opened in the browser, rendered once with Render this preview; refused by the monthly limit
before anything is sent)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl

from pictory_desktop.api.results import ImageRequest
from pictory_desktop.domain.storyboard import AiImage, ImageTry, PictureUrl
from pictory_desktop.qt.image_tries import TryOrder
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store import job_text
from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.image_library import ImageLibraryDialog
from pictory_desktop.ui.jobs_panel import JobsPanel
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.render_question import RenderQuestion

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui

LIGHTHOUSE = "A white lighthouse on a cliff at dusk, calm sea"
BICYCLE = "A red bicycle leaning on a sunny brick wall"


@pytest.fixture
def asked(monkeypatch) -> list[RenderQuestion]:
    """Every confirmation the window asked for; each answered yes."""
    questions: list[RenderQuestion] = []
    monkeypatch.setattr(
        render_dialog.RenderConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, question: questions.append(question) or True),
    )
    return questions


def open_guide(qtbot: Any, make_context: Any, guide_file: Any) -> tuple[Any, MainWindow]:
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    window.scene_panel.view.select_rows([1], 1)  # scene 2: an AI image (Nano Banana)
    return context, window


def make_try(qtbot: Any, context: Any, prompt: str, model: str) -> ImageTry:
    """One real AI Studio image in the sandbox account, made through the app's own try path."""
    made: list[ImageTry] = []
    key = ("library test", prompt)
    context.image_tries.made.connect(lambda k, value: made.append(value) if k == key else None)
    order = TryOrder(ImageRequest(prompt, model=model, aspect_ratio="16:9"), 1, Decimal(1), "Library test")
    context.image_tries.try_image(order, key)
    qtbot.waitUntil(lambda: bool(made), timeout=20_000)
    return made[0]


def open_library(qtbot: Any, window: MainWindow) -> ImageLibraryDialog:
    qtbot.mouseClick(window.image_tries.library_button, Qt.MouseButton.LeftButton)
    dialog = window.image_library_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_library_lists_filters_and_puts_an_image_on_scene_2_in_one_undo_step(
    qtbot, make_context, guide_file, dialogs, asked
):
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    lighthouse = make_try(qtbot, context, LIGHTHOUSE, "flux-schnell")
    bicycle = make_try(qtbot, context, BICYCLE, "nanobanana")
    cache = context.image_tries.cache
    for made in (lighthouse, bicycle):  # not on this computer: the library fetches them itself
        cache.path_for(made.url).unlink()
    cdn_before = len([r for r in server.requests if r.origin == "cdn"])

    dialog = open_library(qtbot, window)
    qtbot.waitUntil(lambda: len(dialog.images) == 2, timeout=10_000)
    assert [image.url for image in dialog.images] == [bicycle.url, lighthouse.url]  # newest first
    assert "2 images" in dialog.status.text()
    assert len(server.requests_for("images")) == 1
    qtbot.waitUntil(lambda: all(cache.get(i.url) is not None for i in dialog.images), timeout=10_000)
    assert len([r for r in server.requests if r.origin == "cdn"]) == cdn_before + 2  # each picture once, no key
    assert all(not dialog.list.item(i).icon().isNull() for i in range(dialog.list.count()))

    dialog.filter_edit.setText("lighthouse")
    assert [image.url for image in dialog.visible_images()] == [lighthouse.url]
    dialog.filter_edit.setText("NANOBANANA")  # the model counts too, in any case
    assert [image.url for image in dialog.visible_images()] == [bicycle.url]
    dialog.filter_edit.setText("dusk flux")  # every word must match
    assert [image.url for image in dialog.visible_images()] == [lighthouse.url]

    undo_before = window.document.undo_stack.count()
    dialog.select_image(lighthouse.url)
    assert dialog.put_button.isEnabled() and dialog.put_button.text() == "Put on scene 2"
    qtbot.mouseClick(dialog.put_button, Qt.MouseButton.LeftButton)
    scene = window.document.scene(1)
    assert isinstance(scene.background, PictureUrl) and scene.background.url == lighthouse.url
    assert scene.tries[-1].url == lighthouse.url and scene.tries[-1].credits is None  # paid before, not now
    assert window.document.undo_stack.count() == undo_before + 1

    window.document.undo_stack.undo()  # one step takes both the try and the lock back
    undone = window.document.scene(1)
    assert isinstance(undone.background, AiImage) and all(t.url != lighthouse.url for t in undone.tries)
    window.document.undo_stack.redo()

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    [post] = server.requests_for("render")
    assert json.loads(post.body)["scenes"][1]["background"] == {"type": "image", "visualUrl": lighthouse.url}
    cdn = [r for r in server.requests if r.origin == "cdn"]
    assert cdn and all("Authorization" not in r.headers for r in cdn)
    window.document.undo_stack.setClean()


def test_a_failing_list_says_why_and_keeps_what_is_shown(qtbot, make_context, guide_file, dialogs):
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    make_try(qtbot, context, LIGHTHOUSE, "flux-schnell")
    dialog = open_library(qtbot, window)
    qtbot.waitUntil(lambda: len(dialog.images) == 1, timeout=10_000)

    server.faults.add(Fault(route="images", kind="non_json", times=None))  # a garbled answer, every time
    dialog.refresh()
    qtbot.waitUntil(lambda: "could not be read" in dialog.status.text(), timeout=10_000)
    assert len(dialog.images) == 1 and dialog.list.count() == 1  # what was shown stays
    assert not dialog.library.loading
    window.document.undo_stack.setClean()


def test_a_failing_first_read_says_why(qtbot, make_context, guide_file, dialogs):
    context, window = open_guide(qtbot, make_context, guide_file)
    context.connection.sandbox_server.faults.add(Fault(route="images", kind="status", status=500, times=None))
    dialog = open_library(qtbot, window)
    qtbot.waitUntil(lambda: "could not be read" in dialog.status.text(), timeout=20_000)
    assert dialog.images == [] and not dialog.put_button.isEnabled()


def test_preview_is_sent_once_followed_opened_and_rendered_once(qtbot, make_context, guide_file, dialogs, asked):
    context, window = open_guide(qtbot, make_context, guide_file)
    server = context.connection.sandbox_server
    opened: list[QUrl] = []
    window.open_url = lambda url: opened.append(url) or True

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000) as sent:
        window.preview_video()
    [question] = asked
    assert question.variant == "preview" and question.cost_unknown is not None
    assert "does not document whether a preview charges AI credits" in question.cost_unknown
    assert question.request.estimate.total == Decimal(6)  # the full AI estimate, shown as the most it may cost
    assert len(server.requests_for("preview")) == 1 and server.requests_for("render") == []
    preview_id = sent.args[0]
    qtbot.waitUntil(lambda: context.job_store.get(preview_id).status == "completed", timeout=20_000)
    record = context.job_store.get(preview_id)
    assert record.kind == "preview" and record.video_url and f"/v2/preview/{preview_id}" in record.video_url

    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    panel.select_job(preview_id)
    qtbot.waitUntil(lambda: panel.open_preview_button.isEnabled())
    assert panel.title.text().startswith(job_text.name_text(record))
    assert not panel.download_button.isEnabled()  # a preview has no file
    # Pictory reports no cost on a preview (nor does the sandbox): the app reads the ledger, and the panel says it.
    qtbot.waitUntil(lambda: context.job_store.get(preview_id).ledger_debits is not None, timeout=10_000)
    record = context.job_store.get(preview_id)
    assert record.charged is None and record.ledger_debits == Decimal(6)  # the sandbox debits the AI visuals
    charged = job_text.charged_text(record)
    assert charged is not None and "ledger shows 6 pretend credits debited while it was being made" in charged
    qtbot.waitUntil(lambda: charged in panel.explanation.text())
    assert server.requests_for("usage")  # read from the ledger, the only place Pictory says it
    qtbot.mouseClick(panel.open_preview_button, Qt.MouseButton.LeftButton)
    assert [url.toString() for url in opened] == [record.video_url]

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000) as rendered:
        qtbot.mouseClick(panel.render_preview_button, Qt.MouseButton.LeftButton)
    assert [q.variant for q in asked] == ["preview", "from-preview"]
    assert "again" in (asked[1].cost_unknown or "")
    assert len(server.requests_for("render_preview")) == 1  # exactly one PUT
    assert len(server.requests_for("preview")) == 1 and server.requests_for("render") == []
    render_id = rendered.args[0]
    assert render_id != preview_id
    qtbot.waitUntil(lambda: context.job_store.get(render_id).status == "completed", timeout=20_000)
    render = context.job_store.get(render_id)
    assert render.kind == "render" and render.name == record.name
    assert job_text.status_text(render, watching=False, downloading=False) == "Ready"
    assert len(server.requests_for("render_preview")) == 1
    window.document.undo_stack.setClean()


def test_a_preview_over_the_monthly_limit_sends_nothing(qtbot, make_context, guide_file, dialogs, asked):
    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(5))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    server = context.connection.sandbox_server
    account = server.account
    account.record_transaction("credit", Decimal(500), source="Monthly Reset", description="reset")
    account.record_transaction("debit", Decimal(3), source="Text-to-Image", description="earlier")

    with qtbot.waitSignal(context.spend_check.decided, timeout=10_000):
        window.preview_video()

    assert len(dialogs.errors) == 1 and "monthly limit of 5 credits" in dialogs.errors[0]
    assert asked == []
    assert server.requests_for("preview") == [] and server.requests_for("render") == []
    assert context.job_store.list_recent(5) == []
    window.document.undo_stack.setClean()
