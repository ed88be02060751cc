"""A damaged or newer settings file or job database: the app still starts, says what it set aside, keeps it."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from pictory_desktop.store.paths import AppPaths
from pictory_desktop.ui.main_window import MainWindow
from tests.robustness.reliability_rows import ROWS

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui

SETTINGS_ROW, JOBS_ROW = "window-damaged-settings", "window-damaged-jobs"  # rows in docs/reliability.md


def newer_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")


@pytest.mark.parametrize(
    ("row_id", "which", "damage"),
    [
        pytest.param(
            SETTINGS_ROW,
            "settings_file",
            lambda f: f.write_bytes(b"{not json"),
            id="settings-not-json",
            marks=pytest.mark.reliability_row(SETTINGS_ROW),
        ),
        pytest.param(
            SETTINGS_ROW,
            "settings_file",
            lambda f: f.write_text(json.dumps({"settingsVersion": 99}), "utf-8"),
            id="settings-newer",
            marks=pytest.mark.reliability_row(SETTINGS_ROW),
        ),
        pytest.param(
            JOBS_ROW,
            "jobs_db_file",
            lambda f: f.write_bytes(b"SQLite format 3\x00" + os.urandom(4096)),
            id="jobs-db-corrupt",
            marks=pytest.mark.reliability_row(JOBS_ROW),
        ),
        pytest.param(
            JOBS_ROW, "jobs_db_file", newer_database, id="jobs-db-newer", marks=pytest.mark.reliability_row(JOBS_ROW)
        ),
    ],
)
def test_the_app_starts_says_what_it_set_aside_and_keeps_it(qtbot, make_context, row_id, which, damage):  # noqa: F811
    damaged: Path = getattr(AppPaths.from_environment().ensure(), which)
    damage(damaged)
    original = damaged.read_bytes()

    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    for notice in context.notices:  # what ui.app.run does at start
        window.show_message(notice)
    shown = " ".join(context.notices)

    kept = [p for p in damaged.parent.iterdir() if p.name.startswith(damaged.name + ".broken-")]
    assert len(kept) == 1 and kept[0].read_bytes() == original  # kept, byte for byte, for inspection
    assert kept[0].name in shown  # the user is told where it is
    assert ROWS[row_id].quote in shown
    assert window.statusBar().currentMessage() in shown and window.statusBar().currentMessage()
    # And the app works: a fresh history and settings are in use.
    assert context.job_store.list_recent(5) == []
    assert context.settings.get("poll_interval_seconds") == 10
    window.close()
