"""A damaged or newer settings file or job database: the app still starts, says what it set aside, keeps it."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from pictory_desktop.store.paths import AppPaths
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui


def paths() -> AppPaths:
    return AppPaths.from_environment().ensure()


def status_text(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.settings_file.write_bytes(b"{not json"), id="settings-not-json"),
        pytest.param(
            lambda p: p.settings_file.write_text(json.dumps({"settingsVersion": 99}), "utf-8"), id="settings-newer"
        ),
        pytest.param(
            lambda p: p.jobs_db_file.write_bytes(b"SQLite format 3\x00" + os.urandom(4096)), id="jobs-db-corrupt"
        ),
        pytest.param(
            lambda p: sqlite3.connect(p.jobs_db_file).execute("PRAGMA user_version = 99").connection.commit(),
            id="jobs-db-newer",
        ),
    ],
)
def test_the_app_starts_says_what_it_set_aside_and_keeps_it(qtbot, make_context, damage):  # noqa: F811
    where = paths()
    damage(where)
    damaged = where.settings_file if "settings" in os.environ.get("PYTEST_CURRENT_TEST", "") else where.jobs_db_file
    original = damaged.read_bytes()

    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    for notice in context.notices:
        window.show_message(notice)

    kept = [p for p in damaged.parent.iterdir() if p.name.startswith(damaged.name + ".broken-")]
    assert len(kept) == 1 and kept[0].read_bytes() == original  # kept, byte for byte, for inspection
    assert context.notices and kept[0].name in " ".join(context.notices)
    assert kept[0].name in status_text(window)  # the user is told, in the window
    # And the app works: a fresh history and settings are in use.
    assert context.job_store.list_recent(5) == []
    assert context.settings.get("poll_interval_seconds") == 10
    window.close()
