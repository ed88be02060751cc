"""Crashes and restarts: real SIGKILLs of real child processes, at moments detected, never guessed.

The moment to kill is read from what the local server recorded (the child is polling), from the file system
(a save's or download's temporary file exists), never from a fixed sleep.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.sandbox import SandboxServer, media
from pictory_desktop.store.jobs_db import SCHEMA_VERSION, JobStore
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.project_files import load_project_file, save_project_file
from pictory_desktop.store.settings import Settings
from tests.timing import CLI_SPEED, STOP_POLL, SandboxClock

from .helpers import run, start_cli, wait_until, write_project
from .reliability_rows import ROWS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def kill(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL


def history(home: Path) -> JobStore:
    return JobStore(AppPaths.under(home).jobs_db_file)


@pytest.mark.reliability_row("kill-while-watching")
def test_kill_while_render_wait_is_watching_then_watch_finishes_it(tmp_path: Path) -> None:
    row = ROWS["kill-while-watching"]
    home = tmp_path / "home"
    project = write_project(tmp_path, "launch")
    clock = SandboxClock()  # the render cannot finish before the kill: its seconds pass only when moved on
    with SandboxServer(queue_seconds=0.5, render_seconds=4, clock=clock, stop_poll_seconds=STOP_POLL) as sandbox:
        child = start_cli("render", str(project), "--yes", "--wait", "--poll-interval", "0.2",
                          home=home, base_url=sandbox.base_url)  # fmt: skip
        try:
            # Two job GETs: the render was sent, recorded in the history, and is being followed.
            wait_until(lambda: len(sandbox.requests_for("job")) >= 2, what="the child to poll the job")
        finally:
            kill(child)
        [job] = sandbox.account.job_ids_newest_first()
        with history(home) as store:
            record = store.get(job)
            assert record is not None and not record.finished  # kept, and known to be unfinished

        clock.set_rate(CLI_SPEED)  # from the restart on, the render's time runs at the command's pace
        restarted = run("watch", "--poll-interval", "0.2", home=home, sandbox=sandbox)
        assert restarted.returncode == 0, restarted.stderr
        assert row.quote in restarted.stdout
        assert len(sandbox.requests_for("render")) == 1  # picked up, never re-sent
        with history(home) as store:
            done = store.get(job)
            assert done is not None and done.status == "completed" and done.video_url


SAVER = textwrap.dedent(
    """
    import sys
    from pictory_desktop.store.project_files import load_project_file, save_project_file
    path, first, second = sys.argv[1:4]
    versions = [load_project_file(first), load_project_file(second)]
    for turn in range(100000):
        save_project_file(path, versions[turn % 2])
    """
)


def big_project(folder: Path, name: str, word: str) -> Path:
    story = (f"{word} sells itself. " * 400).strip()
    scenes = [{"story": story, "background": {"color": "#1f2937"}} for _ in range(120)]  # about 2 MB
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"videoName": name, "scenes": scenes}), "utf-8")
    return path


@pytest.mark.reliability_row("kill-while-saving")
def test_kill_while_saving_leaves_a_whole_project(tmp_path: Path) -> None:
    assert ROWS["kill-while-saving"].quote == ""  # nothing is shown: the file simply opens
    first = big_project(tmp_path, "first", "Spring")
    second = big_project(tmp_path, "second", "Summer")
    bodies = [storyboard_to_body(load_project_file(p)) for p in (first, second)]
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "launch.json"
    target.write_bytes(first.read_bytes())
    landed_mid_save = 0
    leftovers: set[str] = set()
    for _ in range(3):
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(target), str(first), str(second)])
        try:
            # The moment a save is under way: a new temporary file exists beside the project.
            deadline = time.monotonic() + 30
            while not any(p.name.endswith(".part") and p.name not in leftovers for p in os.scandir(folder)):
                assert time.monotonic() < deadline, "the child never started saving"
        finally:
            kill(saver)
        temps = [p for p in folder.iterdir() if p.name.endswith(".part") and p.name not in leftovers]
        landed_mid_save += bool(temps)
        for temp in temps:
            assert temp.name.startswith(".")  # hidden, and never under the project's own name
            leftovers.add(temp.name)
        # The project opens, whole: the previous version or the new one, never a mixture or a stub.
        assert storyboard_to_body(load_project_file(target)) in bodies
    assert landed_mid_save >= 1, "no kill landed during a save"
    # Later (the temp files untouched for a while), the next good save clears what the kills left.
    long_ago = time.time() - 3600
    for name in leftovers:
        os.utime(folder / name, (long_ago, long_ago))
    save_project_file(target, load_project_file(target))
    assert [p.name for p in folder.iterdir()] == ["launch.json"]


@pytest.fixture
def stalling_cdn(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The first MP4 the local CDN streams stops after 1 MB until released; later ones stream normally."""
    release = threading.Event()
    real = media.padded_video
    stalled = []

    def padded_video(total: int) -> tuple[int, Iterator[bytes]]:
        length, chunks = real(total)
        if stalled:
            return length, chunks
        stalled.append(True)

        def stall() -> Iterator[bytes]:
            sent = 0
            for chunk in chunks:
                yield chunk
                sent += len(chunk)
                if sent >= 1_048_576:
                    release.wait(60)

        return length, stall()

    monkeypatch.setattr(media, "padded_video", padded_video)
    try:
        yield release
    finally:
        release.set()


