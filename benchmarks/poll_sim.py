"""The poll schedule against simulated renders, in virtual time (thousands of renders in a second).

A render is 1-10 minutes: a queue phase with no ``renderProgress`` (10-40 % of the time), then uneven
progress (2-6 stretches whose speeds differ up to ~5x), then "completed". Three shapes, because a schedule
that predicts the finish from progress is only as good as the progress it is given:

- ``uneven``: progress reaches 100 and the job completes at once;
- ``stuck at 100 %``: progress sits at 100 for 3-60 s (finalising, upload) before "completed";
- ``coarse``: progress only moves in steps of 10 points, so the rate is hard to read.

Each figure is compared with the guide's fixed 5-second loop over the same renders, and the delay also with
a fixed 10-second loop: the fastest Pictory allows, so when the finish cannot be predicted from progress
(the last two shapes) its ~5 s mean delay is the floor for any schedule that keeps to the 10 s minimum.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobInProgress, JobStatus


@dataclass
class SimRender:
    total: float  # seconds from submit to "completed"
    queue: float
    knots: list[tuple[float, float]]  # (seconds since submit, progress 0-100), piecewise linear
    step: int = 1  # progress is reported in multiples of this

    def status(self, t: float) -> JobStatus:
        if t >= self.total:
            return JobCompleted("job", "https://cdn.example/v.mp4")
        if t < self.queue:
            return JobInProgress("job")
        for (t0, p0), (t1, p1) in zip(self.knots, self.knots[1:], strict=False):
            if t0 <= t < t1:
                progress = int(p0 + (p1 - p0) * (t - t0) / (t1 - t0))
                return JobInProgress("job", progress - progress % self.step, "Rendering", "RUNNING")
        return JobInProgress("job", 100, "Finalising", "RUNNING")


def random_render(rng: random.Random, *, tail: tuple[float, float] = (0.0, 0.0), step: int = 1) -> SimRender:
    total = rng.uniform(60, 600)
    queue = total * rng.uniform(0.1, 0.4)
    end = total - rng.uniform(*tail)
    lengths = [rng.expovariate(1.0) for _ in range(rng.randint(2, 6))]
    shares = [rng.uniform(0.3, 1.7) * length for length in lengths]
    knots, t, p = [(queue, 0.0)], queue, 0.0
    for length, share in zip(lengths, shares, strict=True):
        t += (end - queue) * length / sum(lengths)
        p += 100 * share / sum(shares)
        knots.append((t, min(p, 100.0)))
    knots[-1] = (end, 100.0)
    return SimRender(total, queue, knots, step)


def simulate(render: SimRender, schedule: PollSchedule) -> tuple[int, float, list[float]]:
    """(requests, seconds between completion and the poll that saw it, every gap between polls)."""
    now = schedule.first_delay(0.0)
    gaps = [now]
    for polls in range(1, 10_000):
        status = render.status(now)
        if isinstance(status, JobCompleted):
            return polls, now - render.total, gaps
        gap = schedule.after_status(status, now)
        gaps.append(gap)
        now += gap
    raise RuntimeError("the schedule never saw the job finish")


def fixed_loop(render: SimRender, every: float = 5.0) -> tuple[int, float]:
    """The guide's loop: poll every ``every`` seconds from submit. (requests, delay)."""
    polls = math.ceil(render.total / every)
    return polls, polls * every - render.total


SCENARIOS: dict[str, dict[str, Any]] = {
    "uneven progress": {},
    "stuck at 100 % for 3-60 s": {"tail": (3.0, 60.0)},
    "coarse progress (10-point steps)": {"step": 10},
}


def run_scenario(count: int, seed: int, **shape: Any) -> dict[str, float]:
    rng = random.Random(seed)
    ours = fixed = 0
    delays: list[float] = []
    fixed_delays: list[float] = []
    fastest_legal_delays: list[float] = []
    shortest = math.inf
    for _ in range(count):
        render = random_render(rng, **shape)
        polls, delay, gaps = simulate(render, PollSchedule())
        fixed_polls, fixed_delay = fixed_loop(render)
        ours += polls
        fixed += fixed_polls
        delays.append(delay)
        fixed_delays.append(fixed_delay)
        fastest_legal_delays.append(fixed_loop(render, every=10.0)[1])
        shortest = min(shortest, *gaps)
    return {
        "request_ratio": ours / fixed,
        "requests_per_job": ours / count,
        "fixed_requests_per_job": fixed / count,
        "mean_delay_s": sum(delays) / count,
        "max_delay_s": max(delays),
        "fixed_mean_delay_s": sum(fixed_delays) / count,
        "fixed_10s_mean_delay_s": sum(fastest_legal_delays) / count,
        "shortest_gap_s": shortest,
    }


def run_all(count: int) -> dict[str, Any]:
    return {name: run_scenario(count, seed=11 + i, **shape) for i, (name, shape) in enumerate(SCENARIOS.items())}
