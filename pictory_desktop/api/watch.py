"""Follow one job until it ends, plain Python: the CLI calls it directly, Qt workers call it in a thread.

It only ever reads (GET /v1/jobs/{id}); it never re-sends the render, whatever happens.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .errors import (
    BadResponse,
    Cancelled,
    NetworkError,
    PictoryError,
    RateLimited,
    ServerError,
)
from .parsing import failure_sentence
from .poll import PollSchedule
from .results import JobCompleted, JobFailed, JobStatus

# Errors worth waiting out; anything else (Unauthorized, JobNotFound, RequestRejected…) ends the watch,
# since asking again would get the same answer.
TRANSIENT_ERRORS = (NetworkError, ServerError, RateLimited, BadResponse)


class JobReader(Protocol):
    def job(self, job_id: str) -> JobStatus: ...


class WatchEnd(enum.Enum):
    COMPLETED = "completed"
    FAILED = "failed"
    STILL_RENDERING = "stopped_watching_still_rendering"
    CANCELLED = "cancelled"
    ERROR = "error"


@dataclass(frozen=True)
class WatchOutcome:
    end: WatchEnd
    job_id: str
    status: JobStatus | None = None  # the last status seen, if any
    error: PictoryError | None = None  # set when end is ERROR
    polls: int = 0

    @property
    def completed(self) -> JobCompleted | None:
        return self.status if isinstance(self.status, JobCompleted) else None

    @property
    def user_message(self) -> str:
        if self.end is WatchEnd.COMPLETED:
            return "Your video is ready."
        if self.end is WatchEnd.FAILED and isinstance(self.status, JobFailed):
            return failure_sentence(self.status)
        if self.end is WatchEnd.STILL_RENDERING:
            return (
                "Pictory is still rendering this video; the app stopped checking for now. "
                "Nothing was lost: open the Jobs list later to see it and download it."
            )
        if self.end is WatchEnd.CANCELLED:
            return "The app stopped following this job. Pictory may still finish it; you can find it in the Jobs list."
        return self.error.user_message if self.error else "Following the job stopped unexpectedly."


def watch_job(
    client: JobReader,
    job_id: str,
    schedule: PollSchedule,
    *,
    on_status: Callable[[JobStatus], None],
    cancel: threading.Event,
    clock: Callable[[], float] = time.monotonic,
    wait: Callable[[float], object] | None = None,
    on_error: Callable[[PictoryError], None] | None = None,
) -> WatchOutcome:
    """Poll ``job_id`` on ``schedule`` until it completes, fails, the deadline passes, or ``cancel`` is set.

    ``wait(seconds)`` defaults to ``cancel.wait`` so Cancel and Quit interrupt a wait at once.
    """
    wait = wait if wait is not None else cancel.wait
    delay = schedule.first_delay(clock())
    last: JobStatus | None = None
    # Bounded even if a fake clock never advances: the deadline in polls at the shortest allowed gap.
    max_polls = int(schedule.deadline / max(schedule.min_interval, 0.01)) + 1000
    for polls in range(max_polls):
        if wait(delay) is True or cancel.is_set():
            return WatchOutcome(WatchEnd.CANCELLED, job_id, last, polls=polls)
        try:
            status = client.job(job_id)
        except Cancelled:
            return WatchOutcome(WatchEnd.CANCELLED, job_id, last, polls=polls + 1)
        except TRANSIENT_ERRORS as error:
            if on_error is not None:
                on_error(error)
            now = clock()
            if schedule.expired(now):
                return WatchOutcome(WatchEnd.STILL_RENDERING, job_id, last, error, polls + 1)
            delay = schedule.after_error(error, now)
            continue
        except PictoryError as error:
            return WatchOutcome(WatchEnd.ERROR, job_id, last, error, polls + 1)
        last = status
        on_status(status)
        if isinstance(status, JobCompleted):
            return WatchOutcome(WatchEnd.COMPLETED, job_id, status, polls=polls + 1)
        if isinstance(status, JobFailed):
            return WatchOutcome(WatchEnd.FAILED, job_id, status, polls=polls + 1)
        now = clock()
        if schedule.expired(now):
            return WatchOutcome(WatchEnd.STILL_RENDERING, job_id, status, polls=polls + 1)
        delay = schedule.after_status(status, now)
    return WatchOutcome(WatchEnd.STILL_RENDERING, job_id, last, polls=max_polls)
