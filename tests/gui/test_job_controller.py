# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""JobController against a real local sandbox over HTTP, with a real SQLite job history."""

from __future__ import annotations

import gc
import json
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.qt.context import AppContext
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import UNCONFIRMED_PREFIX, JobStore
from tests.robustness.reliability_rows import ROWS
from tests.timing import SandboxClock

from .jobs_fixtures import (  # noqa: F401
    BODY,
    FAST_QUEUE,
    FAST_RENDER,
    GapMeter,
    fast_sandbox_factory,
    make_context,
    qt_messages,
    render_request,
    sandbox_server,
)
from .jobs_fixtures import wait_until as _wait

pytestmark = pytest.mark.gui


def submit(context: AppContext, body: dict[str, Any] | None = None) -> None:
    context.jobs.submit(render_request(body))


def submit_and_wait(qtbot: Any, context: AppContext) -> str:
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000) as blocker:
        submit(context)
    return blocker.args[0]


def test_the_controller_sends_the_request_body_without_the_app_s_own_data(qtbot, make_context):
    context = make_context(sandbox=True)
    project = {**BODY, "pictoryDesktop": {"dismissedAdvice": ["prompt-negative@scenes[0].story"], "schemaVersion": 1}}
    request = render_request(project)
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000):
        context.jobs.submit(request)
    (sent,) = context.connection.sandbox_server.requests_for("render")
    assert json.loads(sent.body) == BODY  # the storyboard as the user confirmed it, nothing of the app's
    record = context.job_store.list_recent()[0]
    assert (record.name, record.credits, record.scene_count) == ("Spring sale teaser", Decimal("0.6"), 2)


def test_submit_watch_complete_and_download_keeps_gui_responsive(qtbot, make_context, tmp_path):
    clock = SandboxClock()  # the render moves on when the test says: half way, then to the end
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(clock=clock))
    server = context.connection.sandbox_server
    server.cdn_payload_bytes = 6 * 1024 * 1024  # big enough for many progress steps
    meter = GapMeter()
    meter.start()
    job_id = submit_and_wait(qtbot, context)
    assert context.jobs.is_watching(job_id)
    seen: list[tuple[str, int | None, str | None]] = []
    context.jobs.jobUpdated.connect(
        lambda jid: seen.append((r.status, r.progress, r.message)) if (r := context.job_store.get(jid)) else None
    )
    clock.advance(FAST_QUEUE + FAST_RENDER / 2)
    _wait(qtbot, lambda: any(status == "in-progress" and progress for status, progress, _ in seen))
    clock.advance(FAST_RENDER)
    _wait(qtbot, lambda: context.job_store.get(job_id).status == "completed")
    assert not context.jobs.is_watching(job_id)
    assert any(status == "in-progress" and progress for status, progress, _ in seen), seen
    record = context.job_store.get(job_id)
    assert record.video_url and record.credits == Decimal("0.6") and not record.estimated
    assert record.charged == Decimal("0.6")  # what the sandbox reported as used, kept beside the estimate

    folder = tmp_path / "My videos"
    progress: list[tuple[int, int | None]] = []
    context.jobs.jobUpdated.connect(
        lambda jid: progress.append(p) if (p := context.jobs.download_progress(jid)) else None
    )
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=10000) as blocker:
        context.jobs.download(job_id, folder)
    gap = meter.stop()
    path = Path(blocker.args[1])
    assert path.parent == folder and path.name == "Spring sale teaser.mp4"
    data = path.read_bytes()
    assert len(data) == server.cdn_payload_bytes and data[4:8] == b"ftyp"  # a real MP4 header
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temp file left beside it
    assert len(progress) >= 3 and progress[-1][0] == progress[-1][1] == len(data)
    assert context.job_store.get(job_id).download_path == str(path)
    print(f"longest GUI event-loop gap: {gap * 1000:.1f} ms")
    assert gap < 0.25, f"the GUI thread was blocked for {gap * 1000:.0f} ms"
    # A second download never overwrites the first.
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=10000) as blocker:
        context.jobs.download(job_id, folder)
    assert Path(blocker.args[1]).name == "Spring sale teaser (2).mp4"


def test_stop_watching_acts_at_once_and_the_job_can_be_watched_again(qtbot, make_context):
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.5, render=1.5))
    job_id = submit_and_wait(qtbot, context)
    assert context.jobs.is_watching(job_id)
    started = time.perf_counter()
    context.jobs.stop_watching(job_id)
    assert time.perf_counter() - started < 0.05
    assert not context.jobs.is_watching(job_id)
    assert context.job_store.get(job_id).status == "stopped-watching"
    server = context.connection.sandbox_server
    polls_after_stop = len(server.requests_for("job"))
    qtbot.wait(300)
    assert len(server.requests_for("job")) <= polls_after_stop + 1  # at most the request already in flight
    assert context.job_store.get(job_id).status == "stopped-watching"  # late answers are ignored

    context.jobs.watch(job_id)
    assert context.jobs.is_watching(job_id)
    _wait(qtbot, lambda: context.job_store.get(job_id).status == "completed")


