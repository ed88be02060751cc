"""PollSchedule: rules, and a virtual-time benchmark over many random renders.

The benchmark's three figures (requirement in brackets):
- requests, relative to the guide's fixed 5-second loop  [<= 1/3]
- mean delay between a job finishing and the app knowing  [<= 5 s]
- shortest gap between two polls, non-loopback            [>= 10 s]
"""

from __future__ import annotations

import random

import pytest

from benchmarks.poll_sim import SimRender, fixed_loop, random_render, run_scenario, simulate
from pictory_desktop.api.errors import NetworkError, RateLimited, ServerError
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobFailed, JobInProgress

# The simulator is the benchmark's own (benchmarks/poll_sim.py), so the test and docs/benchmarks.md
# measure the same renders the same way.


def benchmark(count: int, seed: int, **shape: object) -> tuple[float, float, float]:
    figures = run_scenario(count, seed, **shape)
    return figures["request_ratio"], figures["mean_delay_s"], figures["shortest_gap_s"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_benchmark_requests_delay_and_spacing(seed: int) -> None:
    ratio, mean_delay, shortest = benchmark(1000, seed)
    print(
        f"\nseed {seed}: requests {ratio:.3f} of the 5 s loop, mean delay to notice completion "
        f"{mean_delay:.2f} s, shortest gap {shortest:.1f} s"
    )
    assert ratio <= 1 / 3
    assert mean_delay <= 5.0
    assert shortest >= 10.0


def test_benchmark_with_a_finalising_tail_at_100_percent() -> None:
    ratio, mean_delay, shortest = benchmark(1000, 9, tail=(3.0, 20.0))
    print(f"\ntail: requests {ratio:.3f}, mean delay {mean_delay:.2f} s, shortest gap {shortest:.1f} s")
    assert ratio <= 1 / 3 and mean_delay <= 5.5 and shortest >= 10.0


def test_short_renders_still_save_requests() -> None:
    rng = random.Random(4)
    ours = fixed = 0
    for _ in range(300):
        render = random_render(rng)
        if render.total > 120:
            continue
        ours += simulate(render, PollSchedule())[0]
        fixed += fixed_loop(render)[0]
    print(f"\n1-2 minute renders: requests {ours / fixed:.3f} of the 5 s loop")
    assert ours / fixed <= 0.5


def test_steady_progress_is_predicted_closely() -> None:
    render = SimRender(400, 100, [(100, 0.0), (400, 100.0)])
    polls, delay, gaps = simulate(render, PollSchedule())
    assert delay <= 4.0 and polls <= 20
    assert max(gaps) <= 30.0


def test_never_below_ten_seconds_unless_loopback() -> None:
    schedule = PollSchedule(interval=1, max_interval=2, min_interval=0.2)
    assert schedule.first_delay(0.0) >= 10.0
    assert schedule.after_status(JobInProgress("j", 99), 50.0) >= 10.0
    assert schedule.after_error(NetworkError(), 60.0) >= 10.0
    fast = PollSchedule(interval=0.2, max_interval=0.5, error_max_interval=1, min_interval=0.2, loopback=True)
    assert fast.first_delay(0.0) == pytest.approx(0.2)
    assert 0.2 <= fast.after_status(JobInProgress("j", 50), 1.0) <= 0.5


def test_queue_phase_backs_off_to_max_interval() -> None:
    schedule = PollSchedule()
    now = schedule.first_delay(0.0)
    gaps = []
    for _ in range(6):
        gap = schedule.after_status(JobInProgress("j"), now)
        gaps.append(gap)
        now += gap
    assert gaps == sorted(gaps) and gaps[0] == 10.0 and gaps[-1] == 30.0


def test_progress_at_100_but_not_completed_polls_at_the_floor() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    assert schedule.after_status(JobInProgress("j", 100), 120.0) == 10.0


def test_stalled_progress_waits_the_maximum() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    schedule.after_status(JobInProgress("j", 10), 30.0)
    schedule.after_status(JobInProgress("j", 10), 60.0)
    assert schedule.after_status(JobInProgress("j", 10), 90.0) == 30.0


def test_errors_back_off_doubling_to_sixty_and_honour_retry_after() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    delays = [schedule.after_error(ServerError(status=502), 10.0 * i) for i in range(6)]
    assert delays == [10.0, 20.0, 40.0, 60.0, 60.0, 60.0]
    assert schedule.after_error(RateLimited(retry_after=95), 100.0) == 95.0
    assert schedule.after_error(RateLimited(retry_after=999), 100.0) == 120.0
    schedule.after_status(JobInProgress("j"), 200.0)  # a good answer resets the backoff
    assert schedule.after_error(NetworkError(), 210.0) == 10.0


def test_deadline_expires_and_last_poll_lands_on_it() -> None:
    schedule = PollSchedule(deadline=100)
    schedule.first_delay(0.0)
    assert not schedule.expired(99.0)
    # Slow progress would mean a 30 s gap; the deadline pulls the last look in to exactly 100 s.
    assert schedule.after_status(JobInProgress("j", 1), 85.0) == 15.0
    assert schedule.expired(100.0)


def test_terminal_statuses_need_no_wait() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    assert schedule.after_status(JobCompleted("j"), 20.0) == 0.0
    assert schedule.after_status(JobFailed("j", None, "x"), 20.0) == 0.0


def test_progress_going_backwards_starts_a_new_estimate() -> None:
    schedule = PollSchedule()
    schedule.first_delay(0.0)
    schedule.after_status(JobInProgress("j", 40), 30.0)
    schedule.after_status(JobInProgress("j", 90), 60.0)
    gap = schedule.after_status(JobInProgress("j", 5), 90.0)  # a second phase began
    assert 10.0 <= gap <= 30.0
    finish = schedule.predicted_finish()
    assert finish is not None and finish > 90.0 + 60.0
