"""One QUndoCommand per kind of edit. Each stores before and after values and calls the document's
``apply_*`` primitives, so redo and undo are exact and cheap (scenes are immutable values).

Typing merges: consecutive ``SetScene`` commands for the same scene and field (or ``SetVideoFields``
for the same field) fold into one step, so Ctrl+Z undoes a typed sentence, not one letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from ..domain.storyboard import Scene

if TYPE_CHECKING:
    from .document import StoryboardDocument

_MERGE_SCENE_FIELD = 1001
_MERGE_VIDEO_FIELD = 1002


class DocumentCommand(QUndoCommand):
    def __init__(self, document: StoryboardDocument, text: str) -> None:
        super().__init__(text)
        self.document = document


class SetScene(DocumentCommand):
    def __init__(
        self, document: StoryboardDocument, index: int, scene: Scene, text: str, *, merge_field: str | None
    ) -> None:
        super().__init__(document, text)
        self.index = index
        self.before = document.scene(index)
        self.after = scene
        self.merge_field = merge_field

    def redo(self) -> None:
        self.document.apply_scene(self.index, self.after)

    def undo(self) -> None:
        self.document.apply_scene(self.index, self.before)

    def id(self) -> int:
        return _MERGE_SCENE_FIELD if self.merge_field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetScene) or (other.index, other.merge_field) != (self.index, self.merge_field):
            return False
        self.after = other.after
        return True


class SetVideoFields(DocumentCommand):
    """Video name, aspect ratio or the app's own data (dismissed advice)."""

    def __init__(
        self, document: StoryboardDocument, fields: Mapping[str, Any], text: str, *, merge_key: str | None = None
    ) -> None:
        super().__init__(document, text)
        self.after = dict(fields)
        self.before = {name: getattr(document.storyboard, name) for name in fields}
        self.merge_key = merge_key

    def redo(self) -> None:
        self.document.apply_video_fields(self.after)

    def undo(self) -> None:
        self.document.apply_video_fields(self.before)

    def id(self) -> int:
        return _MERGE_VIDEO_FIELD if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetVideoFields) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class InsertScenes(DocumentCommand):
    def __init__(self, document: StoryboardDocument, index: int, scenes: Sequence[Scene], text: str) -> None:
        super().__init__(document, text)
        self.index = index
        self.scenes = tuple(scenes)

    def redo(self) -> None:
        self.document.apply_insert(self.index, self.scenes)

    def undo(self) -> None:
        self.document.apply_remove(self.index, len(self.scenes))


class RemoveScenes(DocumentCommand):
    """Delete any set of scenes; undo puts each back in its old place."""

    def __init__(self, document: StoryboardDocument, rows: Sequence[int]) -> None:
        count = len(rows)
        super().__init__(document, "Delete a scene" if count == 1 else f"Delete {count} scenes")
        self.removed = [(row, document.scene(row)) for row in sorted(rows)]
        self.app_data_before: Mapping[str, Any] = document.storyboard.app_data

    def redo(self) -> None:
        # Removing drops the removed scenes' dismissed advice; undo puts it back with them.
        self.app_data_before = self.document.storyboard.app_data
        # Highest first, so the lower row numbers stay valid.
        for row, _scene in reversed(self.removed):
            self.document.apply_remove(row, 1)

    def undo(self) -> None:
        for row, scene in self.removed:
            self.document.apply_insert(row, [scene])
        self.document.restore_app_data(self.app_data_before)


class ReorderScenes(DocumentCommand):
    """A drag-and-drop or keyboard move, stored as a permutation so undo is its inverse."""

    def __init__(self, document: StoryboardDocument, order: Sequence[int], text: str) -> None:
        super().__init__(document, text)
        self.order = list(order)
        self.inverse = [0] * len(order)
        for new_position, old_position in enumerate(order):
            self.inverse[old_position] = new_position

    def redo(self) -> None:
        self.document.apply_order(self.order)

    def undo(self) -> None:
        self.document.apply_order(self.inverse)


class ReplaceScenes(DocumentCommand):
    """Several scenes changed at once (apply a model and style to many) as one step."""

    def __init__(self, document: StoryboardDocument, changes: Mapping[int, Scene], text: str) -> None:
        super().__init__(document, text)
        self.after = dict(changes)
        self.before = {row: document.scene(row) for row in changes}

    def redo(self) -> None:
        for row, scene in self.after.items():
            self.document.apply_scene(row, scene)

    def undo(self) -> None:
        for row, scene in self.before.items():
            self.document.apply_scene(row, scene)
