"""A list of things that can be heard first (voices, music tracks): each row has a ▶ that plays its sample.

The ▶ is painted by the delegate and answers a click on it; Space plays the current row, so the keyboard
reaches every sample too. The row of the sample that plays shows ■ (click again to stop).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..qt.multimedia import has_audio_device, plays_silently
from ..qt.sample_player import SamplePlayer
from ..qt.voice_list_model import DetailRole, SampleRole
from . import theme

NO_DEVICE = plays_silently("samples play")

PLAY, STOP = "▶", "■"


class _SampleDelegate(QStyledItemDelegate):
    def __init__(self, view: SampleListView) -> None:
        super().__init__(view)
        self._view = view

    def button_rect(self, option_rect: QRect) -> QRect:
        side = min(option_rect.height() - 8, 28)
        return QRect(option_rect.left() + 6, option_rect.center().y() - side // 2, side, side)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, 2 * line + 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        widget = self._view
        style = widget.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.highlightedText().color() if selected else palette.text().color()
        painter.save()
        sample = str(index.data(SampleRole) or "")
        button = self.button_rect(rect)
        if sample:
            painter.setPen(colour)
            glyph = STOP if sample == self._view.playing_url else PLAY
            painter.drawText(button, Qt.AlignmentFlag.AlignCenter, glyph)
        text_left = button.right() + 10
        line = option.fontMetrics.lineSpacing()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(colour)
        title = QRect(text_left, rect.top() + 4, rect.right() - text_left - 4, line)
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data() or ""))
        painter.setFont(option.font)
        detail = QRect(text_left, rect.top() + 4 + line, rect.right() - text_left - 4, line)
        elided = option.fontMetrics.elidedText(
            str(index.data(DetailRole) or ""), Qt.TextElideMode.ElideRight, detail.width()
        )
        painter.drawText(detail, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    def editorEvent(
        self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            sample = str(index.data(SampleRole) or "")
            if sample and self.button_rect(option.rect).contains(event.position().toPoint()):
                self._view.sampleToggled.emit(sample)
                return True
        return super().editorEvent(event, model, option, index)


class SampleListView(QListView):
    sampleToggled = Signal(str)  # the sample URL whose ▶ (or ■) was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.playing_url = ""
        self.setItemDelegate(_SampleDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)

    def set_playing(self, url: str) -> None:
        self.playing_url = url
        self.viewport().update()

    def play_button_center(self, row: int) -> QRect:
        """Where row ``row``'s ▶ is, in viewport coordinates (tests click it)."""
        delegate = self.itemDelegate()
        assert isinstance(delegate, _SampleDelegate)
        return delegate.button_rect(self.visualRect(self.model().index(row, 0)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            sample = str(self.currentIndex().data(SampleRole) or "")
            if sample:
                self.sampleToggled.emit(sample)
                return
        super().keyPressEvent(event)


class SampleProblemLabel(QLabel):
    """Says why a sample cannot be heard here and offers the browser instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleProblem")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setOpenExternalLinks(False)
        self.linkActivated.connect(self._open)
        self.hide()

    def _open(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def say(self, url: str, sentence: str) -> None:
        link = f' <a href="{url}">Open it in your browser</a>.' if url.startswith(("https://", "http://")) else ""
        self.setText(f"{sentence}{link}")
        theme.set_text_colour(self, theme.warning_colour(self))
        self.show()


class SampleArea(QWidget):
    """A picker's list with ▶, a status line under it (with room for a button beside it) and the line that
    says when a sample cannot be heard. Wired to the one player: ▶ plays or stops, ■ follows what plays.
    Connections to the long-lived player are bound methods of this widget, so they go when it goes."""

    def __init__(
        self,
        player: SamplePlayer,
        model: QAbstractItemModel,
        *,
        names: tuple[str, str],  # object names of the list and of the status line
        beside_status: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._player = player
        self.view = SampleListView(self)
        self.view.setObjectName(names[0])
        self.view.setModel(model)
        self.view.setMinimumHeight(220)
        self.status_label = QLabel(self)
        self.status_label.setObjectName(names[1])
        self.status_label.setWordWrap(True)
        self.problem_label = SampleProblemLabel(self)
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        if beside_status is not None:
            status.addWidget(beside_status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(status)
        layout.addWidget(self.problem_label)
        self.view.sampleToggled.connect(self.toggle)
        player.playingChanged.connect(self.view.set_playing)
        player.problem.connect(self.problem_label.say)

    def toggle(self, url: str) -> None:
        if not has_audio_device():
            self.problem_label.say(url, NO_DEVICE)
        self._player.toggle(url)
