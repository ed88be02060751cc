"""In the sandbox the balance goes down, so the app says one thing everywhere: these are pretend credits
(issue 11, item 6: the banner said no credits are spent and the Jobs list 'not charged' while the sandbox
balance went down)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel

from pictory_desktop.qt.jobs_model import CREDITS, JobsModel
from pictory_desktop.ui.companions import Companions
from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import make_context, qt_messages  # noqa: F401

pytestmark = pytest.mark.gui

CONTRADICTIONS = ("no credits are spent", "not charged", "No credits are spent")


def test_banner_footer_and_jobs_list_all_say_pretend_credits(qtbot, make_context, guide_file):  # noqa: F811
    context = make_context(sandbox=True)
    window = MainWindow(context, replace(Companions(), ask_render=lambda *a, **k: True))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    context.start()
    assert window.open_path(guide_file)
    balance = window.findChild(QLabel, "balanceLabel")
    assert balance is not None
    qtbot.waitUntil(lambda: "500" in balance.text(), timeout=10_000)
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        window.render_video()
    texts = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    (jobs_model,) = window.findChildren(JobsModel)
    credits_cell = jobs_model.index(0, CREDITS).data()
    assert "pretend" in credits_cell
    assert any("pretend credits" in text for text in texts)  # the banner
    assert "pretend credits" in balance.text()
    assert not [t for t in [*texts, credits_cell] if any(c in t for c in CONTRADICTIONS)]
