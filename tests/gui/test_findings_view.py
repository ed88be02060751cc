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


def test_a_one_line_error_in_a_form_leaves_no_blank_band_under_it(qtbot):
    # Seen in docs/screenshots/editor-error.png: a wide form row sized a one-line error by the wrapped
    # label's own hint (its height at a narrow guessed width, five lines), leaving a blank band below it.
    from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    outer = QVBoxLayout(window)
    form = QFormLayout()
    view = FindingsView()
    form.addRow("Prompt:", QLineEdit())
    form.addRow("", view)
    outer.addLayout(form)
    below = QPushButton("Apply to all scenes")
    outer.addWidget(below)
    outer.addStretch(1)
    view.show_findings([Finding("error", "prompt_too_long", "The prompt is 287 characters.", "scenes", 1, "prompt")])
    window.resize(900, 400)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()

    line = view.fontMetrics().lineSpacing()
    assert view.height() < 2 * line, f"one line of error takes {view.height()} px ({line} px a line)"
    gap = below.geometry().top() - view.mapTo(window, view.rect().bottomLeft()).y()
    assert gap < line, f"{gap} px of blank space under the error"
