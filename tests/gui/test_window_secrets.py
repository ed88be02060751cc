"""A whole window session with a known key: the key ends up in the keyring and nowhere else.

Set the key in Settings, use Pictory (here the local Pictory-compatible server on a loopback address),
save the project, render, download, quit; then scan every file the app wrote and everything the output
host received.
"""

# ruff: noqa: F811  (pytest fixtures imported from jobs_fixtures are "redefined" as test parameters)
from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from pictory_desktop.qt.context import build_context
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.ui.companions import Companions
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.settings_dialog import SettingsDialog
from tests.robustness.reliability_rows import ROWS
from tests.timing import STOP_POLL, SandboxClock

from .jobs_fixtures import SANDBOX_SPEED, qt_messages  # noqa: F401

pytestmark = pytest.mark.gui

KEY = "pictai_WINDOW-SESSION-SECRET-5f3a9c"


def files_holding(root: Path, secret: str) -> list[Path]:
    needles = (secret.encode("utf-8"), secret.encode("utf-16-le"))
    return [p for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)]


@pytest.mark.reliability_row("window-secrets")
def test_set_key_render_download_quit_leaves_the_key_only_in_the_keyring(
    qtbot, memory_keyring, guide_file, tmp_path, caplog, qt_messages
):
    assert ROWS["window-secrets"]
    caplog.set_level(logging.DEBUG)
    home = Path(os.environ["PICTORY_DESKTOP_HOME"])
    clock = SandboxClock(rate=SANDBOX_SPEED)
    with SandboxServer(queue_seconds=0.2, render_seconds=0.5, clock=clock, stop_poll_seconds=STOP_POLL) as pictory:
        context = build_context(sandbox=False, api_base_url=pictory.base_url, poll_interval=0.2)
        dialog = SettingsDialog(context)
        qtbot.addWidget(dialog)
        key_field = dialog.findChild(QLineEdit, "apiKeyField")
        assert key_field is not None
        key_field.setText(KEY)
        qtbot.mouseClick(dialog.findChild(QPushButton, "saveKeyButton"), Qt.MouseButton.LeftButton)
        dialog.close()
        assert memory_keyring.get_password("pictory-desktop", "api-key") == KEY

        window = MainWindow(context, replace(Companions(), ask_render=lambda *a, **k: True))
        qtbot.addWidget(window)
        window.show()
        context.start()
        assert window.open_path(guide_file)
        project = tmp_path / "launch.json"
        window.document.save(project)
        with qtbot.waitSignal(context.jobs.submitted, timeout=10_000) as sent:
            window.render_video()
        job_id = sent.args[0]
        qtbot.waitUntil(lambda: getattr(context.job_store.get(job_id), "status", None) == "completed", timeout=15_000)
        with qtbot.waitSignal(context.jobs.downloadFinished, timeout=15_000) as done:
            context.jobs.download(job_id)
        downloaded = Path(done.args[1])
        assert window.close()  # quit: shuts the context down

        api_calls = [r for r in pictory.requests if r.origin == "api"]
        cdn_calls = [r for r in pictory.requests if r.origin == "cdn"]

    assert api_calls and all(r.headers.get("Authorization") == KEY for r in api_calls)  # the key was used...
    assert cdn_calls and all(KEY not in str(r.headers) and KEY.encode() not in r.body for r in cdn_calls)
    # ...and written nowhere: settings, job history, recovery files, the project, the video folder.
    assert files_holding(home, KEY) == []
    assert files_holding(tmp_path, KEY) == []
    assert files_holding(downloaded.parent, KEY) == []
    assert KEY not in project.read_text("utf-8")
    assert KEY not in caplog.text and not any(KEY in m for m in qt_messages)
    assert memory_keyring.get_password("pictory-desktop", "api-key") == KEY  # still in the keyring
