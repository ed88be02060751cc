"""Load: 50 renders from one command against a slow local server. Row "load-50-renders".

The command runs at CLI_SPEED and the server's clock at the same rate once every render has arrived (it
stands still while they are sent, so the first ones are certainly still queued when the command starts
following them): every interval below is in the seconds both of them count, CLI_SPEED times shorter in
real time."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from pictory_desktop.sandbox import SandboxServer
from tests.timing import CLI_SPEED, STOP_POLL, SandboxClock

from .helpers import request_gaps, start_cli, wait_until, write_project
from .reliability_rows import ROWS

COUNT = 50
POLL = 0.2


def rss_bytes(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@pytest.mark.slow
@pytest.mark.reliability_row("load-50-renders")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the child's memory from /proc")
def test_fifty_renders_complete_once_each_at_the_schedule_with_flat_memory(tmp_path: Path) -> None:
    row = ROWS["load-50-renders"]
    projects = [write_project(tmp_path / "projects", f"video-{n:02d}") for n in range(COUNT)]
    clock = SandboxClock()
    with SandboxServer(queue_seconds=2, render_seconds=6, clock=clock, stop_poll_seconds=STOP_POLL) as sandbox:
        clock.run_when(lambda: len(sandbox.requests_for("render")) >= COUNT, CLI_SPEED)
        sandbox.answer_delay = 0.05 / CLI_SPEED  # every API answer is slow: 0.05 s of the command's time
        child = start_cli("render", *map(str, projects), "--yes", "--wait", "--poll-interval", str(POLL),
                          home=tmp_path / "home", base_url=sandbox.base_url)  # fmt: skip
        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                value = rss_bytes(child.pid)
                if value:
                    samples.append((time.monotonic(), value))
                stop.wait(0.01)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            wait_until(lambda: len(sandbox.requests_for("render")) >= COUNT, timeout=60, what="all renders sent")
            following_from = time.monotonic()
            out, err = child.communicate(timeout=120)
        finally:
            stop.set()
            sampler.join()
            if child.poll() is None:
                child.kill()
        assert child.returncode == 0, err
        assert out.count(row.quote) == COUNT

        posts = [json.loads(r.body)["videoName"] for r in sandbox.requests_for("render")]
        assert sorted(posts) == sorted(f"video-{n:02d}" for n in range(COUNT))  # at most (exactly) one POST each
        polls: dict[str, list[float]] = defaultdict(list)
        for request in sandbox.requests_for("job"):
            polls[request.path].append(request.time)
        assert len(polls) == COUNT
        gaps = [gap for times in polls.values() for gap in request_gaps(times)]
        assert len(gaps) >= 5  # the first renders were still running when followed, so the schedule mattered
        assert min(gaps, default=POLL) >= POLL - 0.01, min(gaps)

        following = [rss for t, rss in samples if t >= following_from]
        assert len(following) >= 20
        quarter = len(following) // 4
        early, late = max(following[:quarter]), max(following[-quarter:])
        growth = late - early
        print(f"\nload: {COUNT} renders, {len(sandbox.requests_for('job'))} job GETs, min poll gap {min(gaps, default=0):.3f} s, "
              f"RSS early {early / 1e6:.1f} MB late {late / 1e6:.1f} MB (growth {growth / 1e6:+.2f} MB)")  # fmt: skip
        assert growth < 5_000_000, f"memory grew {growth / 1e6:.1f} MB while following the renders"
