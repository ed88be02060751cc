# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""The Jobs panel as a marketer uses it, against a real sandbox and job history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableView

from pictory_desktop.qt.jobs_model import PROGRESS, STATUS, JobsModel, ProgressRole
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.ui.jobs_panel import JobsPanel
from tests.timing import SandboxClock

from .jobs_fixtures import BODY, fast_sandbox_factory, make_context  # noqa: F401

pytestmark = pytest.mark.gui


def submit(qtbot, context) -> str:
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000) as blocker:
        context.jobs.submit(
            BODY, name="Spring sale teaser", credits=Decimal("0.6"), estimated=False, scene_count=2, project_path=None
        )
    return blocker.args[0]


def make_panel(qtbot, context) -> JobsPanel:
    panel = JobsPanel(context)
    panel.opened = []
    panel.open_url = panel.opened.append
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
    assert view is panel.view and view.accessibleName() == "jobsView"
    assert not panel.empty_hint.isHidden()
    job_id = submit(qtbot, context)
    assert panel.selected_record().job_id == job_id  # the new job is selected
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
    panel.open_button.click()
    panel.folder_button.click()
    assert [url.toLocalFile() for url in panel.opened] == [str(saved), str(folder)]


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
        context.jobs.submit(
            BODY, name="Spring sale teaser", credits=Decimal("0.6"), estimated=False, scene_count=2, project_path=None
        )
    assert "Jobs list" in panel.message.text()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    panel.view.selectRow(0)
    assert panel.model.index(0, STATUS).data() == "Not confirmed"
    assert "not charged twice" in panel.explanation.text() and not panel.watch_button.isEnabled()
