"""watch_job: outcomes, transient errors, cancel, deadline; with a scripted reader and a virtual clock."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import pytest

from pictory_desktop.api.errors import (
    BadResponse,
    Cancelled,
    JobNotFound,
    NetworkError,
    PictoryError,
    RateLimited,
    ServerError,
    Unauthorized,
)
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobFailed, JobInProgress, JobStatus
from pictory_desktop.api.watch import WatchEnd, watch_job


class ScriptedReader:
    """Answers job() from a script; the last entry repeats. Counts calls; never has a render method."""

    def __init__(self, script: Iterable[JobStatus | PictoryError]) -> None:
        self.script = list(script)
        self.calls: list[str] = []

    def job(self, job_id: str) -> JobStatus:
        self.calls.append(job_id)
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, PictoryError):
            raise item
        return item


class VirtualTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return False


def run(reader: ScriptedReader, schedule: PollSchedule | None = None, cancel: threading.Event | None = None):
    time_ = VirtualTime()
    seen: list[JobStatus] = []
    errors: list[PictoryError] = []
    outcome = watch_job(
        reader,
        "job-1",
        schedule or PollSchedule(),
        on_status=seen.append,
        on_error=errors.append,
        cancel=cancel or threading.Event(),
        clock=time_.clock,
        wait=time_.wait,
    )
    return outcome, seen, errors, time_


def test_completes_and_reports_every_status() -> None:
    done = JobCompleted("job-1", "https://cdn/v.mp4")
    reader = ScriptedReader([JobInProgress("job-1"), JobInProgress("job-1", 30), JobInProgress("job-1", 70), done])
    outcome, seen, errors, time_ = run(reader)
    assert outcome.end is WatchEnd.COMPLETED and outcome.completed == done
    assert seen[-1] == done and len(seen) == 4 and errors == []
    assert outcome.polls == 4 and outcome.user_message == "Your video is ready."
    assert all(wait >= 10 for wait in time_.waits)


def test_failed_job_ends_with_its_reason() -> None:
    failed = JobFailed("job-1", "INSUFFICIENT_CREDITS", "Not enough credits")
    outcome, *_ = run(ScriptedReader([JobInProgress("job-1"), failed]))
    assert outcome.end is WatchEnd.FAILED and outcome.status == failed
    assert "too few AI credits" in outcome.user_message


def test_transient_errors_keep_watching_with_backoff() -> None:
    reader = ScriptedReader(
        [
            NetworkError(),
            ServerError(status=502),
            RateLimited(retry_after=90),
            BadResponse(),
            JobCompleted("job-1", "https://cdn/v.mp4"),
        ]
    )
    outcome, seen, errors, time_ = run(reader)
    assert outcome.end is WatchEnd.COMPLETED
    assert [type(e) for e in errors] == [NetworkError, ServerError, RateLimited, BadResponse]
    assert time_.waits == [10.0, 10.0, 20.0, 90.0, 60.0]  # doubling, Retry-After, cap 60


@pytest.mark.parametrize("error", [Unauthorized(), JobNotFound()])
def test_errors_that_will_not_go_away_end_the_watch(error: PictoryError) -> None:
    outcome, seen, errors, _ = run(ScriptedReader([JobInProgress("job-1"), error]))
    assert outcome.end is WatchEnd.ERROR and outcome.error is error
    assert outcome.user_message == error.user_message
    assert outcome.status == JobInProgress("job-1")  # the last thing we knew is kept


def test_deadline_means_still_rendering_not_failed() -> None:
    reader = ScriptedReader([JobInProgress("job-1", 5)])
    outcome, seen, _, time_ = run(reader, PollSchedule(deadline=300))
    assert outcome.end is WatchEnd.STILL_RENDERING
    assert "still rendering" in outcome.user_message and "Jobs list" in outcome.user_message
    assert time_.now - 1000.0 == pytest.approx(300.0)


def test_deadline_during_an_outage_is_still_rendering() -> None:
    outcome, *_ = run(ScriptedReader([NetworkError()]), PollSchedule(deadline=200))
    assert outcome.end is WatchEnd.STILL_RENDERING


def test_cancel_before_the_first_poll_sends_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    reader = ScriptedReader([JobInProgress("job-1")])
    outcome, *_ = run(reader, cancel=cancel)
    assert outcome.end is WatchEnd.CANCELLED and reader.calls == []


def test_cancel_interrupts_a_real_wait_at_once() -> None:
    cancel = threading.Event()
    reader = ScriptedReader([JobInProgress("job-1")])
    threading.Timer(0.1, cancel.set).start()
    outcome = watch_job(reader, "job-1", PollSchedule(), on_status=lambda s: None, cancel=cancel)
    assert outcome.end is WatchEnd.CANCELLED and reader.calls == []
    assert "may still finish" in outcome.user_message


def test_client_cancelled_mid_request_is_cancelled() -> None:
    outcome, *_ = run(ScriptedReader([Cancelled()]))
    assert outcome.end is WatchEnd.CANCELLED


def test_fast_loopback_schedule_really_runs() -> None:
    statuses = [JobInProgress("job-1")] * 2 + [JobInProgress("job-1", 50), JobCompleted("job-1", "u")]
    reader = ScriptedReader(statuses)
    schedule = PollSchedule(interval=0.01, max_interval=0.02, min_interval=0.01, loopback=True)
    outcome = watch_job(reader, "job-1", schedule, on_status=lambda s: None, cancel=threading.Event())
    assert outcome.end is WatchEnd.COMPLETED and len(reader.calls) == 4