@pytest.mark.parametrize(
    "fault",
    [
        Fault(route="render", kind="status", status=500, body=b'{"message": "Internal Server Error"}'),
        Fault(route="render", kind="drop"),
        Fault(route="render", kind="truncated"),
    ],
    ids=["500", "drop", "truncated"],
)
@pytest.mark.reliability_row("window-render-post-fails")
def test_render_is_sent_once_and_the_user_is_told_to_check_jobs(qtbot, make_context, fault):
    context = make_context(sandbox=True)
    server = context.connection.sandbox_server
    server.faults.add(fault)
    with qtbot.waitSignal(context.jobs.submitFailed, timeout=10000) as blocker:
        submit(context)
    message = blocker.args[0]
    assert ROWS["window-render-post-fails"].quote in message
    assert "Jobs list" in message and "sent again" in message.lower() or "before sending it again" in message
    qtbot.wait(300)  # give any (wrong) resend time to arrive
    assert len(server.requests_for("render")) == 1
    unconfirmed = [r for r in context.job_store.list_recent() if r.job_id.startswith(UNCONFIRMED_PREFIX)]
    assert len(unconfirmed) == 1 and unconfirmed[0].status == "unknown"
    assert not context.jobs.is_submitting


def test_double_submit_is_refused_while_one_is_in_flight(qtbot, make_context):
    context = make_context(sandbox=True)
    server = context.connection.sandbox_server
    server.faults.add(Fault(route="render", kind="slow", delay=0.5))
    failures: list[str] = []
    context.jobs.submitFailed.connect(failures.append)
    with qtbot.waitSignal(context.jobs.submitted, timeout=5000):
        submit(context)
        submit(context)
    assert len(failures) == 1 and "already being sent" in failures[0]
    assert len(server.requests_for("render")) == 1


@pytest.mark.reliability_row("window-401-watching")
def test_401_while_watching_leads_to_the_key_settings(qtbot, make_context):
    # The job stays queued (its clock never moves) until the rejected key ends the watch.
    clock = SandboxClock()
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=1.0, render=1.0, clock=clock))
    job_id = submit_and_wait(qtbot, context)
    context.connection.sandbox_server.faults.add(Fault(route="job", kind="unauthorized", times=None))
    with qtbot.waitSignal(context.connection.authRequired, timeout=5000) as blocker:
        pass
    assert ROWS["window-401-watching"].quote in blocker.args[0] and "Settings" in blocker.args[0]
    assert not context.jobs.is_watching(job_id)
    assert context.job_store.get(job_id).status in ("submitted", "in-progress")  # resumable once the key works


def test_failed_job_keeps_pictorys_reason(qtbot, make_context):
    context = make_context(sandbox=True)
    context.connection.sandbox_server.faults.add(
        Fault(route="job", kind="job_failed", error_code="INSUFFICIENT_CREDITS", error_message="Not enough credits.")
    )
    job_id = submit_and_wait(qtbot, context)
    _wait(qtbot, lambda: context.job_store.get(job_id).status == "failed")
    record = context.job_store.get(job_id)
    assert record.error_code == "INSUFFICIENT_CREDITS" and record.error_message == "Not enough credits."


def test_unfinished_job_is_followed_again_after_a_restart(qtbot, make_context):
    clock = SandboxClock()  # one clock across the restart; the job finishes only when the test moves it
    slow = fast_sandbox_factory(queue=0.3, render=2.0, clock=clock)
    first = make_context(sandbox=True, sandbox_factory=slow)
    job_id = submit_and_wait(qtbot, first)
    clock.advance(1.0)
    _wait(qtbot, lambda: first.job_store.get(job_id).status == "in-progress")
    first.shutdown()  # the app quits while the job renders

    second = make_context(sandbox=True, sandbox_factory=slow)  # same home: same database and sandbox state
    assert second.job_store.get(job_id).status == "in-progress"
    second.jobs.resume_unfinished()
    assert second.jobs.is_watching(job_id)
    clock.advance(2.0)  # the rest of the render passes while the restarted app watches
    _wait(qtbot, lambda: second.job_store.get(job_id).status == "completed")
    assert second.job_store.get(job_id).video_url.startswith(second.connection.sandbox_server.cdn_base_url)


def test_resume_skips_jobs_of_another_server(qtbot, make_context, sandbox_server, monkeypatch):
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_realkey_0123456789")
    context = make_context(sandbox=False, api_base_url=sandbox_server.base_url)
    job_id = submit_and_wait(qtbot, context)
    context.jobs.stop_watching(job_id)
    context.job_store.update(job_id, status="in-progress")
    context.connection.use_sandbox()  # a sandbox must never poll a job that Pictory owns
    context.jobs.resume_unfinished()
    assert not context.jobs.is_watching(job_id)


