# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""The Jobs panel as a marketer uses it, against a real sandbox and job history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableView

from pictory_desktop.qt.context import AppContext
from pictory_desktop.qt.jobs_model import PROGRESS, STATUS, JobsModel, ProgressRole
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.ui import file_dialogs
from pictory_desktop.ui.jobs_panel import JobsPanel
from tests.robustness.faults import make_fault
from tests.timing import SandboxClock

from .jobs_fixtures import BODY, fast_sandbox_factory, make_context, render_request  # noqa: F401

pytestmark = pytest.mark.gui


def submit(qtbot, context) -> str:
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000) as blocker:
        context.jobs.submit(render_request(BODY))
    return blocker.args[0]


class RecordingJobsPanel(JobsPanel):
    """The real panel, except that what it would hand the system to open, or play in the app's player, is
    recorded instead; ``system_opens`` says whether the system manages to open it, ``plays_in_app`` whether
    this computer can play video inside the app (tests/gui/test_video_player.py plays it for real)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.opened: list[QUrl] = []
        self.played: list[Path | QUrl] = []
        self.system_opens = True
        self.plays_in_app = True
        self.open_url = self._record
        self.play_video = self._play

    def _record(self, url: QUrl) -> bool:
        self.opened.append(url)
        return self.system_opens

    def _play(self, source: Path | QUrl, _title: str) -> bool:
        self.played.append(source)
        return self.plays_in_app


def make_panel(qtbot, context) -> RecordingJobsPanel:
    panel = RecordingJobsPanel(context)
    qtbot.addWidget(panel)
    panel.resize(900, 420)
    panel.show()
    return panel


def test_jobs_model_passes_the_model_tester(qtbot, qtmodeltester, make_context):
    context = make_context(sandbox=True)
    store = context.job_store
    store.add(
        JobRecord.new("done-1", "Old video", Decimal(2), False, status="completed", video_url="http://127.0.0.1/x")
    )
    store.add(JobRecord.new("fail-1", "Broken", Decimal(1), True, status="failed", error_message="Boom."))
    model = JobsModel(context.jobs)
    qtmodeltester.check(model)
    submit(qtbot, context)
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=3000)
    qtmodeltester.check(model)


def test_progress_then_ready_then_download_with_progress(qtbot, make_context, tmp_path):
    clock = SandboxClock()  # the render moves on when the test says: half way, then to the end
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.2, render=1.5, clock=clock))
    panel = make_panel(qtbot, context)
    view = panel.findChild(QTableView, "jobsView")
    assert view is not None and view is panel.view and view.accessibleName() == "jobsView"
    assert not panel.empty_hint.isHidden()
    job_id = submit(qtbot, context)
    selected = panel.selected_record()
    assert selected is not None and selected.job_id == job_id  # the new job is selected
    model = panel.model
    clock.advance(0.2 + 0.75)
    qtbot.waitUntil(lambda: (model.index(0, PROGRESS).data(ProgressRole) or 0) > 0, timeout=5000)
    assert model.index(0, STATUS).data() == "Rendering"
    assert "%" in model.index(0, PROGRESS).data()
    assert panel.stop_button.isEnabled() and not panel.download_button.isEnabled()

    clock.advance(1.5)
    qtbot.waitUntil(lambda: model.index(0, STATUS).data() == "Ready", timeout=8000)
    assert panel.download_button.isEnabled() and panel.open_button.isEnabled() and panel.copy_button.isEnabled()
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == context.job_store.get(job_id).share_url

    folder = tmp_path / "Chosen folder"
    panel.set_download_folder(folder)
    context.connection.sandbox_server.cdn_payload_bytes = 4 * 1024 * 1024
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=10000):
        panel.download_button.click()
        assert not panel.download_bar.isHidden() and not panel.cancel_download_button.isHidden()
    saved = Path(context.job_store.get(job_id).download_path)
    assert saved.parent == folder and saved.stat().st_size == 4 * 1024 * 1024
    assert panel.download_bar.isHidden()
    assert model.index(0, STATUS).data() == "Downloaded"
    assert str(saved) in panel.message.text()
    panel.open_button.click()  # plays in the app's player
    panel.folder_button.click()
    assert panel.played == [saved]
    # No file manager answers on the test's bus to select the video, so the folder opens (once it said no).
    qtbot.waitUntil(lambda: [url.toLocalFile() for url in panel.opened] == [str(folder)], timeout=5000)


def test_cancel_download_leaves_no_file(qtbot, make_context, tmp_path):
    context = make_context(sandbox=True)
    panel = make_panel(qtbot, context)
    job_id = submit(qtbot, context)
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status == "completed", timeout=8000)
    context.connection.sandbox_server.cdn_payload_bytes = 300 * 1024 * 1024
    panel.set_download_folder(tmp_path / "dl")
    panel.download_button.click()
    qtbot.waitUntil(lambda: (context.jobs.download_progress(job_id) or (0, 0))[0] > 0, timeout=5000)
    panel.cancel_download_button.click()
    assert panel.download_bar.isHidden() and "cancelled" in panel.message.text()
    qtbot.wait(300)
    assert list((tmp_path / "dl").iterdir()) == []
    assert context.job_store.get(job_id).download_path is None


def test_failed_job_shows_pictorys_reason_and_what_to_do(qtbot, make_context):
    context = make_context(sandbox=True)
    context.connection.sandbox_server.faults.add(
        Fault(
            route="job",
            kind="job_failed",
            error_code="INSUFFICIENT_CREDITS",
            error_message="Not enough AI credits to generate the visuals",
        )
    )
    panel = make_panel(qtbot, context)
    job_id = submit(qtbot, context)
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status == "failed", timeout=5000)
    text = panel.explanation.text()
    assert "Not enough AI credits to generate the visuals." in text
    assert "Buy more credits" in text and "nothing was charged" in text
    assert panel.model.index(0, STATUS).data() == "Failed"


def test_stop_and_watch_again_from_the_panel(qtbot, make_context):
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.5, render=1.5))
    panel = make_panel(qtbot, context)
    job_id = submit(qtbot, context)
    panel.stop_button.click()
    assert not context.jobs.is_watching(job_id)
    assert "not following" in panel.explanation.text() and panel.watch_button.isEnabled()
    panel.watch_button.click()
    assert context.jobs.is_watching(job_id) and not panel.watch_button.isEnabled()
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status == "completed", timeout=8000)


def test_unconfirmed_render_is_listed_with_what_to_do(qtbot, make_context):
    context = make_context(sandbox=True)
    context.connection.sandbox_server.faults.add(Fault(route="render", kind="drop"))
    panel = make_panel(qtbot, context)
    with qtbot.waitSignal(context.jobs.submitFailed, timeout=5000):
        context.jobs.submit(render_request(BODY))
    assert "Jobs list" in panel.message.text()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    panel.view.selectRow(0)
    assert panel.model.index(0, STATUS).data() == "Not confirmed"
    assert "not charged twice" in panel.explanation.text() and not panel.watch_button.isEnabled()


def test_a_video_the_system_cannot_open_is_explained_and_its_path_offered(qtbot, make_context, tmp_path, monkeypatch):
    """Issue 11, item 4: Open video and Open folder did nothing when the system could not open the file.
    Open video plays in the app's player first; this is the fallback, on a computer where it cannot."""
    context = make_context(sandbox=True)
    panel = make_panel(qtbot, context)
    job_id = submit(qtbot, context)
    qtbot.waitUntil(lambda: panel.download_button.isEnabled(), timeout=10_000)
    panel.set_download_folder(tmp_path)
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=10_000):
        panel.download_button.click()
    saved = context.job_store.get(job_id).download_path
    offers: list[tuple[str, str]] = []
    monkeypatch.setattr(file_dialogs, "offer_copy", lambda _p, title, message: offers.append((title, message)) or True)
    panel.system_opens = False
    panel.plays_in_app = False
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert offers and offers[0][0] == "Could not open the video" and str(saved) in offers[0][1]
    assert QGuiApplication.clipboard().text() == saved and "path was copied" in panel.message.text()
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(offers) == 2, timeout=5000)  # once no file manager answered to select it
    assert offers[1][0] == "Could not open the folder" and str(tmp_path) in offers[1][1]


