"""PollSchedule on the awkward renders of benchmarks/poll_sim.py, in virtual time (deterministic, not timed).

Progress reported in 10-point steps used to leave the app learning of completion ~10 s late on average
(up to 30 s): the rate was read as if values were exact, and the last step looked like a stall.
"""

from __future__ import annotations

import pytest

from benchmarks.poll_sim import SCENARIOS, run_scenario
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobInProgress


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_render_shape_saves_requests_and_notices_soon(name: str) -> None:
    figures = run_scenario(400, seed=3, **SCENARIOS[name])
    assert figures["request_ratio"] <= 1 / 3
    # With Pictory's 10 s floor, "finishing any moment" costs 5 s on average; allow a little noise.
    assert figures["mean_delay_s"] <= 5.5
    assert figures["shortest_gap_s"] >= 10.0


def test_coarse_progress_in_its_last_step_polls_at_the_floor() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    for t, progress in [(30, 10), (60, 30), (90, 50), (120, 70)]:
        schedule.after_status(JobInProgress("j", progress), float(t))
    assert schedule.after_status(JobInProgress("j", 90), 150.0) == 10.0


def test_fine_progress_is_not_mistaken_for_steps() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    for t, progress in [(30, 12), (60, 31), (90, 52), (120, 71)]:
        schedule.after_status(JobInProgress("j", progress), float(t))
    # 90 of single points is ~15 s from the end, not "any moment": one hop to just after the predicted finish.
    assert 12.0 < schedule.after_status(JobInProgress("j", 90), 150.0) < 20.0
