"""The scene list: numbered rows with story, background, cost and a problem marker; drag or Ctrl+Up/Down
to reorder, Delete to remove the selected scenes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..qt.scene_list_model import SceneListModel, SceneRole
from . import theme

PADDING = 6
NUMBER_WIDTH = 26
MARKER_SIZE = 16


class SceneDelegate(QStyledItemDelegate):
    """Number, first words of the story, background and credits, and a round marker for problems."""

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

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        )
        text_colour = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlphaF(0.72)

        rect = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        number_rect = QRect(rect.left(), rect.top(), NUMBER_WIDTH, line)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignLeft, str(index.row() + 1))

        has_error = bool(index.data(SceneRole.HAS_ERROR))
        has_advice = bool(index.data(SceneRole.HAS_ADVICE))
        marker_space = MARKER_SIZE + PADDING if (has_error or has_advice) else 0
        text_left = rect.left() + NUMBER_WIDTH
        text_width = rect.right() - text_left - marker_space
        summary = opt.fontMetrics.elidedText(
            str(index.data(SceneRole.SUMMARY)), Qt.TextElideMode.ElideRight, text_width
        )
        painter.setFont(opt.font)
        painter.drawText(QRect(text_left, rect.top(), text_width, line), Qt.AlignmentFlag.AlignLeft, summary)
        detail = f"{index.data(SceneRole.BACKGROUND)} · {index.data(SceneRole.CREDITS)}"
        detail = opt.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight, text_width)
        painter.setPen(muted)
        painter.drawText(QRect(text_left, rect.top() + line, text_width, line), Qt.AlignmentFlag.AlignLeft, detail)

        if has_error or has_advice:
            colour = theme.error_colour(widget) if has_error else theme.advice_colour(widget)
            marker = QRect(
                rect.right() - MARKER_SIZE, rect.top() + (line - MARKER_SIZE) // 2 + 1, MARKER_SIZE, MARKER_SIZE
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(marker)
            painter.setPen(QColor("white"))
            painter.setFont(bold)
            painter.drawText(marker, Qt.AlignmentFlag.AlignCenter, "!" if has_error else "i")
        if opt.state & QStyle.StateFlag.State_HasFocus:
            # Where the keyboard is (Ctrl+Up/Down, Delete act here): a ring drawn over the selection colour too.
            ring = opt.palette.color(
                group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
            )
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ring, 2))
            painter.drawRoundedRect(QRectF(opt.rect).adjusted(2, 2, -2, -2), 3, 3)
        painter.restore()


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

    def dataChanged(  # noqa: N802 - Qt's name
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # QListView answers any dataChanged by laying out every row again and repainting the whole list:
        # 4-5 ms per keystroke with 1,000 scenes (docs/benchmarks.md). Rows all have the same size, so one
        # changed scene cannot move the others: repainting its row is enough.
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_selection(-1 if event.key() == Qt.Key.Key_Up else 1)
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


class ScenePanel(QWidget):
    """The list and the buttons that add, duplicate, delete and move scenes."""

    currentSceneChanged = Signal(int)

    def __init__(self, model: SceneListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = SceneListView(self)
        self.view.setModel(model)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.up_button.clicked.connect(lambda: self.view.move_selection(-1))
        self.down_button.clicked.connect(lambda: self.view.move_selection(1))
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.currentSceneChanged.emit(current.row())
        )

    def _button(self, name: str, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setToolTip(tooltip)
        return button