def test_where_a_user_looks_for_cancel_the_panel_says_a_render_cannot_be_cancelled(qtbot, make_context):
    """Issue 11, item 11: 'Cancel' was looked for and not found."""
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.5, render=3.0))
    panel = make_panel(qtbot, context)
    submit(qtbot, context)
    assert "cannot be cancelled" in panel.explanation.text() and "charged" in panel.explanation.text()
    assert "cannot be cancelled" in panel.stop_button.toolTip()


@pytest.mark.parametrize(
    ("fault", "created"),
    [(Fault(route="render", kind="truncated"), True), (Fault(route="render", kind="drop"), False)],
    ids=["answer-cut-after-pictory-took-it", "dropped-before-pictory-took-it"],
)
def test_a_render_whose_answer_was_lost_is_looked_for_and_can_be_followed(qtbot, make_context, fault, created):
    """Issue 11, item 8: the app now does the checking it asks for; it never sends the render again."""
    context = make_context(sandbox=True)
    context.jobs.lookup_delay = 0  # the app waits 3 s before it looks; the test need not
    server = context.connection.sandbox_server
    panel = make_panel(qtbot, context)
    server.faults.add(fault)
    with qtbot.waitSignal(context.jobs.submitFailed, timeout=5000):
        context.jobs.submit(render_request(BODY))
    qtbot.waitUntil(lambda: len(server.requests_for("jobs")) == 1 and not panel.find_button.isHidden(), timeout=5000)
    local = panel.selected_record()
    assert local is not None and local.job_id.startswith("unconfirmed-")
    qtbot.waitUntil(lambda: not context.jobs.is_looking_for(local.job_id), timeout=5000)
    panel._update_details()
    assert len(server.requests_for("render")) == 1  # looking is a GET: nothing was sent again
    if not created:
        assert "probably did not start" in panel.explanation.text() and panel.follow_button.isHidden()
        return
    assert "Pictory did receive" in panel.explanation.text() and not panel.follow_button.isHidden()
    (pictory_job,) = server.account.job_ids_newest_first()
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000):
        qtbot.mouseClick(panel.follow_button, Qt.MouseButton.LeftButton)
    assert context.job_store.get(local.job_id) is None
    followed = context.job_store.get(pictory_job)
    assert followed is not None and context.jobs.is_watching(pictory_job)
    selected = panel.selected_record()
    assert selected is not None and selected.job_id == pictory_job
    qtbot.waitUntil(lambda: getattr(context.job_store.get(pictory_job), "status", None) == "completed", timeout=10_000)
    assert len(server.requests_for("render")) == 1


