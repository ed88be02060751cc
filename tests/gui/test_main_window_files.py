"""Files and the session: save and open keep every field, closing asks, work survives a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from pictory_desktop.ui.file_dialogs import SaveChoice

from .conftest import GUIDE_EXAMPLE

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def rich_file(tmp_path: Path) -> Path:
    """The guide example plus fields the editor never touches, at every level."""
    body = json.loads(json.dumps(GUIDE_EXAMPLE))
    body["voiceOver"] = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]}
    body["backgroundMusic"] = {"enabled": True, "volume": 0.2}
    body["scenes"][0]["minimumDuration"] = 4
    body["scenes"][1]["background"]["settings"] = {"mute": True}
    path = tmp_path / "rich.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


def test_save_then_open_keeps_unknown_fields_and_the_edit(make_window, rich_file, qtbot, tmp_path, dialogs):
    window, _, _ = make_window(rich_file)
    prompt = window.findChild(QPlainTextEdit, "promptEdit")
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    qtbot.keyClicks(prompt, ", at dawn")
    dialogs.save_path = tmp_path / "copy.json"
    window.files.save_as()
    saved = json.loads(dialogs.save_path.read_text("utf-8"))
    original = json.loads(rich_file.read_text("utf-8"))
    assert saved["voiceOver"] == original["voiceOver"]
    assert saved["backgroundMusic"] == original["backgroundMusic"]
    assert saved["scenes"][0]["minimumDuration"] == 4
    assert saved["scenes"][1]["background"]["settings"] == {"mute": True}
    assert saved["scenes"][0]["background"]["aiVisual"]["prompt"].endswith(", at dawn")
    assert window.windowTitle() == "copy.json — Pictory Desktop"

    reopened, _, _ = make_window(dialogs.save_path)
    assert reopened.findChild(QPlainTextEdit, "promptEdit").toPlainText().endswith(", at dawn")
    assert reopened.document.storyboard.unknown.values["voiceOver"] == original["voiceOver"]
    assert str(dialogs.save_path) in reopened.context.settings.get("recent_files")


def test_opening_a_broken_file_says_why_and_keeps_the_current_storyboard(make_window, guide_file, tmp_path, dialogs):
    window, _, _ = make_window(guide_file)
    broken = tmp_path / "broken.json"
    broken.write_text('{"videoName": "x", "scenes": [', encoding="utf-8")
    assert not window.open_path(broken)
    assert "not valid JSON" in dialogs.errors[0] and "line 1" in dialogs.errors[0]
    assert window.document.path == guide_file


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(make_window, guide_file, qtbot, dialogs):
    window, context, _ = make_window(guide_file)
    qtbot.keyClicks(window.findChild(QPlainTextEdit, "storyEdit"), "Edited ")
    dialogs.save_changes = SaveChoice.CANCEL
    assert not window.close()
    assert dialogs.asked == ["save-changes:guide-example.json"]
    assert window.isVisible() and context.shutdowns == 0
    dialogs.save_changes = SaveChoice.SAVE
    assert window.close()
    assert context.shutdowns == 1
    assert json.loads(guide_file.read_text("utf-8"))["scenes"][0]["story"].startswith("Edited ")


def test_closing_unchanged_does_not_ask(make_window, guide_file, dialogs):
    window, context, _ = make_window(guide_file)
    assert window.close()
    assert dialogs.asked == [] and context.shutdowns == 1


CRASHING_SESSION = """
import os, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from pictory_desktop.domain import scene_edits
from pictory_desktop.ui.main_window import MainWindow
from tests.gui.fakes import FakeContext, RecordingCompanions
window = MainWindow(FakeContext(), RecordingCompanions().bundle())
window.open_path(sys.argv[1])
document = window.document
document.edit_scene(1, scene_edits.with_prompt(document.scene(1), "Rooftop studio at sunset"), "Edit")
document.set_video_name("Recovered launch video")
assert window.autosave.save_now()
os._exit(3)  # a crash: no close event, no clean-up
"""


def test_work_from_a_crashed_session_is_offered_back_and_restored(make_window, guide_file, dialogs):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASHING_SESSION), str(guide_file)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert crashed.returncode == 3, crashed.stderr
    window, context, _ = make_window()
    assert window.offer_recovery()
    assert dialogs.asked and "guide-example.json" in dialogs.asked[0]
    assert window.document.scene(1).background.prompt == "Rooftop studio at sunset"
    assert window.findChild(type(window.video_settings.name_edit), "videoNameEdit").text() == "Recovered launch video"
    assert window.document.path == guide_file
    assert window.windowTitle() == "guide-example.json* — Pictory Desktop"
    # Offered once: the next start finds nothing to recover.
    dialogs.asked.clear()
    later, _, _ = make_window()
    assert not later.offer_recovery() and dialogs.asked == []


def test_a_window_that_is_still_open_is_not_offered_as_a_crash(make_window, guide_file, qtbot, dialogs):
    running, _, _ = make_window(guide_file)
    qtbot.keyClicks(running.findChild(QPlainTextEdit, "storyEdit"), "Unsaved ")
    assert running.autosave.save_now()
    second, _, _ = make_window()
    assert not second.offer_recovery()
    assert dialogs.asked == []


def test_a_clean_exit_leaves_nothing_to_recover(make_window, guide_file, qtbot, dialogs):
    window, _, _ = make_window(guide_file)
    qtbot.keyClicks(window.findChild(QPlainTextEdit, "storyEdit"), "Unsaved ")
    assert window.autosave.save_now()
    recovery_file = window.autosave.file
    dialogs.save_changes = SaveChoice.DISCARD
    assert window.close()
    assert not recovery_file.exists()


def test_ctrl_q_while_a_render_is_followed_asks_and_stay_keeps_the_window(make_window, guide_file, dialogs, qtbot):
    """Issue 11, item 3: Ctrl+Q while a render was followed quit without a word."""
    window, context, _companions = make_window(guide_file)
    context.jobs.followed = 1
    dialogs.quit_while_rendering = False  # the user chooses Stay
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.asked == ["quit-while-rendering:1"]
    assert window.isVisible() and context.shutdowns == 0
    dialogs.quit_while_rendering = True
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible() and context.shutdowns == 1


def test_quitting_with_nothing_followed_asks_nothing(make_window, guide_file, dialogs):
    window, context, _companions = make_window(guide_file)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.asked == [] and not window.isVisible() and context.shutdowns == 1


def test_the_last_storyboard_reopens_on_the_scene_that_was_selected(make_window, guide_file, qtbot):
    """Issue 11: reopen the last project at start (an option, on by default), with its selected scene."""
    window, _context, _companions = make_window(guide_file)
    window.scene_panel.view.select_rows([1], 1)
    assert window.editor.row == 1
    assert window.close()

    again, context, _ = make_window()  # a new start: the settings file is read again
    assert context.settings.get("reopen_last_project") is True
    assert again.reopen_last_project()
    assert again.document.path == guide_file and again.editor.row == 1

    third, _, _ = make_window()
    third.context.settings.set("reopen_last_project", False)
    assert not third.reopen_last_project() and third.document.path is None
