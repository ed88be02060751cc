"""The scenes "New from script" would make, as a table: number, story, length, credits (one reset per change)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pictory_desktop.domain import describe
from pictory_desktop.domain.script import ScriptPreview

HEADERS = ("#", "Story", "Length", "Credits")
STORY_CHARACTERS = 160  # what a row shows of a long story; the tooltip has all of it


class ScriptPreviewModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._preview = ScriptPreview((), Decimal(0), Decimal(0), True)

    def set_preview(self, preview: ScriptPreview) -> None:
        self.beginResetModel()
        self._preview = preview
        self.endResetModel()

    @property
    def preview(self) -> ScriptPreview:
        return self._preview

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._preview.scenes)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._preview.scenes):
            return None
        scene = self._preview.scenes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(index.row() + 1)
            if column == 1:
                story = " ".join(scene.story.split())
                return story if len(story) <= STORY_CHARACTERS else story[: STORY_CHARACTERS - 1] + "…"
            if column == 2:
                return describe.format_duration(scene.seconds)
            return describe.credits(scene.cost.credits) if scene.cost.priced else "?"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = scene.story
            if scene.over_limit:
                text = "This part is longer than a scene's story may be (15,000 characters): split it.\n\n" + text
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
