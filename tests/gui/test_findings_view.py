from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from pictory_desktop.domain.findings import Finding
from pictory_desktop.ui.findings_view import FindingsView

pytestmark = pytest.mark.gui


def advice(code: str, message: str) -> Finding:
    return Finding("advice", code, message, "scenes", None, "")


def visible_texts(view: FindingsView) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]


def test_replaced_findings_never_paint_over_the_new_ones(qtbot):
    # Seen in a screenshot: rows removed with deleteLater stayed visible until the event loop ran,
    # so old and new advice were drawn on top of each other.
    view = FindingsView()
    qtbot.addWidget(view)
    view.show()
    view.show_findings([advice("a", "First tip."), advice("b", "Second tip.")])
    view.show_findings([advice("c", "Only tip now.")])
    QApplication.processEvents()  # shows the new row; deferred deletions are not run here
    assert visible_texts(view) == ["Tip: Only tip now."]
