"""A batch killed halfway through its sending, then run again: every row is sent exactly once and every video
arrives. A real SIGKILL of the real command in a child process, at a moment read from the server, not guessed.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

from pictory_desktop.sandbox import Fault, SandboxServer
from pictory_desktop.sandbox.faults import FaultInjector
from pictory_desktop.store.jobs_db import JobStore
from pictory_desktop.store.paths import AppPaths
from tests.timing import CLI_SPEED, STOP_POLL, SandboxClock

from .helpers import run, start_cli, wait_until
from .test_crashes import kill

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROWS = 20
HELD = 11  # the render POST the server holds (received, not yet answered) when the command is killed
HOLD_SECONDS = 1.0


class HoldNthRender(FaultInjector):
    """The ``n``-th render POST waits ``seconds`` after the server has received it, then is processed as usual
    (its job is created) and answered, to a command that by then was killed: the lost-answer window."""

    def __init__(self, n: int, seconds: float) -> None:
        super().__init__()
        self._n, self._seconds, self._seen = n, seconds, 0
        self._count_lock = threading.Lock()

    def take(self, route: str, kinds: frozenset[str]) -> Fault | None:
        if route == "render" and "slow" in kinds:
            with self._count_lock:
                self._seen += 1
                if self._seen == self._n:
                    return Fault(route="render", kind="slow", delay=self._seconds)
        return super().take(route, kinds)


def batch_files(folder: Path) -> tuple[str, str]:
    template = {
        "videoName": "{{product}} in 30 seconds",
        "scenes": [
            {
                "story": "Meet {{product}}: {{pitch}}",
                "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "{{product}} on a desk, soft light"}},
            },
            {"story": "Order {{product}} today.", "background": {"color": "#1f2937"}},
        ],
    }  # fmt: skip
    template_path = folder / "template.json"
    template_path.write_text(json.dumps(template), "utf-8")
    rows = folder / "rows.csv"
    lines = ["product;pitch"] + [f"Gizmo {n};The tidy gadget number {n}, now in colour." for n in range(1, ROWS + 1)]
    rows.write_text("\n".join(lines) + "\n", "utf-8")
    return str(template_path), str(rows)


def test_a_batch_killed_mid_send_resumes_with_one_post_per_row_and_every_video(tmp_path: Path) -> None:
    home, out, videos = tmp_path / "home", tmp_path / "out", tmp_path / "videos"
    template, rows = batch_files(tmp_path)
    args = ("batch", template, rows, "--out", str(out), "--render", "--yes", "--download", str(videos),
            "--poll-interval", "0.2")  # fmt: skip
    clock = SandboxClock(rate=CLI_SPEED)
    with SandboxServer(queue_seconds=0.2, render_seconds=0.6, clock=clock, stop_poll_seconds=STOP_POLL) as sandbox:
        sandbox.state.faults = HoldNthRender(HELD, HOLD_SECONDS)
        child = start_cli(*args, home=home, base_url=sandbox.base_url)
        try:
            wait_until(lambda: len(sandbox.requests_for("render")) >= HELD, what="the held render to arrive")
        finally:
            kill(child)
        # The held render is processed after the kill: Pictory has the job, the command never heard of it.
        wait_until(lambda: len(sandbox.account.job_ids_newest_first()) == HELD, what="the held render's job")
        with JobStore(AppPaths.under(home).jobs_db_file) as store:
            [batch] = store.list_batches()
            sent = store.batch_rows_sent(batch.batch_id)
            assert sorted(sent) == list(range(1, HELD + 1))
            assert [row for row, record in sent.items() if record.unconfirmed] == [HELD]  # written before the POST

        again = run(*args, home=home, sandbox=sandbox, timeout=120)
        assert again.returncode == 0, again.stderr
        assert again.stdout.count("not sent again") == HELD  # ten confirmed rows, and the one found on Pictory
        assert (
            f"Video {HELD}, “Gizmo {HELD} in 30 seconds”: its answer was lost last time; found on Pictory"
            in again.stdout
        )

        names = [json.loads(r.body)["videoName"] for r in sandbox.requests_for("render")]
        assert sorted(names) == sorted(f"Gizmo {n} in 30 seconds" for n in range(1, ROWS + 1))  # one POST per row
        assert len([p for p in videos.iterdir() if p.suffix == ".mp4"]) == ROWS
        assert [p for p in videos.iterdir() if p.name.startswith(".")] == []
        with JobStore(AppPaths.under(home).jobs_db_file) as store:
            done = store.batch_rows_sent(batch.batch_id)
            assert sorted(done) == list(range(1, ROWS + 1))
            assert all(r.status == "completed" and r.download_path for r in done.values())
