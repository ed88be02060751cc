"""A list model over the document's scenes: no second copy of the data, just a view of the document.

Every structural change arrives from the document as an about-to / done signal pair, which this model
turns into the matching begin/end calls, so views keep their selection and scroll position through
adds, deletes, undo and redo. Drag and drop encodes the dragged row numbers and performs the move as
one undo command on drop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ..domain import describe
from ..domain.scene_picture import ScenePicture, scene_picture
from .document import StoryboardDocument

SCENE_ROWS_MIME = "application/x-pictory-desktop-scene-rows"

AnyIndex = QModelIndex | QPersistentModelIndex


class SceneRole(IntEnum):
    NUMBER = Qt.ItemDataRole.UserRole + 1
    SUMMARY = Qt.ItemDataRole.UserRole + 2
    BACKGROUND = Qt.ItemDataRole.UserRole + 3  # kind and model, e.g. "AI image · Flux"
    CREDITS = Qt.ItemDataRole.UserRole + 4
    HAS_ERROR = Qt.ItemDataRole.UserRole + 5
    HAS_ADVICE = Qt.ItemDataRole.UserRole + 6
    PICTURE = Qt.ItemDataRole.UserRole + 7  # a ScenePicture: which picture stands for the scene, and its source


class SceneListModel(QAbstractListModel):
    def __init__(self, document: StoryboardDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        # Says why a scene's picture cannot be shown (qt.thumbnails.Thumbnails.problem), for the tooltip.
        self.picture_problem: Callable[[str], str | None] = lambda _url: None
        document.aboutToReset.connect(self.beginResetModel)
        document.reset.connect(self.endResetModel)
        document.scenesAboutToBeInserted.connect(lambda first, last: self.beginInsertRows(QModelIndex(), first, last))
        document.scenesInserted.connect(lambda _first, _last: self.endInsertRows())
        document.scenesAboutToBeRemoved.connect(lambda first, last: self.beginRemoveRows(QModelIndex(), first, last))
        document.scenesRemoved.connect(lambda _first, _last: self.endRemoveRows())
        document.sceneAboutToBeMoved.connect(self._begin_move)
        document.sceneMoved.connect(self._end_move)
        document.sceneChanged.connect(self._scene_changed)
        # Dismissing advice changes the markers without touching any scene's content.
        document.videoChanged.connect(self._all_rows_changed)

    # -------------------------------------------------------------------------------- change plumbing

    def _begin_move(self, source: int, target: int) -> None:
        # Qt's destination is "the row to insert before", counted before the move happens.
        destination = target + 1 if target > source else target
        ok = self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        assert ok, "the document asked for a move Qt considers a no-op"

    def _end_move(self, _source: int, _target: int) -> None:
        self.endMoveRows()

    def _scene_changed(self, row: int) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def _all_rows_changed(self) -> None:
        count = self.rowCount()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, 0))

    # -------------------------------------------------------------------------------- reading

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.document.scene_count()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked a dozen times per row painted, so a plain range check rather than checkIndex (a third of the
        # cost of painting a card while scrolling the storyboard view).
        row = index.row()
        if not index.isValid() or not 0 <= row < self.document.scene_count():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # No scene number here: display data must move with the scene, and the number belongs to
            # the position (the view's delegate draws it).
            return f"{self._summary(row)}\n{self._background(row)} · {self._credits(row)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Scene {row + 1}: {self._summary(row)}. {self._background(row)}, {self._credits(row)}."
        if role == Qt.ItemDataRole.ToolTipRole:
            findings = self.document.scene_findings(row)
            text = "\n".join(f.describe() for f in findings) or "This scene has no problems."
            picture = self._picture(row)
            problem = self.picture_problem(picture.source) if picture.kind == "image" else None
            return f"{text}\nIts picture cannot be shown: {problem}" if problem else text
        if role == SceneRole.NUMBER:
            return row + 1
        if role == SceneRole.SUMMARY:
            return self._summary(row)
        if role == SceneRole.BACKGROUND:
            return self._background(row)
        if role == SceneRole.CREDITS:
            return self._credits(row)
        if role == SceneRole.HAS_ERROR:
            return any(f.is_error for f in self.document.scene_findings(row))
        if role == SceneRole.HAS_ADVICE:
            return any(not f.is_error for f in self.document.scene_findings(row))
        if role == SceneRole.PICTURE:
            return self._picture(row)
        return None

    def _picture(self, row: int) -> ScenePicture:
        return scene_picture(self.document.scene(row), self.document.catalog)

    def _summary(self, row: int) -> str:
        return describe.scene_summary(self.document.scene(row))

    def _background(self, row: int) -> str:
        scene = self.document.scene(row)
        visuals = describe.visuals_summary(scene, self.document.catalog)
        sound = describe.scene_sound_words(scene)  # a voice or music switch of its own
        return f"{visuals} · {sound}" if sound else visuals

    def _credits(self, row: int) -> str:
        return describe.scene_credits(self.document.scene_cost(row))

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in SceneRole:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land *between* scenes (on the root), never on a scene.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -------------------------------------------------------------------------------- drag and drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SCENE_ROWS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        # The document's id keeps a drag from one window from moving scenes in another.
        payload = {"document": id(self.document), "rows": rows}
        data.setData(SCENE_ROWS_MIME, QByteArray(json.dumps(payload).encode()))
        return data

    def _dragged_rows(self, data: QMimeData) -> list[int] | None:
        if not data.hasFormat(SCENE_ROWS_MIME):
            return None
        try:
            payload = json.loads(bytes(data.data(SCENE_ROWS_MIME).data()).decode())
        except ValueError:
            return None
        if payload.get("document") != id(self.document):
            return None
        rows = payload.get("rows")
        if not isinstance(rows, list) or not all(isinstance(r, int) and 0 <= r < self.rowCount() for r in rows):
            return None
        return rows

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        return action == Qt.DropAction.MoveAction and self._dragged_rows(data) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        rows = self._dragged_rows(data)
        if action != Qt.DropAction.MoveAction or rows is None:
            return False
        # Dropped on a scene: insert before it; dropped below the last one: append.
        destination = parent.row() if parent.isValid() else (row if row >= 0 else self.rowCount())
        self.document.move_scenes(rows, destination)
        return True