@pytest.mark.reliability_row("window-quit-busy")
def test_shutdown_with_a_watch_and_a_download_in_flight_is_fast_and_clean(qtbot, make_context, qt_messages):
    context = make_context(sandbox=True)
    server = context.connection.sandbox_server
    done_id = submit_and_wait(qtbot, context)
    _wait(qtbot, lambda: context.job_store.get(done_id).status == "completed")
    server.cdn_payload_bytes = 200 * 1024 * 1024  # a download that cannot finish before the quit:
    server.cdn_bytes_per_second = 4 * 1024 * 1024  # on loopback it would otherwise finish in half a second
    context.jobs.download(done_id)
    _wait(qtbot, lambda: (context.jobs.download_progress(done_id) or (0, 0))[0] > 0)
    server.faults.add(Fault(route="job", kind="hang", times=None))  # and a watch stuck inside an HTTP call
    rendering_id = submit_and_wait(qtbot, context)
    assert context.jobs.is_watching(rendering_id)
    qtbot.wait(100)

    assert ROWS["window-quit-busy"]
    started = time.perf_counter()
    context.shutdown()
    took = time.perf_counter() - started
    gc.collect()
    qtbot.wait(50)
    print(f"shutdown took {took * 1000:.0f} ms")
    assert took < 1.0
    assert not [m for m in qt_messages if "QThread" in m or "Destroyed" in m], qt_messages
    download_dir = Path(context.settings.get("download_dir"))
    leftovers = list(download_dir.glob("*")) if download_dir.exists() else []
    assert leftovers == []  # the cancelled download left neither a file nor a temp file


def test_key_never_reaches_the_job_database(qtbot, make_context, sandbox_server, monkeypatch, pictory_home):
    key = "pictai_realkey_do_not_store_0123456789"
    monkeypatch.setenv("PICTORY_API_KEY", key)
    context = make_context(sandbox=False, api_base_url=sandbox_server.base_url)
    assert context.connection.mode == "pictory"
    job_id = submit_and_wait(qtbot, context)
    _wait(qtbot, lambda: context.job_store.get(job_id).status == "completed")
    assert sandbox_server.requests_for("render")[0].headers.get("Authorization") == key
    db = context.paths.jobs_db_file
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert key not in dump
    for path in pictory_home.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_job_history_survives_in_sqlite(qtbot, make_context):
    context = make_context(sandbox=True)
    job_id = submit_and_wait(qtbot, context)
    path = context.paths.jobs_db_file
    with JobStore(path) as other:
        assert other.get(job_id) is not None


def test_a_followed_render_counts_until_it_is_done(qtbot, make_context):
    """What the window asks about on Quit: renders still being followed."""
    context = make_context(sandbox=True)
    assert context.jobs.followed_renders() == 0
    job_id = submit_and_wait(qtbot, context)
    assert context.jobs.followed_renders() == 1
    _wait(qtbot, lambda: getattr(context.job_store.get(job_id), "status", None) == "completed")
    assert context.jobs.followed_renders() == 0


def test_the_balance_is_asked_again_when_a_render_finishes(qtbot, make_context):
    """Issue 11, item 5: the next confirmation showed the balance from before the render."""
    context = make_context(sandbox=True)
    server = context.connection.sandbox_server
    with qtbot.waitSignal(context.connection.balanceChanged, timeout=5000):
        context.connection.refresh_balance()
    before = context.connection.balance
    assert before is not None and before.credits_used == 0
    job_id = submit_and_wait(qtbot, context)
    asked = len(server.requests_for("quota"))
    with qtbot.waitSignal(context.connection.balanceChanged, timeout=10_000):
        _wait(qtbot, lambda: getattr(context.job_store.get(job_id), "status", None) == "completed")
    assert len(server.requests_for("quota")) > asked
    after = context.connection.balance
    assert after is not None and after.credits_used == Decimal("0.6")


def test_coming_back_to_the_window_asks_for_the_balance_at_most_every_30_seconds(qtbot, make_context):
    context = make_context(sandbox=True)
    connection = context.connection
    server = connection.sandbox_server
    now = [1000.0]
    connection.clock = lambda: now[0]
    assert not connection.refresh_balance_if_stale()  # nothing asked yet: start() asks first
    with qtbot.waitSignal(connection.balanceChanged, timeout=5000):
        connection.refresh_balance()
    asked = len(server.requests_for("quota"))
    now[0] += 5
    assert not connection.refresh_balance_if_stale()
    now[0] += 30
    with qtbot.waitSignal(connection.balanceChanged, timeout=5000):
        assert connection.refresh_balance_if_stale()
    assert len(server.requests_for("quota")) == asked + 1
