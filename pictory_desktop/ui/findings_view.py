"""Errors and advice shown right under the field they concern, advice with a Dismiss button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..domain.findings import Finding
from . import theme


class FindingsView(QWidget):
    """A short list of findings; hidden when there are none so the form stays compact."""

    dismissRequested = Signal(Finding)  # the advice to hide

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._shown: list[Finding] = []
        self._after: QWidget | None = None
        self.setVisible(False)

    def sizeHint(self) -> QSize:
        # A word-wrapped label's own hint is its height at a guessed narrow width (several lines), and the
        # editor's form layout sizes the row by that hint, not by heightForWidth: a one-line error left a
        # blank band under it. Once this view has a width, its hint is its height at that width.
        hint = super().sizeHint()
        if self.width() > 0 and self.hasHeightForWidth():
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the hint depends on the width: let the layout ask again

    def follow(self, widget: QWidget) -> None:
        """Put this view's Dismiss buttons in the Tab order right after ``widget`` (the field they are about),
        not after everything else in the window, where buttons made later would otherwise land."""
        self._after = widget

    def findings(self) -> list[Finding]:
        return list(self._shown)

    def texts(self) -> list[str]:
        """What the user reads, one entry per finding (for tests and accessibility)."""
        return [self._text(f) for f in self._shown]

    @staticmethod
    def _text(finding: Finding) -> str:
        return f"{'Error' if finding.is_error else 'Tip'}: {finding.message}"

    def rebuild(self) -> None:
        """Draw the rows again (after a theme change, their colours are the new theme's)."""
        shown, self._shown = self._shown, []
        self.show_findings(shown)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        if list(findings) == self._shown:
            return  # typing re-renders on every key; rebuilding identical rows would flicker
        self._shown = list(findings)
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # deleteLater waits for the event loop; until then the old row would still paint
                # on top of the new ones, so take it off screen now.
                widget.hide()
                widget.deleteLater()
        previous = self._after
        for finding in self._shown:
            row = self._row(finding)
            self._layout.addWidget(row)
            button = row.findChild(QToolButton)
            if previous is not None and button is not None:
                QWidget.setTabOrder(previous, button)
                previous = button
        self.setVisible(bool(self._shown))

    def _row(self, finding: Finding) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self._text(finding), row)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        colour = theme.error_colour(self) if finding.is_error else theme.advice_colour(self)
        theme.set_text_colour(label, colour)
        label.setAccessibleName(self._text(finding))
        layout.addWidget(label, 1)
        if not finding.is_error:
            button = QToolButton(row)
            button.setText("Dismiss")
            button.setAutoRaise(True)
            button.setToolTip("Hide this tip for this project. Undo brings it back.")
            button.setObjectName(f"dismiss:{finding.advice_id}")
            button.clicked.connect(lambda _=False, advice=finding: self.dismissRequested.emit(advice))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row
