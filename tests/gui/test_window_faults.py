"""The app's own job, balance and download paths under server and network faults (real HTTP to the sandbox).

For each fault the expected outcome is written in the table: watching goes on and the job completes, or it
ends in a clear state with a sentence for the user; the render is sent once; the job stays in the history
and can be watched again; and the GUI thread never stalls. The clients' retry waits are recorded (the
``backoffs`` fixture) rather than slept, and checked: the window retries on the same backoff as the CLI.
"""

# ruff: noqa: F811  (pytest fixtures imported from jobs_fixtures are "redefined" as test parameters)
from __future__ import annotations

from pathlib import Path

import pytest

from pictory_desktop.store import job_text
from tests.robustness.faults import make_fault
from tests.robustness.reliability_rows import ROWS

from .jobs_fixtures import GapMeter, fast_sandbox_factory, make_context, qt_messages  # noqa: F401
from .test_job_controller import submit_and_wait

pytestmark = pytest.mark.gui

MAX_GUI_STALL = 0.25  # seconds; the user would notice a frozen window long before a second
# What a client waits before each retry of a GET that failed with the fault, as far as the first two:
# doubling from 1 s, or what Retry-After said. Unreadable answers are not retried by the client (the watch's
# own schedule asks again).
RETRIED = {"500": [1, 2], "502-html": [1, 2], "429": [1, 2], "429-retry-after": [2, 2], "drop": [1, 2],
           "cut-mid-response": [1, 2]}  # fmt: skip


@pytest.mark.parametrize(
    "fault_id",
    ["500", "502-html", "429", "429-retry-after", "drop", "cut-mid-response", "truncated-json", "non-json",
     "html-page", "wrong-shape"],
)  # fmt: skip
@pytest.mark.reliability_row("window-job-transient")
def test_transient_job_faults_keep_watching_until_the_job_completes(
    qtbot, make_context, backoffs, qt_messages, fault_id
):
    assert ROWS["window-job-transient"]
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.3, render=0.8))
    server = context.connection.sandbox_server
    server.faults.add(make_fault("job", fault_id, times=2))
    meter = GapMeter()
    meter.start()
    job_id = submit_and_wait(qtbot, context)
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status == "completed", timeout=20_000)
    assert meter.stop() < MAX_GUI_STALL
    assert len(server.requests_for("render")) == 1
    assert len(server.requests_for("job")) >= 3  # the two faulty answers, then the real ones
    assert backoffs.delays == RETRIED.get(fault_id, [])
    assert context.job_store.get(job_id).video_url
    assert [m for m in qt_messages if "QThread" in m] == []


@pytest.mark.parametrize(
    ("fault_id", "expected_status", "expected_words"),
    [
        ("not-found", None, "does not know this job"),
        ("success-false", "failed", "did not say why"),
    ],
)
@pytest.mark.reliability_row("window-job-ending")
def test_faults_that_end_watching_leave_a_clear_state_and_the_job_can_be_watched_again(
    qtbot, make_context, fault_id, expected_status, expected_words
):
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.3, render=0.8))
    server = context.connection.sandbox_server
    server.faults.add(make_fault("job", fault_id, times=1))
    job_id = submit_and_wait(qtbot, context)
    qtbot.waitUntil(lambda: not context.jobs.is_watching(job_id), timeout=10_000)
    record = context.job_store.get(job_id)
    assert record is not None  # still in the history
    # What the Renders panel shows for the job.
    explanation = " ".join(filter(None, [context.jobs.problem(job_id), job_text.failure_explanation(record)]))
    assert explanation, "the user must be told why watching stopped"
    if expected_status:
        assert record.status == expected_status
    if expected_words:
        assert expected_words in explanation.lower()
    if fault_id == "success-false":
        assert ROWS["window-job-ending"].quote in explanation
    # The fault was a single bad answer: watching again follows the real job to its end.
    server.faults.clear()
    context.jobs.watch(job_id)
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status in ("completed", "failed"), timeout=10_000)
    assert len(server.requests_for("render")) == 1