@pytest.mark.parametrize("fault_id", ["500", "429", "drop", "cut-mid-response", "wrong-shape", "non-json"])
def test_a_failed_look_for_a_lost_render_says_so_and_changes_nothing(qtbot, make_context, fault_id):
    """The job-list GET gets the same fault cases as every other request: a clear sentence, nothing resent."""
    context = make_context(sandbox=True)
    context.jobs.lookup_delay = 0  # the app waits 3 s before it looks; the test need not
    server = context.connection.sandbox_server
    panel = make_panel(qtbot, context)
    server.faults.add(Fault(route="render", kind="truncated"))
    lookup_fault = make_fault("jobs", fault_id, times=None)
    assert lookup_fault is not None
    server.faults.add(lookup_fault)
    with qtbot.waitSignal(context.jobs.submitFailed, timeout=5000):
        context.jobs.submit(render_request(BODY))
    local = panel.selected_record()
    assert local is not None
    qtbot.waitUntil(lambda: len(server.requests_for("jobs")) >= 1, timeout=5000)
    qtbot.waitUntil(lambda: not context.jobs.is_looking_for(local.job_id), timeout=10_000)
    panel._update_details()
    assert "could not look for this render" in panel.explanation.text()
    assert panel.follow_button.isHidden() and panel.find_button.isEnabled() and panel.find_button.text() == "Look again"
    assert len(server.requests_for("render")) == 1
    assert context.job_store.get(local.job_id) is not None  # the unconfirmed attempt stays on record


def test_a_job_s_storyboard_reopens_exactly_as_sent_and_a_job_can_be_removed(qtbot, make_context, guide_file, dialogs):
    """Issue 11: 'Open its storyboard' and 'remove a job from the history (not from Pictory)'."""
    from pictory_desktop.ui.main_window import MainWindow

    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    assert window.open_path(guide_file)
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000) as sent:
        context.jobs.submit(render_request())
    job_id = sent.args[0]
    qtbot.mouseClick(panel.storyboard_button, Qt.MouseButton.LeftButton)
    assert window.document.path is None
    assert window.document.storyboard.video_name == BODY["videoName"]
    assert [s.story for s in window.document.storyboard.scenes] == [s["story"] for s in BODY["scenes"]]
    qtbot.waitUntil(lambda: getattr(context.job_store.get(job_id), "status", None) == "completed", timeout=10_000)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert context.job_store.get(job_id) is None and context.job_store.body_of(job_id) is None
    assert panel.model.row_of(job_id) is None and "stays in your Pictory account" in panel.message.text()
    assert context.connection.sandbox_server.account.get(job_id) is not None  # Pictory's side is untouched


def test_a_message_about_one_job_goes_when_another_is_selected(qtbot, make_context, tmp_path):
    """Issue 11, item 16: 'The video link was copied' stayed next to other jobs."""
    store_context = make_context(sandbox=True)
    store = store_context.job_store
    for job_id, name in (("done-1", "First"), ("done-2", "Second")):
        store.add(JobRecord.new(job_id, name, Decimal(1), False, status="completed", video_url="http://127.0.0.1/x"))
    panel = make_panel(qtbot, store_context)
    panel.select_job("done-1")
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert panel.message.isVisibleTo(panel) and "link was copied" in panel.message.text()
    panel.select_job("done-2")
    assert not panel.message.isVisibleTo(panel)
