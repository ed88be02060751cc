"""When to ask Pictory about a job next. Pure: no I/O, no sleeping, time is passed in.

Pictory asks for 10-30 s between polls, and renders take minutes. A fixed loop must choose between
wasting requests (5 s) and telling the user late (30 s). This schedule does both better:

- queued (no renderProgress yet): nothing can finish, so gaps grow from ``interval`` to ``max_interval``;
- rendering: renderProgress over time gives a rate, hence a predicted finish. Far from it we poll every
  ``max_interval``; near it we place one poll a little before (to refresh the rate over a short hop) and
  then one just after the predicted finish, so the app learns of completion within seconds;
- errors: doubling backoff up to ``error_max_interval``, never sooner than a server's Retry-After;
- ``deadline``: after it the caller stops watching and says the job is *still rendering* on Pictory.

Every delay is at least ``min_interval`` (10 s, Pictory's floor) unless the server is on this computer.
"""

from __future__ import annotations

import math

from .errors import PictoryError, RateLimited
from .results import JobCompleted, JobFailed, JobInProgress, JobStatus

PICTORY_MIN_INTERVAL = 10.0
MAX_RETRY_AFTER = 120.0


class PollSchedule:
    # Shape of the approach to a predicted finish, in units of min_interval (so loopback tests scale):
    _PENULTIMATE_LEAD = 1.0  # aim the second-to-last poll this far before the predicted finish
    _FINAL_HOP_LIMIT = 2.0  # jump straight to the predicted finish when it is at most this far away
    _MARGIN_BASE = 0.1  # poll this long after the predicted finish (a late poll costs less than early)
    _MARGIN_PER_SECOND = 0.06  # ... plus this share of the hop, as uncertainty grows with distance
    _APPROACH_FRACTION = 0.6  # a hop covers at most this share of the predicted remaining time
    _QUEUE_GROWTH = 1.5  # gap multiplier while nothing is happening yet
    _RECENT_WEIGHT = 0.7  # weight of the recent rate against the whole-phase average rate
    _STEP_EVIDENCE = 3  # distinct progress values that must share a divisor before it is taken as the step
    _RECENT_WINDOW = 3.0  # "recent" spans at least this many min_intervals: whole-number progress is
    # coarse (a 10-minute render moves ~2 points per 10 s), so one short hop would misjudge the rate

    def __init__(
        self,
        interval: float = 10,
        max_interval: float = 30,
        error_max_interval: float = 60,
        deadline: float = 3600,
        min_interval: float = PICTORY_MIN_INTERVAL,
        *,
        loopback: bool = False,
    ) -> None:
        floor = float(min_interval) if loopback else max(float(min_interval), PICTORY_MIN_INTERVAL)
        self.min_interval = max(floor, 0.0)
        self.interval = max(float(interval), self.min_interval)
        self.max_interval = max(float(max_interval), self.interval)
        self.error_max_interval = max(float(error_max_interval), self.max_interval)
        self.deadline = float(deadline)
        self._started: float | None = None
        self._queue_gap = self.interval
        self._last_queued_poll: float | None = None
        self._samples: list[tuple[float, int]] = []  # (time, renderProgress) of the current phase
        self._errors = 0

    # --- public ---------------------------------------------------------------------------------

    def first_delay(self, now: float = 0.0) -> float:
        """Delay before the first poll; also starts the deadline clock."""
        self._started = now
        self._last_queued_poll = now
        return self._bounded(self.interval, now)

    def after_status(self, status: JobStatus, now: float) -> float:
        self._errors = 0
        if isinstance(status, JobCompleted | JobFailed):
            return 0.0  # terminal: the caller stops; nothing to wait for
        assert isinstance(status, JobInProgress)
        if not status.progress:
            return self._bounded(self._after_queued(now), now)
        return self._bounded(self._after_progress(now, status.progress), now)

    def after_error(self, error: PictoryError, now: float) -> float:
        self._errors += 1
        delay = min(self.error_max_interval, self.interval * 2 ** (self._errors - 1))
        if isinstance(error, RateLimited) and error.retry_after is not None:
            delay = max(delay, min(MAX_RETRY_AFTER, error.retry_after))
        return self._bounded(delay, now, respect_deadline=False)

    def expired(self, now: float) -> bool:
        return self._started is not None and now - self._started >= self.deadline

    def predicted_finish(self) -> float | None:
        """Best guess of when the job completes (same clock as ``now``), for display."""
        if not self._samples:
            return None
        now, progress = self._samples[-1]
        rate = self._rate()
        if rate is None:
            return None
        return now + (100 - progress) / rate

    # --- internals ------------------------------------------------------------------------------

    def _bounded(self, delay: float, now: float, *, respect_deadline: bool = True) -> float:
        delay = max(self.min_interval, delay)
        if respect_deadline and self._started is not None:
            # One last look right at the deadline rather than sleeping far past it.
            left = self._started + self.deadline - now
            if left > 0:
                delay = min(delay, max(self.min_interval, left))
        return delay

    def _after_queued(self, now: float) -> float:
        if self._samples:
            # Progress vanished (a new phase, or a server hiccup): start learning the rate afresh.
            self._samples.clear()
            self._queue_gap = self.interval
        self._last_queued_poll = now
        gap = self._queue_gap
        self._queue_gap = min(self.max_interval, self._queue_gap * self._QUEUE_GROWTH)
        return gap

    def _after_progress(self, now: float, progress: int) -> float:
        if self._samples and progress < self._samples[-1][1]:
            self._samples.clear()  # progress went backwards: a new render phase
        self._samples.append((now, progress))
        step = self._step()
        if progress + step >= 100:
            # Encoding done (upload/finalising), or in the last step of coarse progress: finishing any moment.
            return self.min_interval
        rate = self._rate()
        if rate is None or rate <= 0:
            return self.max_interval
        # renderProgress is truncated to whole numbers, or to coarser steps by some renderers: the true value
        # is on average half a step higher.
        remaining = (100 - progress - step / 2) / rate
        return self._approach(remaining)

    def _approach(self, remaining: float) -> float:
        unit = self.min_interval or 1.0
        if remaining <= self._FINAL_HOP_LIMIT * unit:
            margin = self._MARGIN_BASE * unit + self._MARGIN_PER_SECOND * remaining
            return min(self.max_interval, remaining + margin)
        # Far out, the rate may still change; shorter hops as the finish nears keep the estimate fresh.
        gap = min(remaining - self._PENULTIMATE_LEAD * unit, max(unit, self._APPROACH_FRACTION * remaining))
        return min(self.max_interval, gap)

    def _step(self) -> int:
        """The granularity progress is reported in: 1, or e.g. 10 when every value seen is a multiple of 10."""
        values = {p for _, p in self._samples if 0 < p < 100}
        if len(values) < self._STEP_EVIDENCE:
            return 1
        return max(1, math.gcd(*values))

    def _rate(self) -> float | None:
        """Progress points per second, blending the latest hop with the whole phase."""
        if not self._samples:
            return None
        t_last, p_last = self._samples[-1]
        if len(self._samples) == 1:
            # Rendering began somewhere between the last queued poll and now: assume the middle.
            since = self._last_queued_poll if self._last_queued_poll is not None else self._started
            if since is None or t_last <= since:
                return None
            began = (since + t_last) / 2
            return (p_last + 0.5) / max(t_last - began, 1e-6)
        t_first, p_first = self._samples[0]
        window_start = t_last - self._RECENT_WINDOW * (self.min_interval or 1.0)
        t_prev, p_prev = self._samples[-2]
        for t_sample, p_sample in reversed(self._samples[:-1]):
            t_prev, p_prev = t_sample, p_sample
            if t_sample <= window_start:
                break
        overall = (p_last - p_first) / max(t_last - t_first, 1e-6)
        recent = (p_last - p_prev) / max(t_last - t_prev, 1e-6)
        rate = self._RECENT_WEIGHT * recent + (1 - self._RECENT_WEIGHT) * overall
        if not math.isfinite(rate) or rate <= 0:
            return overall if overall > 0 else None
        return rate