@pytest.mark.reliability_row("window-balance-faults")
@pytest.mark.parametrize("fault_id", ["500", "502-html", "drop", "cut-mid-response"])
def test_a_transient_balance_fault_is_retried_and_the_balance_still_arrives(qtbot, make_context, backoffs, fault_id):
    assert ROWS["window-balance-faults"]
    context = make_context(sandbox=True)
    server = context.connection.sandbox_server
    server.faults.add(make_fault("quota", fault_id, times=1))
    meter = GapMeter()
    meter.start()
    with qtbot.waitSignal(context.connection.balanceChanged, timeout=15_000) as blocker:
        context.connection.refresh_balance()
    assert blocker.args[0] is not None and blocker.args[0].balance > 0
    assert meter.stop() < MAX_GUI_STALL
    assert len(server.requests_for("quota")) >= 2
    assert backoffs.delays == [1]  # a balance gets one retry, after a second


@pytest.mark.reliability_row("window-balance-faults")
@pytest.mark.parametrize("fault_id", ["non-json", "wrong-shape", "html-page"])
def test_an_unreadable_balance_is_explained_and_the_next_refresh_works(qtbot, make_context, fault_id):
    # A body that is not the balance is not retried within one refresh; the user is told, and the
    # next refresh (after the next render, or from Settings) shows the balance again.
    context = make_context(sandbox=True)
    context.connection.sandbox_server.faults.add(make_fault("quota", fault_id, times=1))
    with qtbot.waitSignal(context.connection.balanceFailed, timeout=15_000) as failed:
        context.connection.refresh_balance()
    assert failed.args[0].endswith(".") and len(failed.args[0]) > 20
    with qtbot.waitSignal(context.connection.balanceChanged, timeout=15_000) as blocker:
        context.connection.refresh_balance()
    assert blocker.args[0] is not None and blocker.args[0].balance > 0


def test_a_balance_that_keeps_failing_is_explained_and_nothing_else_breaks(qtbot, make_context, backoffs):
    context = make_context(sandbox=True)
    context.connection.sandbox_server.faults.add(make_fault("quota", "500", times=None))
    with qtbot.waitSignal(context.connection.balanceFailed, timeout=30_000) as blocker:
        context.connection.refresh_balance()
    assert "error 500" in blocker.args[0] or "problem" in blocker.args[0].lower()
    assert backoffs.delays == [1]  # one retry, then the user is told
    context.connection.sandbox_server.faults.clear()
    job_id = submit_and_wait(qtbot, context)  # rendering still works
    assert job_id


@pytest.mark.parametrize("fault_id", ["500", "502-html", "drop", "cut-mid-response", "html-page"])
@pytest.mark.reliability_row("window-download-faults")
def test_a_failed_download_leaves_no_file_says_why_and_can_be_done_again(qtbot, make_context, backoffs, fault_id):
    assert ROWS["window-download-faults"]
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(queue=0.2, render=0.4))
    server = context.connection.sandbox_server
    job_id = submit_and_wait(qtbot, context)
    qtbot.waitUntil(lambda: context.job_store.get(job_id).status == "completed", timeout=10_000)
    folder = Path(context.settings.get("download_dir"))
    server.faults.add(make_fault("download", fault_id, times=None))
    with qtbot.waitSignal(context.jobs.downloadFailed, timeout=30_000) as blocker:
        context.jobs.download(job_id)
    assert blocker.args[0] == job_id and blocker.args[1]  # a sentence for the user
    # Four attempts 1, 2 and 4 s apart, as the CLI makes; a web page instead of the video is not retried.
    assert backoffs.delays == ([] if fault_id == "html-page" else [1, 2, 4])
    assert not folder.exists() or list(folder.iterdir()) == []  # nothing under the final name, no temp file
    server.faults.clear()
    with qtbot.waitSignal(context.jobs.downloadFinished, timeout=15_000) as done:
        context.jobs.download(job_id)
    assert Path(done.args[1]).stat().st_size > 0