@pytest.mark.reliability_row("kill-mid-download")
def test_kill_mid_download_leaves_no_mp4_and_the_download_can_be_redone(
    tmp_path: Path, stalling_cdn: threading.Event
) -> None:
    row = ROWS["kill-mid-download"]
    home, videos = tmp_path / "home", tmp_path / "videos"
    project = write_project(tmp_path, "launch")
    clock = SandboxClock(rate=CLI_SPEED)  # the sandbox's time runs at the pace of the child commands
    with SandboxServer(queue_seconds=0.1, render_seconds=0.3, clock=clock, stop_poll_seconds=STOP_POLL) as sandbox:
        sandbox.cdn_payload_bytes = 8 * 1_048_576
        child = start_cli("render", str(project), "--yes", "--download", str(videos), "--poll-interval", "0.2",
                          home=home, base_url=sandbox.base_url)  # fmt: skip
        try:
            wait_until(
                lambda: videos.exists() and any(p.stat().st_size > 0 for p in videos.iterdir()),
                what="the MP4 to be partly written",
            )
        finally:
            kill(child)
        stalling_cdn.set()
        assert [p for p in videos.iterdir() if not p.name.startswith(".")] == []  # no truncated MP4
        partials = [p for p in videos.iterdir() if p.name.endswith(".part")]
        assert partials  # the killed writer's temp file is there...
        for partial in partials:  # ...and, some minutes later, clearly abandoned
            os.utime(partial, (time.time() - 600, time.time() - 600))
        [job] = sandbox.account.job_ids_newest_first()

        again = run("watch", job, "--download", str(videos), "--poll-interval", "0.2", home=home, sandbox=sandbox)
        assert again.returncode == 0, again.stderr
        assert row.quote in again.stdout
        [video] = [p for p in videos.iterdir() if not p.name.startswith(".")]
        assert [p for p in videos.iterdir() if p.name.endswith(".part")] == []  # the next download cleared it
        data = video.read_bytes()
        assert len(data) == 8 * 1_048_576 and data[4:8] == b"ftyp"
        assert len(sandbox.requests_for("render")) == 1
        with history(home) as store:
            record = store.get(job)
            assert record is not None and record.download_path == str(video)


# ---- damaged and newer files ------------------------------------------------------------------------------


def newer_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()


def damaged_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))


@pytest.mark.parametrize(
    ("row_id", "spoil"),
    [
        pytest.param(row_id, spoil, marks=pytest.mark.reliability_row(row_id))
        for row_id, spoil in [("corrupt-jobs-db", damaged_database), ("newer-jobs-db", newer_database)]
    ],
)
def test_a_broken_job_history_is_set_aside_and_named(
    tmp_path: Path, row_id: str, spoil: Callable[[Path], None]
) -> None:
    home = tmp_path / "home"
    database = AppPaths.under(home).jobs_db_file
    spoil(database)
    original = database.read_bytes()
    result = run("jobs", home=home)  # the app starts, says what it set aside, and goes on
    assert result.returncode == 0 and "No renders yet." in result.stdout
    assert ROWS[row_id].quote in result.stderr and "It was kept as" in result.stderr
    [kept] = [p for p in database.parent.iterdir() if ".broken-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert str(kept) in result.stderr
    assert kept.read_bytes() == original  # kept for inspection, byte for byte
    # The new history works: the next command uses it without another notice.
    again = run("jobs", home=home)
    assert again.returncode == 0 and again.stderr == ""


@pytest.mark.parametrize(
    ("row_id", "content"),
    [
        pytest.param(row_id, content, marks=pytest.mark.reliability_row(row_id))
        for row_id, content in [
            ("corrupt-settings", b'{"theme": "dark", "recent_files": ['),
            ("newer-settings", b'{"settingsVersion": 99, "theme": "dark"}'),
        ]
    ],
)
def test_a_broken_settings_file_is_set_aside_and_named(tmp_path: Path, row_id: str, content: bytes) -> None:
    paths = AppPaths.under(tmp_path / "home").ensure()
    paths.settings_file.write_bytes(content)
    settings = Settings.for_paths(paths)
    [notice] = settings.notices
    assert ROWS[row_id].quote in notice
    [kept] = [p for p in paths.config_dir.iterdir() if ".broken-" in p.name]
    assert str(kept) in notice and kept.read_bytes() == content
    assert settings.get("recent_files") == []  # started with defaults
    settings.save()
    assert Settings.for_paths(paths).notices == []  # and the new file is good
