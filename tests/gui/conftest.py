"""Shared fixtures for the editor's GUI tests: a document, sample storyboards, and a fake app context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.domain.catalog import default_catalog

# The guide's two-scene example (the same file the unit tests use).
GUIDE_EXAMPLE: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "unit" / "data" / "guide_example.json").read_text("utf-8")
)


@pytest.fixture
def backoffs():
    """Every retry delay the API clients of a ``make_context`` context asked for (jobs_fixtures.py), in order."""
    from tests.timing import Backoffs

    return Backoffs()


@pytest.fixture
def catalog():
    return default_catalog()


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    path = tmp_path / "guide-example.json"
    path.write_text(json.dumps(GUIDE_EXAMPLE, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def document(qtbot, catalog, guide_file):
    from pictory_desktop.qt.document import StoryboardDocument

    doc = StoryboardDocument(catalog)
    doc.open_file(guide_file)
    return doc


@pytest.fixture(autouse=True)
def quitting_never_waits_for_an_answer(monkeypatch):
    """A window closed at the end of a test while it still follows a render would ask "Quit while rendering?"
    and wait for a click that never comes. Tests that care about the question use ``dialogs``."""
    from pictory_desktop.ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "ask_quit_while_rendering", lambda _parent, _renders: True)


@pytest.fixture
def dialogs(monkeypatch):
    """Answers for every dialog the window can open, recorded so tests can assert they were asked."""
    from pictory_desktop.ui import file_dialogs

    class Answers:
        save_changes = file_dialogs.SaveChoice.DISCARD
        save_path: Path | None = None
        open_path: Path | None = None
        restore = True
        quit_while_rendering = True
        asked: list[str] = []
        errors: list[str] = []
        infos: list[tuple[str, str]] = []
        details: list[str] = []  # what each info's Licence texts button holds ("" for none)

    answers = Answers()
    answers.asked = []
    answers.errors = []
    answers.infos = []
    answers.details = []

    def ask_save_changes(_parent, name):
        answers.asked.append(f"save-changes:{name}")
        return answers.save_changes

    monkeypatch.setattr(file_dialogs.SaveChangesDialog, "ask", classmethod(lambda cls, p, n: ask_save_changes(p, n)))
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda _p, _s: answers.save_path)
    monkeypatch.setattr(file_dialogs, "ask_open_path", lambda _p, _s: answers.open_path)
    monkeypatch.setattr(file_dialogs, "show_error", lambda _p, _t, message: answers.errors.append(message))

    def show_info(_parent, title, text, *, details=""):
        answers.infos.append((title, text))
        answers.details.append(details)

    monkeypatch.setattr(file_dialogs, "show_info", show_info)
    monkeypatch.setattr(file_dialogs, "offer_copy", lambda _p, title, _m: answers.asked.append(f"copy:{title}") or True)

    def ask_restore(_parent, description):
        answers.asked.append(f"restore:{description}")
        return answers.restore

    monkeypatch.setattr(file_dialogs, "ask_restore_recovery", ask_restore)

    def ask_quit(_parent, renders):
        answers.asked.append(f"quit-while-rendering:{renders}")
        return answers.quit_while_rendering

    monkeypatch.setattr(file_dialogs, "ask_quit_while_rendering", ask_quit)
    return answers


@pytest.fixture
def make_window(qtbot, dialogs):
    """Build a MainWindow around a fake context; returns (window, context, companions)."""
    from pictory_desktop.ui.main_window import MainWindow

    from .fakes import FakeContext, RecordingCompanions

    def make(path: Path | None = None, *, render_answer: bool = True):
        context = FakeContext()
        companions = RecordingCompanions(render_answer)
        window = MainWindow(context, companions.bundle())
        qtbot.addWidget(window)
        window.show()
        # Window-wide shortcuts (Ctrl+Z) only reach an active window.
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        if path is not None:
            assert window.open_path(path)
        return window, context, companions

    return make
