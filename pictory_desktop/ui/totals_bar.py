"""The bottom bar: what the whole video costs, the account balance, what would remain, and Render."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ..domain import describe
from ..domain.findings import Finding
from ..qt.document import StoryboardDocument
from ..qt.services import ConnectionStatus
from . import theme

MAX_REASONS_IN_LABEL = 1


SANDBOX_MODE = "Sandbox · pretend credits"
ACCOUNT_MODE = "Your Pictory account · renders spend real AI credits"
INVITATION = "Start by writing what the narrator says in scene 1, or open a storyboard with File › Open."


def first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def render_blockers(errors: list[Finding]) -> str:
    """Why Render is off, as the sentence the user reads; empty when rendering is possible."""
    if not errors:
        return ""
    first = errors[0]
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
    return f"Render is off until this is fixed: {first.location}: {first.message}{tail}"


class TotalsBar(QFrame):
    renderRequested = Signal()

    def __init__(
        self, document: StoryboardDocument, connection: ConnectionStatus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.connection = connection
        self._balance_problem = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.total_label = self._label("totalCreditsLabel", "AI credits this video will use when rendered.")
        font = self.total_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.total_label.setFont(font)
        self.length_label = self._label("videoLengthLabel", describe.LENGTH_EXPLAINED)
        self.balance_label = self._label("balanceLabel", "Your Pictory account's AI credits, and what would remain.")
        # Which credits a render spends, always in sight: the banner goes once the user switches to Pictory.
        self.mode_label = self._label("modeLabel", "Where renders go: the sandbox on this computer, or Pictory.")
        self.reason_label = self._label("renderReasonLabel", "")
        self.reason_label.setWordWrap(True)
        theme.set_text_colour(self.reason_label, theme.error_colour(self))
        self.render_button = QPushButton("&Render video…", self)
        self.render_button.setObjectName("renderButton")
        self.render_button.setAccessibleName("renderButton")
        self.render_button.setDefault(False)
        self.render_button.clicked.connect(self.renderRequested)

        figures = QVBoxLayout()
        figures.setSpacing(0)
        headline = QHBoxLayout()
        headline.setSpacing(6)
        headline.addWidget(self.total_label)
        headline.addWidget(self.length_label, 0, Qt.AlignmentFlag.AlignBottom)
        headline.addStretch(1)
        figures.addLayout(headline)
        figures.addWidget(self.balance_label)
        figures.addWidget(self.mode_label)
        layout = self._row = QHBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.reason_label, 1)
        layout.addWidget(self.render_button)
        self.render_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.render_button.setMinimumWidth(160)

        document.storyboardChanged.connect(self.refresh)
        connection.balanceChanged.connect(self._balance_changed)
        connection.balanceFailed.connect(self._balance_failed)
        connection.modeChanged.connect(lambda _mode: self.refresh())
        self.refresh()

    def set_renders_action(self, action: QAction) -> None:
        button = QToolButton(self)
        button.setObjectName("rendersPanelButton")
        button.setDefaultAction(action)
        self._row.insertWidget(self._row.count() - 1, button)

    def _label(self, name: str, tooltip: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(name)
        label.setToolTip(tooltip)
        return label

    def _balance_changed(self, _quota: object) -> None:
        self._balance_problem = ""
        self.refresh()

    def _balance_failed(self, message: str) -> None:
        self._balance_problem = message
        self.refresh()

    def refresh(self) -> None:
        estimate = self.document.estimate()
        self.total_label.setText(describe.total_credits(estimate))
        length = self.document.length_estimate()
        said = describe.length_words(length.seconds, floor=bool(length.uncertain_scenes))
        self.length_label.setText(f"· video {said} long")
        self.balance_label.setText(self._balance_text(estimate.total, estimate.estimated))
        # One line whatever went wrong: the whole sentence is in the tooltip, not a 12-line column.
        self.balance_label.setToolTip(self._balance_problem or "Your account's AI credits, and what would remain.")
        sandbox = self.connection.mode == "sandbox"
        self.mode_label.setText(SANDBOX_MODE if sandbox else ACCOUNT_MODE)
        untouched = self.document.is_untouched
        reason = INVITATION if untouched else render_blockers(self.document.errors())
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))
        theme.set_text_colour(self.reason_label, None if untouched else theme.error_colour(self))
        self.render_button.setEnabled(not reason)
        self.render_button.setToolTip(reason or "Check the cost and send this storyboard to be rendered.")

    def _balance_text(self, total: Decimal, estimated: bool) -> str:
        quota = getattr(self.connection, "balance", None)
        if quota is None:
            if self._balance_problem:
                return f"Balance unavailable: {first_sentence(self._balance_problem)}"
            return "Balance: checking…"
        balance = quota.balance
        remaining = balance - total
        approx = "≈ " if estimated else ""
        label = f"Balance ({describe.PRETEND} credits)" if self.connection.mode == "sandbox" else "Balance"
        text = f"{label}: {describe.credits(balance)} · after this render: {approx}{describe.credits(remaining)}"
        if remaining < 0:
            text += " (not enough credits)"
        return text
