"""One QUndoCommand per kind of edit. Each stores before and after values and calls the storyboard state's
``apply_*`` primitives, so redo and undo are exact and cheap (scenes are immutable values).

Typing merges: consecutive ``SetScene`` commands for the same scene and field (or ``SetVideo`` for the same
field) fold into one step, so Ctrl+Z undoes a typed sentence, not one letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtGui import QUndoCommand

from ..domain.storyboard import Scene, Storyboard
from .storyboard_state import StoryboardState

_MERGE_SCENE_FIELD = 1001
_MERGE_VIDEO_FIELD = 1002


class StateCommand(QUndoCommand):
    def __init__(self, state: StoryboardState, text: str) -> None:
        super().__init__(text)
        self.state = state


class SetScene(StateCommand):
    def __init__(self, state: StoryboardState, index: int, scene: Scene, text: str, *, merge_field: str | None) -> None:
        super().__init__(state, text)
        self.index = index
        self.before = state.scene(index)
        self.after = scene
        self.merge_field = merge_field

    def redo(self) -> None:
        self.state.apply_scene(self.index, self.after)

    def undo(self) -> None:
        self.state.apply_scene(self.index, self.before)

    def id(self) -> int:
        return _MERGE_SCENE_FIELD if self.merge_field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetScene) or (other.index, other.merge_field) != (self.index, self.merge_field):
            return False
        self.after = other.after
        return True


class SetVideo(StateCommand):
    """Video name, aspect ratio or the video's dismissed advice: ``after`` is the storyboard with them set."""

    def __init__(self, state: StoryboardState, after: Storyboard, text: str, *, merge_key: str | None = None) -> None:
        super().__init__(state, text)
        self.before = state.storyboard
        self.after = after
        self.merge_key = merge_key

    def redo(self) -> None:
        self.state.apply_video(self.after)

    def undo(self) -> None:
        self.state.apply_video(self.before)

    def id(self) -> int:
        return _MERGE_VIDEO_FIELD if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetVideo) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class InsertScenes(StateCommand):
    def __init__(self, state: StoryboardState, index: int, scenes: Sequence[Scene], text: str) -> None:
        super().__init__(state, text)
        self.index = index
        self.scenes = tuple(scenes)

    def redo(self) -> None:
        self.state.apply_insert(self.index, self.scenes)

    def undo(self) -> None:
        self.state.apply_remove(self.index, len(self.scenes))


class RemoveScenes(StateCommand):
    """Delete any set of scenes; undo puts each back in its old place (with its dismissed advice)."""

    def __init__(self, state: StoryboardState, rows: Sequence[int]) -> None:
        count = len(rows)
        super().__init__(state, "Delete a scene" if count == 1 else f"Delete {count} scenes")
        self.removed = [(row, state.scene(row)) for row in sorted(rows)]

    def redo(self) -> None:
        # Highest first, so the lower row numbers stay valid.
        for row, _scene in reversed(self.removed):
            self.state.apply_remove(row, 1)

    def undo(self) -> None:
        for row, scene in self.removed:
            self.state.apply_insert(row, [scene])


class ReorderScenes(StateCommand):
    """A drag-and-drop or keyboard move, stored as a permutation so undo is its inverse."""

    def __init__(self, state: StoryboardState, order: Sequence[int], text: str) -> None:
        super().__init__(state, text)
        self.order = list(order)
        self.inverse = [0] * len(order)
        for new_position, old_position in enumerate(order):
            self.inverse[old_position] = new_position

    def redo(self) -> None:
        self.state.apply_order(self.order)

    def undo(self) -> None:
        self.state.apply_order(self.inverse)


class ReplaceScenes(StateCommand):
    """Several scenes changed at once (apply a model and style to many) as one step."""

    def __init__(self, state: StoryboardState, changes: Mapping[int, Scene], text: str) -> None:
        super().__init__(state, text)
        self.after = dict(changes)
        self.before = {row: state.scene(row) for row in changes}

    def redo(self) -> None:
        for row, scene in self.after.items():
            self.state.apply_scene(row, scene)

    def undo(self) -> None:
        for row, scene in self.before.items():
            self.state.apply_scene(row, scene)
