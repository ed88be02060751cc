"""The scene list: numbered rows with the scene's picture, story, background, cost and a problem marker; drag
or Ctrl+Up/Down to reorder, Delete to remove the selected scenes. The storyboard view (``SceneGridView``) shows
the same model as cards, through the same selection model: one toggle away (``ScenePanel``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..qt.scene_list_model import SceneListModel, SceneRole
from ..qt.thumbnails import Thumbnails
from . import theme
from .scene_pictures import cached_drawing, outline, paint_picture

PADDING = 6
NUMBER_WIDTH = 26
MARKER_SIZE = 16
PICTURE_GAP = 6
CARD_WIDTH = 188  # the storyboard view's cards: picture 16:9 on top, story, cost
CARD_PADDING = 6
CARD_SPACING = 6


def _owner_view(widget: QWidget | None) -> SceneListView | None:
    view = widget
    while view is not None and not isinstance(view, SceneListView):
        view = view.parentWidget()
    return view if isinstance(view, SceneListView) else None


def _paint_scene_picture(
    painter: QPainter, rect: QRect, opt: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
) -> None:
    view = _owner_view(opt.widget)
    picture = index.data(SceneRole.PICTURE)
    thumbnails = view.thumbnails if view is not None else None
    paint_picture(painter, rect, picture, thumbnails, opt.palette, opt.font, _dpr(opt.widget))
    if view is not None and picture is not None and picture.kind == "image":
        view.note_picture_row(picture.source, index.row())


def _dpr(widget: QWidget | None) -> float:
    return widget.devicePixelRatioF() if widget is not None else 1.0


def _text_colours(opt: QStyleOptionViewItem) -> tuple[QColor, QColor, QPalette.ColorGroup, bool]:
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
    text = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    muted = QColor(text)
    muted.setAlphaF(0.72)
    return text, muted, group, selected


def _paint_marker(painter: QPainter, marker: QRect, has_error: bool, widget: QWidget, bold: QFont) -> None:
    colour = theme.error_colour(widget) if has_error else theme.advice_colour(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(marker)
    painter.setPen(QColor("white"))
    painter.setFont(bold)
    painter.drawText(marker, Qt.AlignmentFlag.AlignCenter, "!" if has_error else "i")


def _paint_focus(painter: QPainter, opt: QStyleOptionViewItem, group: QPalette.ColorGroup, selected: bool) -> None:
    if opt.state & QStyle.StateFlag.State_HasFocus:
        # Where the keyboard is (Ctrl+Up/Down, Delete act here): a ring drawn over the selection colour too.
        ring = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(ring, 2))
        painter.drawRoundedRect(QRectF(opt.rect).adjusted(2, 2, -2, -2), 3, 3)


class SceneDelegate(QStyledItemDelegate):
    """Number, the scene's picture, first words of the story, background and credits, and a round marker for
    problems."""

    @staticmethod
    def picture_rect(rect: QRect) -> QRect:
        """Where the picture goes in a row's content ``rect``: 16:9, as tall as the two lines of text."""
        height = rect.height()
        return QRect(rect.left() + NUMBER_WIDTH, rect.top(), height * 16 // 9, height)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, 2 * line + 2 * PADDING + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        opt.text = ""
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        text_colour, muted, group, selected = _text_colours(opt)

        rect = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        number = str(index.row() + 1)
        picture_rect = self.picture_rect(rect)
        _paint_scene_picture(painter, picture_rect, opt, index)

        has_error = bool(index.data(SceneRole.HAS_ERROR))
        has_advice = bool(index.data(SceneRole.HAS_ADVICE))
        marker_space = MARKER_SIZE + PADDING if (has_error or has_advice) else 0
        text_left = picture_rect.right() + 1 + PICTURE_GAP
        text_width = rect.right() - text_left - marker_space
        summary = str(index.data(SceneRole.SUMMARY))
        detail = f"{index.data(SceneRole.BACKGROUND)} · {index.data(SceneRole.CREDITS)}"
        font, metrics = opt.font, opt.fontMetrics

        # Drawn directly, not through the pixmap cache as the cards are: a keystroke changes the edited row's
        # words every time, and a new pixmap per key cost the keystroke more than the cache saves a scroll.
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(rect.left(), rect.top(), NUMBER_WIDTH, line), Qt.AlignmentFlag.AlignLeft, number)
        painter.setFont(font)
        elided = metrics.elidedText(summary, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(QRect(text_left, rect.top(), text_width, line), Qt.AlignmentFlag.AlignLeft, elided)
        painter.setPen(muted)
        elided = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(QRect(text_left, rect.top() + line, text_width, line), Qt.AlignmentFlag.AlignLeft, elided)

        if has_error or has_advice:
            marker = QRect(
                rect.right() - MARKER_SIZE, rect.top() + (line - MARKER_SIZE) // 2 + 1, MARKER_SIZE, MARKER_SIZE
            )
            _paint_marker(painter, marker, has_error, widget, bold)
        _paint_focus(painter, opt, group, selected)
        painter.restore()


class SceneCardDelegate(QStyledItemDelegate):
    """A storyboard card: the picture on top, the number and a few lines of story, then background and cost."""

    STORY_LINES = 3

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        picture = (CARD_WIDTH - 2 * CARD_PADDING) * 9 // 16
        return QSize(CARD_WIDTH, picture + (self.STORY_LINES + 1) * line + 3 * CARD_PADDING)

    def _paint_text(
        self,
        painter: QPainter,
        rect: QRect,
        line: int,
        texts: tuple[str, str, str],
        fonts: tuple[QFont, QFont, QFontMetrics],
        colours: tuple[QColor, QColor],
    ) -> None:
        """The number, up to three lines of story (the first after the number) and the cost, in ``rect``."""
        number, summary, credits = texts
        font, bold, metrics = fonts
        text_colour, muted = colours
        left, top, width = rect.left(), rect.top(), rect.width()
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(left, top, width, line), Qt.AlignmentFlag.AlignLeft, number)
        indent = metrics.horizontalAdvance(number) + 2
        painter.setFont(font)
        painter.save()
        painter.setClipRect(QRect(left, top, width, self.STORY_LINES * line))
        first, rest = _split_first_line(summary, metrics, width - indent)
        painter.drawText(QRect(left + indent, top, width - indent, line), Qt.AlignmentFlag.AlignLeft, first)
        if rest:
            painter.drawText(
                QRect(left, top + line, width, (self.STORY_LINES - 1) * line),
                Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, rest,
            )  # fmt: skip
        painter.restore()
        painter.setPen(muted)
        cost = metrics.elidedText(credits, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, top + self.STORY_LINES * line, width, line), Qt.AlignmentFlag.AlignLeft, cost)

    @staticmethod
    def picture_rect(rect: QRect) -> QRect:
        inner = rect.adjusted(CARD_PADDING, CARD_PADDING, -CARD_PADDING, -CARD_PADDING)
        return QRect(inner.left(), inner.top(), inner.width(), inner.width() * 9 // 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        opt.text = ""
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        text_colour, muted, group, selected = _text_colours(opt)
        painter.save()
        if not selected:
            edge = QColor(text_colour)
            edge.setAlphaF(0.18)
            outline(painter, opt.rect, edge, opt.palette.color(group, QPalette.ColorRole.Base))
        picture_rect = self.picture_rect(opt.rect)
        _paint_scene_picture(painter, picture_rect, opt, index)
        bold = QFont(opt.font)
        bold.setBold(True)
        if index.data(SceneRole.HAS_ERROR) or index.data(SceneRole.HAS_ADVICE):
            has_error = bool(index.data(SceneRole.HAS_ERROR))
            marker = QRect(0, 0, MARKER_SIZE, MARKER_SIZE)
            marker.moveBottomLeft(picture_rect.bottomLeft() + QPoint(4, -4))
            _paint_marker(painter, marker, has_error, widget, bold)

        line = opt.fontMetrics.lineSpacing()
        top = picture_rect.bottom() + 1 + CARD_PADDING
        text_rect = QRect(picture_rect.left(), top, picture_rect.width(), (self.STORY_LINES + 1) * line)
        number = f"{index.row() + 1}  "
        summary = str(index.data(SceneRole.SUMMARY))
        credits = str(index.data(SceneRole.CREDITS))
        font, metrics = opt.font, opt.fontMetrics

        def draw(text_painter: QPainter, local: QRect) -> None:
            texts, fonts = (number, summary, credits), (font, bold, metrics)
            self._paint_text(text_painter, local, line, texts, fonts, (text_colour, muted))

        key = ("card", number, summary, credits, line, font.key(), text_colour.rgba(), muted.rgba())
        cached_drawing(painter, text_rect, _dpr(widget), key, draw)
        _paint_focus(painter, opt, group, selected)
        painter.restore()


def _split_first_line(text: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
    """The words that fit on a first line ``width`` pixels wide, and the rest."""
    words = text.split()
    fitted = 0
    for count in range(1, len(words) + 1):
        if metrics.horizontalAdvance(" ".join(words[:count])) > width:
            break
        fitted = count
    return " ".join(words[:fitted]), " ".join(words[fitted:])


class SceneListView(QListView):
    """Reorders by keyboard (Ctrl+Up/Down) and by drag and drop, each as one undo step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sceneList")
        self.setAccessibleName("sceneList")
        self.setToolTip("The video's scenes in order. Drag to reorder, or use Ctrl+Up and Ctrl+Down.")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Not InternalMove: that mode makes Qt try moveRow() per dragged row (several undo steps). The model's
        # dropMimeData moves them all as one step, and refuses scenes dragged from another window.
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setDragDropOverwriteMode(False)
        self.setItemDelegate(SceneDelegate(self))
        self.setUniformItemSizes(True)
        self.thumbnails: Thumbnails | None = None
        self._picture_rows: dict[str, set[int]] = {}  # rows painted with a picture still to come, by its URL

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        """Where the pictures come from; a picture made (or found broken) repaints the rows that show it."""
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._picture_ready)
        self.viewport().update()

    def note_picture_row(self, url: str, row: int) -> None:
        """The delegate painted ``row`` with the picture at ``url`` (or its tile while it is being made)."""
        if len(self._picture_rows) > 4000:
            self._picture_rows.clear()  # rows long scrolled past: a repaint of them would be wasted anyway
        self._picture_rows.setdefault(url, set()).add(row)

    def _picture_ready(self, url: str) -> None:
        rows = self._picture_rows.pop(url, ())
        if not self.isVisible():
            return
        area = self.viewport().rect()
        model = self.model()
        for row in rows:
            rect = self.visualRect(model.index(row, 0))
            if rect.intersects(area):
                self.viewport().update(rect)  # only that row or card: one arriving picture, one small repaint

    def dataChanged(  # noqa: N802 - Qt's name
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # QListView answers any dataChanged by laying out every row again and repainting the whole list:
        # 4-5 ms per keystroke with 1,000 scenes (docs/benchmarks.md). Rows all have the same size, so one
        # changed scene cannot move the others: repainting its row is enough.
        if not self.isVisible():
            # The view switched away from (list or storyboard): nothing to repaint, and asking a hidden wrapping
            # view where a row is would lay it out. Rows all have one size, so a change moves nothing; the
            # view paints from the model when it is shown again.
            return
        if top_left == bottom_right and top_left.isValid() and self.uniformItemSizes():
            self.update(top_left)
            return
        super().dataChanged(top_left, bottom_right, roles)

    def scene_model(self) -> SceneListModel:
        model = self.model()
        assert isinstance(model, SceneListModel)
        return model

    def selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return rows

    def select_rows(self, rows: list[int], current: int | None = None) -> None:
        selection = self.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select
        for row in rows:
            selection.select(self.model().index(row, 0), flags)
        if current is not None:
            selection.setCurrentIndex(self.model().index(current, 0), selection.SelectionFlag.NoUpdate)

    def move_selection(self, step: int) -> bool:
        rows = self.selected_rows()
        current = self.currentIndex().row()
        if not self.scene_model().document.move_scenes_by(rows, step):
            return False
        self.select_rows([r + step for r in rows], current + step if current >= 0 else None)
        return True

    MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        step = self.MOVE_KEYS.get(Qt.Key(event.key()))
        if control and step is not None:
            self.move_selection(step)
            event.accept()
            return
        super().keyPressEvent(event)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        # The drop performs the move itself (one undo command). Qt's default would then also remove the
        # dragged rows from the source after a MoveAction, so run the drag without that clean-up.
        indexes = [i for i in self.selectedIndexes() if i.isValid()]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)


class SceneGridView(SceneListView):
    """The storyboard view: the same scenes as cards, left to right and wrapping. Arrow keys move between cards,
    Ctrl+arrows move the selected scenes (Left/Up earlier, Right/Down later), drag reorders (one undo step)."""

    MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sceneGrid")
        self.setAccessibleName("sceneGrid")
        self.setToolTip("The storyboard: the video's scenes as cards, in order. Drag a card to move its scene.")
        # List mode laid out left to right with wrapping, not icon mode: icon mode lets a drop move a card
        # anywhere on the canvas, while this keeps an order, drops between cards and Qt's fast uniform layout.
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(CARD_SPACING // 2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(SceneCardDelegate(self))


class ScenePanel(QWidget):
    """The list (or the storyboard view of the same scenes) and the buttons that add, duplicate, delete and
    move scenes. Both views share one selection model, so switching keeps the selection and current scene."""

    currentSceneChanged = Signal(int)
    storyboardViewChanged = Signal(bool)

    def __init__(self, model: SceneListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = SceneListView(self)
        self.view.setModel(model)
        self.grid = SceneGridView(self)
        self.grid.setModel(model)
        old_selection = self.grid.selectionModel()
        self.grid.setSelectionModel(self.view.selectionModel())
        old_selection.deleteLater()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.grid)
        self.list_button = self._toggle("listViewButton", "☰ List", "Show the scenes as a list.")
        self.grid_button = self._toggle(
            "storyboardViewButton", "▦ Storyboard", "Show the scenes as cards with their pictures."
        )
        self.list_button.setChecked(True)
        toggles = QButtonGroup(self)
        toggles.setExclusive(True)
        toggles.addButton(self.list_button)
        toggles.addButton(self.grid_button)
        self.grid_button.toggled.connect(self.set_storyboard_view)
        self.add_button = self._button(
            "addSceneButton", "&Add scene", "Add an empty scene after the current one (Ctrl+Return)."
        )
        self.duplicate_button = self._button("duplicateSceneButton", "D&uplicate", "Copy the selected scenes (Ctrl+D).")
        self.delete_button = self._button(
            "deleteScenesButton", "Delete", "Delete the selected scenes (Delete). Undo brings them back."
        )
        self.up_button = self._button("moveSceneUpButton", "↑", "Move the selected scenes up (Ctrl+Up).")
        self.down_button = self._button("moveSceneDownButton", "↓", "Move the selected scenes down (Ctrl+Down).")
        for button in (self.up_button, self.down_button):
            button.setAccessibleName(button.toolTip())
            button.setFixedWidth(button.sizeHint().height() + 6)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        switch = QHBoxLayout()
        switch.setContentsMargins(0, 0, 0, 0)
        switch.setSpacing(0)
        switch.addWidget(self.list_button)
        switch.addWidget(self.grid_button)
        switch.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(switch)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.up_button.clicked.connect(lambda: self.view.move_selection(-1))
        self.down_button.clicked.connect(lambda: self.view.move_selection(1))
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.currentSceneChanged.emit(current.row())
        )
        # The view not on screen does not scroll itself: the one shown follows the current scene.
        self.view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.active_view().scrollTo(current)
        )

    def _toggle(self, name: str, text: str, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setToolTip(tooltip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def views(self) -> tuple[SceneListView, SceneGridView]:
        return self.view, self.grid

    def active_view(self) -> SceneListView:
        current = self.stack.currentWidget()
        assert isinstance(current, SceneListView)
        return current

    def is_storyboard_view(self) -> bool:
        return self.stack.currentWidget() is self.grid

    def set_storyboard_view(self, on: bool) -> None:
        """Cards or list; the selection, the current scene and the keyboard focus carry over."""
        if on == self.is_storyboard_view():
            return
        had_focus = self.active_view().hasFocus()
        target: SceneListView = self.grid if on else self.view
        self.stack.setCurrentWidget(target)
        (self.grid_button if on else self.list_button).setChecked(True)
        if target.currentIndex().isValid():
            target.scrollTo(target.currentIndex())
        if had_focus:
            target.setFocus()
        self.storyboardViewChanged.emit(on)

    def set_thumbnails(self, thumbnails: Thumbnails) -> None:
        for view in self.views():
            view.set_thumbnails(thumbnails)

    def _button(self, name: str, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setToolTip(tooltip)
        return button
