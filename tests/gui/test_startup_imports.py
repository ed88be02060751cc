"""The first frame needs neither the network stack nor the keyring; a sandbox start must not load them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pictory_desktop.qt.context import build_context
from pictory_desktop.ui.main_window import MainWindow
context = build_context()
window = MainWindow(context)
window.show()
app.processEvents()
loaded = sorted(m for m in ("requests", "urllib3", "keyring", "pictory_desktop.sandbox.server") if m in sys.modules)
print("LOADED", ",".join(loaded))
print("MODE", context.connection.mode)
context.shutdown()
"""


def test_a_sandbox_start_paints_before_loading_requests_keyring_or_the_sandbox(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PICTORY_API_KEY"}
    env.update(QT_QPA_PLATFORM="offscreen", PICTORY_DESKTOP_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["MODE"] == "sandbox"
    assert lines["LOADED"] == ""  # each of these costs 20-110 ms before the window would appear
