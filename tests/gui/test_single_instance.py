"""Opening a storyboard while the app runs opens it in the running window, not in a second app (issue 16)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtWidgets import QPlainTextEdit

from pictory_desktop.qt import single_instance
from pictory_desktop.qt.single_instance import HandOver, InstanceServer
from pictory_desktop.store.paths import AppPaths

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

CLIENT = """
import sys
from PySide6.QtCore import QCoreApplication
from pictory_desktop.qt.single_instance import hand_over
app = QCoreApplication([])
print(hand_over(sys.argv[1], sys.argv[2:]).value)
"""


def send_from_another_process(qtbot, name: str, *files: str, cwd: Path = ROOT) -> str:
    """What a second start does, in a real second process, while this one's event loop answers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", CLIENT, name, *files], stdout=subprocess.PIPE, text=True, cwd=cwd, env=env
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=20000)
    assert process.returncode == 0
    assert process.stdout is not None
    return process.stdout.read().strip()


def unique_name() -> str:
    return f"pictory-desktop-test-{uuid.uuid4().hex[:12]}"


def test_the_name_is_per_data_folder_and_fits_a_unix_socket_path(tmp_path):
    one = single_instance.server_name(AppPaths.under(tmp_path / "one"))
    other = single_instance.server_name(AppPaths.under(tmp_path / "other"))
    assert one != other and one.startswith("pictory-desktop-")
    assert one == single_instance.server_name(AppPaths.under(tmp_path / "one"))
    assert len(str(Path(QDir.tempPath()) / one)) < 100  # sun_path holds 108 bytes


def test_a_file_sent_by_a_second_start_opens_in_the_window_after_asking_about_unsaved_work(
    make_window, dialogs, guide_file, qtbot, tmp_path
):
    window, _context, _companions = make_window()
    story = window.findChild(QPlainTextEdit, "storyEdit")
    assert story is not None
    qtbot.keyClicks(story, "A story not saved yet")
    assert window.document.is_modified
    server = InstanceServer(unique_name(), window)
    assert server.listen()
    server.filesReceived.connect(window.open_from_elsewhere)
    # Sent relative to the second process's own folder: the running app gets the full path.
    answer = send_from_another_process(qtbot, server.name, guide_file.name, cwd=guide_file.parent)
    assert answer == HandOver.DELIVERED.value
    qtbot.waitUntil(lambda: window.document.path == guide_file)
    assert dialogs.asked == ["save-changes:Untitled"]
    assert window.windowTitle().startswith("guide-example.json")


def test_a_start_with_no_file_only_brings_the_window_forward(make_window, qtbot, guide_file):
    window, _context, _companions = make_window(guide_file)
    server = InstanceServer(unique_name(), window)
    assert server.listen()
    received: list[list[str]] = []
    server.filesReceived.connect(received.append)
    server.filesReceived.connect(window.open_from_elsewhere)
    assert send_from_another_process(qtbot, server.name) == HandOver.DELIVERED.value
    qtbot.waitUntil(lambda: received == [[]])
    assert window.document.path == guide_file and window.isVisible()


def test_with_nobody_listening_the_start_is_the_app(qtbot):
    assert send_from_another_process(qtbot, unique_name(), "x.json") == HandOver.NO_APP.value


@pytest.mark.skipif(sys.platform.startswith("win"), reason="named pipes leave nothing behind after a crash")
def test_a_socket_left_by_a_crash_does_not_stop_the_next_start(qtbot, tmp_path):
    paths = AppPaths.under(tmp_path / "home")
    name = single_instance.server_name(paths)
    left_behind = socket.socket(socket.AF_UNIX)
    left_behind.bind(str(Path(QDir.tempPath()) / name))  # bound, never listened to, closed: as after a kill -9
    left_behind.close()
    assert (Path(QDir.tempPath()) / name).exists()
    server = single_instance.claim(paths, [])
    assert server is not None and server.is_listening
    received: list[list[str]] = []
    server.filesReceived.connect(received.append)
    assert send_from_another_process(qtbot, name, "/tmp/a.json") == HandOver.DELIVERED.value
    qtbot.waitUntil(lambda: received == [["/tmp/a.json"]])
    server.close()


RUNNING_APP = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pictory_desktop.ui.app import run

app = QApplication([])
started = time.monotonic()

def tick():
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    if window is None or not window.isVisible():
        return
    if not getattr(tick, "ready", False):
        tick.ready = True
        print("READY", flush=True)
    if "guide-example.json" in window.windowTitle() or time.monotonic() - started > 40:
        timer.stop()
        print("TITLE", window.windowTitle(), flush=True)
        window.close()

timer = QTimer()
timer.timeout.connect(tick)
timer.start(20)
sys.exit(run([]))
"""


def test_two_real_starts_one_window(tmp_path, guide_file):
    env = {k: v for k, v in os.environ.items() if k != "PICTORY_API_KEY"}
    env.update(QT_QPA_PLATFORM="offscreen", PICTORY_DESKTOP_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    first = subprocess.Popen(
        [sys.executable, "-c", RUNNING_APP], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "READY"
        second = subprocess.run(
            [sys.executable, "-m", "pictory_desktop", str(guide_file)],
            capture_output=True, text=True, env=env, timeout=30,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        assert first.stdout.readline().strip() == "TITLE guide-example.json — Pictory Desktop"
        assert first.wait(timeout=30) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
