"""The first frame needs neither the network stack, the keyring nor the hidden Jobs panel; a sandbox start
must not load them before it has painted (see docs/benchmarks.md for what each costs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from pictory_desktop.qt.context import build_context
from pictory_desktop.ui.main_window import MainWindow
context = build_context()
window = MainWindow(context)
window.show()
app.processEvents()
DEFERRED = ("requests", "urllib3", "keyring", "pictory_desktop.sandbox.server", "pictory_desktop.ui.jobs_panel", "email.utils", "av")
# Only a video (or a voice sample) playing needs these, never the start, not even once the Jobs panel is built.
PLAYER = ("PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "pictory_desktop.ui.video_player")
print("LOADED", ",".join(sorted(m for m in DEFERRED + PLAYER if m in sys.modules)))
print("MODE", context.connection.mode)
window.finish_startup()  # what ui/app.run does once the first frame has painted
print("JOBS_VIEW", window.findChild(QWidget, "jobsView") is not None)
print("PLAYER_LOADED", ",".join(sorted(m for m in PLAYER if m in sys.modules)))
context.shutdown()
"""


def _probe(code: str, home: Path, **extra_env: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PICTORY_API_KEY"}
    env.update(QT_QPA_PLATFORM="offscreen", PICTORY_DESKTOP_HOME=str(home), **extra_env)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)


def test_a_sandbox_start_paints_before_loading_requests_keyring_the_sandbox_the_jobs_panel_or_pyav(tmp_path):
    lines = _probe(PROBE, tmp_path)
    assert lines["MODE"] == "sandbox"
    assert lines["LOADED"] == ""  # each of these costs 10-110 ms before the window would appear
    assert lines["JOBS_VIEW"] == "True"  # and the panel is there right after it
    assert lines["PLAYER_LOADED"] == ""  # QtMultimedia waits for the first video played (issue 15)


# Polls the running app every 20 ms until ``settled()`` (at most 15 s), then calls ``look()`` once: the probes
# look as soon as the start they check is over, instead of after a fixed wait that has to cover a slow machine.
WHEN_SETTLED = """
import time
from PySide6.QtCore import QTimer

def window_or_none(app):
    return next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)

def when_settled(settled, look, limit=15.0):
    started = time.monotonic()
    timer = QTimer()
    timer.setInterval(20)

    def tick():
        if settled() or time.monotonic() - started > limit:
            timer.stop()
            look()

    timer.timeout.connect(tick)
    timer.start()
    return timer
"""

RUN_PROBE = (
    WHEN_SETTLED
    + """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pictory_desktop.ui.app import run
app = QApplication([])

def balance_text():
    window = window_or_none(app)
    label = window.findChild(QLabel, "balanceLabel") if window is not None else None
    return label.text() if label is not None else ""

def look() -> None:
    window = window_or_none(app)
    print("JOBS_VIEW", window.findChild(QWidget, "jobsView") is not None)
    print("BALANCE", balance_text())
    print("AV", "av" in sys.modules)  # PyAV (the draft video's encoder: ~45 ms and 100 MB of FFmpeg libraries on disk) waits for a draft
    window.close()

# Settled: the balance request of the start has been answered (or has failed).
poller = when_settled(lambda: balance_text() not in ("", "Balance: checking…"), look)
sys.exit(run([]))
"""
)


def test_the_real_start_builds_the_jobs_panel_and_asks_the_sandbox_for_the_balance_after_the_first_frame(tmp_path):
    lines = _probe(RUN_PROBE, tmp_path)
    assert lines["JOBS_VIEW"] == "True"
    assert lines["BALANCE"].startswith("Balance (pretend credits): 500 credits")  # the sandbox answered
    assert lines["AV"] == "False"  # not even the warm-up after the first frame imports it


RECORDING_KEYRING = """
import threading
from keyring.backend import KeyringBackend

READS = []


class RecordingKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        READS.append(threading.current_thread().name)
        return "pictai_probe_key_0123456789"

    def set_password(self, service, username, password):
        raise NotImplementedError

    def delete_password(self, service, username):
        raise NotImplementedError
"""

PICTORY_PROBE = (
    WHEN_SETTLED
    + """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings
from pictory_desktop.ui.app import run
import recording_keyring

settings = Settings.for_paths(AppPaths.from_environment().ensure())
settings["use_sandbox"] = False  # the user chose their Pictory account, whose key is in the keyring
settings.save()
app = QApplication([])
seen = {}


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "reads" not in seen:
            seen["reads"] = list(recording_keyring.READS)
        return False


first_paint = FirstPaint()
app.installEventFilter(first_paint)


def look():
    window = window_or_none(app)
    print("MODE", window.context.connection.mode)
    print("READS_BEFORE_FIRST_FRAME", len(seen["reads"]))
    print("READ_ON", ",".join(recording_keyring.READS))
    window.close()


def settled():
    # The start has used the key: the balance request it made has failed (nothing listens there).
    window = window_or_none(app)
    return window is not None and "reads" in seen and window.context.connection.state != "checking"


poller = when_settled(settled, look)
sys.exit(run([]))
"""
)


def test_a_pictory_start_reads_the_keyring_off_the_gui_thread_after_the_first_frame(tmp_path):
    # The keyring can take ~150 ms to load, or wait for the user to unlock it: the window must not wait.
    (tmp_path / "recording_keyring.py").write_text(RECORDING_KEYRING, encoding="utf-8")
    lines = _probe(
        PICTORY_PROBE,
        tmp_path / "home",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(Path(__file__).resolve().parents[2])]),
        PYTHON_KEYRING_BACKEND="recording_keyring.RecordingKeyring",
        PICTORY_API_BASE_URL="http://127.0.0.1:9",  # nothing listens: the balance request fails at once
    )
    assert lines["MODE"] == "pictory"
    assert lines["READS_BEFORE_FIRST_FRAME"] == "0"
    assert lines["READ_ON"] == "warm-up"
