"""File › New batch from CSV… end to end: the real context, the local sandbox over real HTTP, real SQLite.

What reaches the sandbox is counted from its request log: every valid row exactly one POST, across a quit and
a resume, across the command line and the window, and after a row whose POST failed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.cli.connection import SANDBOX_KEY, Connection
from pictory_desktop.cli.render_command import Outgoing, send_once
from pictory_desktop.domain.batch import batch_key, plan_batch, read_csv, template_digest
from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.qt.context import AppContext
from pictory_desktop.qt.jobs_model import NAME, STATUS
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID
from pictory_desktop.ui import file_dialogs
from pictory_desktop.ui.batch_dialog import READY_TO_RENDER, BatchDialog
from pictory_desktop.ui.batch_dialog import STATUS as STATUS_COLUMN
from pictory_desktop.ui.jobs_panel import JobsPanel
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.render_dialog import BatchConfirmDialog

from .jobs_fixtures import make_context, qt_messages  # noqa: F401

pytestmark = pytest.mark.gui

TEMPLATE: dict[str, Any] = {
    "videoName": "Spring sale: {{product}}",
    "aspectRatio": "16:9",
    "scenes": [
        {
            "story": "Meet {{product}}, now in our {{city}} shop.",
            "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "{{product}} on a shelf"}},
        },
        {"story": "Twenty percent off, this week only.", "background": {"color": "#1f2937"}},
    ],
}


def write_csv(path: Path, rows: list[tuple[str, ...]], header: str = "product,city") -> Path:
    lines = [header, *(",".join(f'"{cell}"' for cell in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def products(n: int) -> list[tuple[str, ...]]:
    return [(f"Product {i}", "Leeds") for i in range(1, n + 1)]


@pytest.fixture
def template_file(tmp_path: Path) -> Path:
    path = tmp_path / "template.json"
    path.write_text(json.dumps(TEMPLATE), encoding="utf-8")
    return path


def open_window(qtbot: Any, context: Any, template_file: Path) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(template_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    return window


def open_dialog(
    qtbot: Any, window: MainWindow, context: AppContext, confirm: bool = True
) -> tuple[BatchDialog, list[Any]]:
    """The batch dialog, shown without its modal loop so a test can drive it; the confirmation answers
    ``confirm`` and records what it was asked."""
    dialog = BatchDialog(
        window,
        context,  # the app's own context (the window is typed against the smaller WindowContext)
        window.document.storyboard,
        template_path=window.document.path,
        show_jobs=window._open_jobs_dock,
    )
    qtbot.addWidget(dialog)
    asked: list[Any] = []
    dialog.ask_render = lambda _parent, question: asked.append(question) or confirm
    dialog.show()
    return dialog, asked


def load(qtbot: Any, dialog: BatchDialog, csv: Path) -> None:
    with qtbot.waitSignals([dialog.loader.busyChanged, dialog.loader.busyChanged], timeout=10_000):
        dialog.load_csv(csv)


def render_and_wait(qtbot: Any, dialog: BatchDialog) -> None:
    assert dialog.render_button.isEnabled()
    with qtbot.waitSignal(dialog.jobs.batchFinished, timeout=30_000):
        qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton)


def posted_names(server: Any) -> list[str]:
    return [json.loads(r.body)["videoName"] for r in server.requests_for("render")]


def close(dialog: BatchDialog, window: MainWindow) -> None:
    dialog.close()
    window.close()


def status_texts(dialog: BatchDialog) -> list[str]:
    return [dialog.cell(r, STATUS_COLUMN) for r in range(dialog.rows_model.rowCount())]


def batch_header(panel: JobsPanel) -> str:
    row = next(r for r in range(panel.model.rowCount()) if panel.model.batch_summary(r) is not None)
    return panel.model.index(row, NAME).data()


def run_modal(qtbot: Any, trigger: Callable[[], None], drive: Callable[[QWidget], None]) -> None:
    """Start ``trigger``, which opens a modal dialog, and drive that dialog from inside its own event loop."""
    driven: list[QWidget] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, inside)
            return
        driven.append(dialog)
        try:
            drive(dialog)
        finally:
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, inside)
    trigger()
    assert driven, "nothing opened a dialog"


def test_twenty_rows_from_the_menu_one_post_each_and_the_jobs_panel_counts_them(
    qtbot,
    make_context,  # noqa: F811
    template_file,
    tmp_path,
    monkeypatch,
    qt_messages,  # noqa: F811
):
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    csv = write_csv(tmp_path / "rows.csv", products(20))
    monkeypatch.setattr(file_dialogs, "ask_csv_path", lambda _parent, _start: csv)
    before = window.document.storyboard
    confirmations: list[str] = []

    def drive(dialog: QWidget) -> None:
        assert isinstance(dialog, BatchDialog)
        assert "the storyboard open in the editor" in dialog.template_label.text()
        assert "{{city}}" in dialog.placeholders_label.text() and "{{product}}" in dialog.placeholders_label.text()
        qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.rows_model.rowCount() == 20 and dialog.render_button.isEnabled(), timeout=10_000)
        assert status_texts(dialog) == [READY_TO_RENDER] * 20
        assert dialog.cell(0, 0) == "2"  # the spreadsheet's row: the header is row 1
        assert dialog.cell(0, 1) == "Spring sale: Product 1"
        assert "Total for the 20 valid videos" in dialog.total_label.text()
        assert "after these videos" in dialog.balance_label.text()
        assert dialog.render_button.text() == "Render 20 videos…"

        def confirm(box: QWidget) -> None:
            assert isinstance(box, BatchConfirmDialog)
            confirmations.append(box.total_label.text())
            assert box.table.rowCount() == 20
            qtbot.mouseClick(box.render_button, Qt.MouseButton.LeftButton)

        with qtbot.waitSignal(context.jobs.batchFinished, timeout=30_000):
            run_modal(qtbot, lambda: qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton), confirm)
        qtbot.waitUntil(lambda: all(t.startswith("Sent · ") for t in status_texts(dialog)), timeout=10_000)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    action = next(a for a in window.findChildren(QAction) if a.text() == "New &batch from CSV…")
    run_modal(qtbot, action.trigger, drive)

    assert len(confirmations) == 1 and "Total for 20 videos" in confirmations[0]
    server = context.connection.sandbox_server
    assert Counter(posted_names(server)) == Counter(f"Spring sale: Product {i}" for i in range(1, 21))
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel) and window.jobs_dock.isVisible()
    qtbot.waitUntil(lambda: "20 of 20 ready" in batch_header(panel), timeout=30_000)
    assert batch_header(panel) == "Spring sale: {{product}} — 20 of 20 ready"
    assert panel.model.rowCount() == 21  # the header and its 20 videos
    assert window.document.storyboard is before and not window.document.is_modified
    window.close()
    assert [m for m in qt_messages if "QThread" in m or "Destroyed" in m] == []


def test_rows_the_command_line_sent_are_shown_and_never_sent_again(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    server = context.connection.sandbox_server
    csv = write_csv(tmp_path / "rows.csv", products(20))
    # The command line ran this batch first and sent rows 1-7 before it was stopped: exactly its own steps.
    template = storyboard_from_body(TEMPLATE)
    table = read_csv(csv.read_bytes())
    plan = plan_batch(template, table, default_catalog())
    store = context.job_store
    batch_id = store.create_batch(
        batch_key(template, table, SANDBOX_SERVER_ID), "Spring sale: {{product}}",
        template_digest=template_digest(template), row_count=20, api_base_url=SANDBOX_SERVER_ID,
    )  # fmt: skip
    cli = Connection(PictoryClient(SANDBOX_KEY, server.base_url), sandbox=True)
    for row in plan.rows[:7]:
        assert send_once(cli, store, Outgoing(row.storyboard, row.name, row.estimate, None, (batch_id, row.number))).job

    dialog, asked = open_dialog(qtbot, window, context)
    load(qtbot, dialog, csv)
    statuses = status_texts(dialog)
    assert all(s.startswith("Sent before") for s in statuses[:7]) and statuses[7:] == [READY_TO_RENDER] * 13
    assert "rendered before" in dialog.notes.text()
    assert dialog.render_button.text() == "Render the 13 videos not sent yet…"
    render_and_wait(qtbot, dialog)

    [question] = asked
    assert len(question.videos) == 13 and question.sent_before == 7
    assert Counter(posted_names(server)) == Counter(f"Spring sale: Product {i}" for i in range(1, 21))
    assert set(store.batch_rows_sent(batch_id)) == set(range(1, 21))
    assert not dialog.render_button.isEnabled() and dialog.render_button.text() == "Every valid video was sent"
    close(dialog, window)


def test_a_batch_interrupted_by_quitting_resumes_without_sending_any_row_twice(
    qtbot,
    make_context,  # noqa: F811
    template_file,
    tmp_path,
):
    csv = write_csv(tmp_path / "rows.csv", products(20))
    first = make_context(sandbox=True)
    window = open_window(qtbot, first, template_file)
    first_server = first.connection.sandbox_server
    first_server.faults.add(Fault(route="render", kind="slow", delay=0.15, times=None))
    dialog, _ = open_dialog(qtbot, window, first)
    load(qtbot, dialog, csv)
    qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(first_server.requests_for("render")) >= 6, timeout=20_000)
    dialog.close()
    window.close()  # quit mid-send: "Quit while rendering?" is answered Quit (tests/gui/conftest.py)
    sent_first = posted_names(first_server)
    assert 6 <= len(sent_first) < 20

    second = make_context(sandbox=True)  # the next start, on the same history and sandbox state
    window = open_window(qtbot, second, template_file)
    dialog, asked = open_dialog(qtbot, window, second)
    load(qtbot, dialog, csv)
    statuses = status_texts(dialog)
    recorded = [i for i, s in enumerate(statuses) if s != READY_TO_RENDER]
    assert len(recorded) == len(sent_first)  # every row that reached the sandbox has a record: none is resent
    render_and_wait(qtbot, dialog)
    sent_second = posted_names(second.connection.sandbox_server)
    assert len(asked[0].videos) == 20 - len(sent_first)
    assert Counter(sent_first + sent_second) == Counter(f"Spring sale: Product {i}" for i in range(1, 21))
    close(dialog, window)


def test_rows_with_errors_are_marked_and_not_sent(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    rows = products(5)
    rows[2] = ("A " + "very " * 60 + "long product", "Leeds")  # its prompt is over Pictory's 250 characters
    csv = write_csv(tmp_path / "rows.csv", rows)
    dialog, asked = open_dialog(qtbot, window, context)
    load(qtbot, dialog, csv)

    assert dialog.cell(2, STATUS_COLUMN).startswith("Error, not sent:")
    assert "250" in dialog.cell(2, STATUS_COLUMN, Qt.ItemDataRole.ToolTipRole)
    # Marked by an icon and words as well as colour; the rows without errors are not.
    assert not dialog.cell(2, STATUS_COLUMN, Qt.ItemDataRole.DecorationRole).isNull()
    assert dialog.cell(2, STATUS_COLUMN, Qt.ItemDataRole.ForegroundRole) is not None
    assert dialog.cell(0, STATUS_COLUMN, Qt.ItemDataRole.DecorationRole) is None
    assert (
        "4 valid videos" in dialog.total_label.text() and "1 row with errors is left out" in dialog.total_label.text()
    )
    assert dialog.render_button.text() == "Render the 4 valid videos…"
    render_and_wait(qtbot, dialog)
    assert asked[0].invalid_rows == 1 and len(asked[0].videos) == 4
    assert sorted(posted_names(context.connection.sandbox_server)) == [
        f"Spring sale: Product {i}" for i in (1, 2, 4, 5)
    ]
    close(dialog, window)


def test_a_missing_column_blocks_with_a_sentence(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    csv = write_csv(tmp_path / "rows.csv", [("Kettle", "Leeds", "red")], header="product,town,colour")
    dialog, _ = open_dialog(qtbot, window, context)
    load(qtbot, dialog, csv)
    problem = dialog.problem.text()
    assert dialog.problem.isVisible() and "{{city}}" in problem and "no column" in problem
    assert "“colour”" in dialog.notes.text() and "“town”" in dialog.notes.text()  # unused columns: a note
    assert dialog.rows_model.rowCount() == 0
    assert not dialog.render_button.isEnabled() and not dialog.save_button.isEnabled()
    assert context.connection.sandbox_server.requests_for("render") == []
    close(dialog, window)


def test_a_csv_that_cannot_be_read_says_why_and_changes_nothing(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    before = window.document.storyboard
    good = write_csv(tmp_path / "rows.csv", products(3))
    dialog, _ = open_dialog(qtbot, window, context)
    load(qtbot, dialog, good)
    broken = tmp_path / "photo.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    load(qtbot, dialog, broken)
    assert dialog.problem.isVisible() and "not a text file" in dialog.problem.text()
    assert dialog.rows_model.rowCount() == 3 and dialog.loaded is not None and dialog.loaded.path == good
    load(qtbot, dialog, tmp_path / "gone.csv")
    assert "does not exist" in dialog.problem.text()
    assert window.document.storyboard is before and not window.document.is_modified
    close(dialog, window)


def test_save_storyboards_writes_one_file_per_row(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    dialog, _ = open_dialog(qtbot, window, context)
    load(qtbot, dialog, write_csv(tmp_path / "rows.csv", products(3)))
    folder = tmp_path / "out"
    assert dialog.save_into(folder)
    assert sorted(p.name for p in folder.iterdir()) == [f"Spring sale Product {i}.json" for i in (1, 2, 3)]
    body = json.loads((folder / "Spring sale Product 2.json").read_text("utf-8"))
    assert body["scenes"][0]["story"] == "Meet Product 2, now in our Leeds shop."
    close(dialog, window)


def test_a_failed_post_leaves_the_others_sent_and_that_row_reported_never_resent(
    qtbot,
    make_context,  # noqa: F811
    template_file,
    tmp_path,
):
    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    server = context.connection.sandbox_server
    server.faults.add(Fault(route="render", kind="status", status=500, times=1))  # the first row's POST
    csv = write_csv(tmp_path / "rows.csv", products(6))
    dialog, _ = open_dialog(qtbot, window, context)
    load(qtbot, dialog, csv)
    render_and_wait(qtbot, dialog)

    assert len(server.requests_for("render")) == 6  # every row once, the failed one included
    qtbot.waitUntil(lambda: status_texts(dialog)[0].startswith("Not confirmed"), timeout=5000)
    assert all(s.startswith("Sent · ") for s in status_texts(dialog)[1:])
    assert "1 video could not be sent" in dialog.message.text()
    assert not dialog.render_button.isEnabled()  # the one that failed may have started: never resent

    again, _ = open_dialog(qtbot, window, context)  # opened again later: still not offered
    load(qtbot, again, csv)
    assert status_texts(again)[0].startswith("Not confirmed") and not again.render_button.isEnabled()
    assert len(server.requests_for("render")) == 6
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.batch_summary(r) is not None)
    assert "1 not confirmed" in panel.model.index(row, STATUS).data()
    again.close()
    close(dialog, window)


def test_a_ten_megabyte_csv_is_read_without_freezing_the_window(qtbot, make_context, template_file, tmp_path):  # noqa: F811
    from .jobs_fixtures import GapMeter

    context = make_context(sandbox=True)
    window = open_window(qtbot, context, template_file)
    notes = "x" * 950  # an unused, wide column: 10,000 rows of ~1 KB, just under the 10 MB limit
    csv = tmp_path / "big.csv"
    csv.write_text(
        "product,city,notes\n" + "".join(f"Product {i},Leeds,{notes}\n" for i in range(1, 10_001)), encoding="utf-8"
    )
    assert 9_000_000 < csv.stat().st_size <= 10 * 1024 * 1024
    dialog, _ = open_dialog(qtbot, window, context)
    meter = GapMeter()
    meter.start()
    with qtbot.waitSignal(dialog.loader.loaded, timeout=60_000) as loaded:
        dialog.load_csv(csv)
    longest = meter.stop()
    batch = loaded.args[0]
    print(
        f"\n10 MB CSV: read and planned in {batch.seconds:.2f} s off the GUI thread; longest GUI stall {longest * 1000:.0f} ms"
    )
    assert len(batch.plan.rows) == 10_000
    assert longest < 0.25, f"the window stalled for {longest * 1000:.0f} ms while the CSV was read"
    close(dialog, window)


def test_a_batch_over_the_monthly_limit_is_refused_as_a_whole_and_no_row_is_sent(
    qtbot,
    make_context,  # noqa: F811
    template_file,
    tmp_path,
):
    from decimal import Decimal

    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(2))
    window = open_window(qtbot, context, template_file)
    server = context.connection.sandbox_server
    server.account.record_transaction("debit", Decimal("0.5"), source="Text-to-Image", description="earlier")
    dialog, asked = open_dialog(qtbot, window, context)
    load(qtbot, dialog, write_csv(tmp_path / "rows.csv", products(5)))  # 5 × 0.6 = 3 credits, 1.5 left
    qtbot.mouseClick(dialog.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "monthly limit" in dialog.message.text(), timeout=10_000)
    assert "These 5 videos would cost 3 AI credits" in dialog.message.text()
    assert asked == [] and server.requests_for("render") == []  # refused before the confirmation: nothing sent
    assert len(server.requests_for("usage")) == 1  # Pictory's own record of the month was read

    context.settings.set("monthly_credit_limit", Decimal(10))
    render_and_wait(qtbot, dialog)  # under the limit: asked once, with what the batch leaves of it
    assert len(asked) == 1 and "of your monthly limit of 10 credits will be left" in (asked[0].monthly_limit or "")
    assert len(server.requests_for("render")) == 5
    close(dialog, window)
