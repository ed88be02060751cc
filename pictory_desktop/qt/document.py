"""The one owner of the open storyboard: its value, file, undo stack, and cached costs and findings.

Widgets never hold a copy of the storyboard. They ask the document, edit through its intent-named
methods (each pushes an undo command), and redraw on its signals. Costs and checks are cached per
scene, so a keystroke re-checks only the scene being typed in; the video-level checks and the total
are cheap and are redone on every change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from ..domain.catalog import Catalog
from ..domain.checks import check_scene, check_video
from ..domain.credits import Estimate, SceneCost, scene_cost, summarize
from ..domain.findings import Finding, renumber_advice_ids
from ..domain.storyboard import Scene, Storyboard
from ..store.project_files import load_project_file, save_project_file
from . import scene_edits
from . import undo_commands as commands

DISMISSED_ADVICE_KEY = "dismissedAdvice"


def new_storyboard(catalog: Catalog) -> Storyboard:
    return Storyboard(video_name="My video", aspect_ratio=catalog.default_aspect_ratio, scenes=(Scene(story=""),))


class StoryboardDocument(QObject):
    # Structural signals mirror QAbstractItemModel's so the list model can wrap them in begin/end calls.
    aboutToReset = Signal()
    reset = Signal()
    scenesAboutToBeInserted = Signal(int, int)  # first, last
    scenesInserted = Signal(int, int)
    scenesAboutToBeRemoved = Signal(int, int)
    scenesRemoved = Signal(int, int)
    sceneAboutToBeMoved = Signal(int, int)  # from, to: the scene at `from` ends up at position `to`
    sceneMoved = Signal(int, int)
    # Content signals.
    sceneChanged = Signal(int)
    videoChanged = Signal()
    storyboardChanged = Signal()  # after any change at all
    totalsChanged = Signal()
    findingsChanged = Signal()
    modifiedChanged = Signal(bool)
    pathChanged = Signal(str)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.undo_stack = QUndoStack(self)
        self._storyboard = new_storyboard(catalog)
        self._path: Path | None = None
        self._costs: list[SceneCost] = []
        self._scene_findings: list[list[Finding]] = []
        self._video_findings: list[Finding] = []
        self._estimate = summarize(())
        self._recheck_everything()
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    @Slot(bool)
    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # ---------------------------------------------------------------------------------------- reading

    @property
    def storyboard(self) -> Storyboard:
        return self._storyboard

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def scene_count(self) -> int:
        return len(self._storyboard.scenes)

    def scene(self, index: int) -> Scene:
        return self._storyboard.scenes[index]

    def scene_cost(self, index: int) -> SceneCost:
        return self._costs[index]

    def estimate(self) -> Estimate:
        return self._estimate

    def dismissed_advice(self) -> frozenset[str]:
        ids = self._storyboard.app_data.get(DISMISSED_ADVICE_KEY, ())
        return frozenset(i for i in ids if isinstance(i, str)) if isinstance(ids, list | tuple) else frozenset()

    def _visible(self, findings: Iterable[Finding]) -> list[Finding]:
        dismissed = self.dismissed_advice()
        return [f for f in findings if f.is_error or f.advice_id not in dismissed]

    def scene_findings(self, index: int) -> list[Finding]:
        """Errors and not-dismissed advice for one scene."""
        return self._visible(self._scene_findings[index])

    def video_findings(self) -> list[Finding]:
        return self._visible(self._video_findings)

    def errors(self) -> list[Finding]:
        scene_errors = [f for findings in self._scene_findings for f in findings if f.is_error]
        return [f for f in self._video_findings if f.is_error] + scene_errors

    # ---------------------------------------------------------------------------------------- editing

    def set_video_name(self, name: str) -> None:
        self._push(commands.SetVideoFields(self, {"video_name": name}, "Rename the video", merge_key="videoName"))

    def set_aspect_ratio(self, ratio: str) -> None:
        if ratio != self._storyboard.aspect_ratio:
            self._push(commands.SetVideoFields(self, {"aspect_ratio": ratio}, f"Set the aspect ratio to {ratio}"))

    def dismiss_advice(self, advice_id: str) -> None:
        previous = self._storyboard.app_data.get(DISMISSED_ADVICE_KEY)
        # Anything but a list (a hand-edited file) counts as nothing dismissed yet, as in dismissed_advice().
        dismissed = [*(previous if isinstance(previous, list | tuple) else ()), advice_id]
        app_data = {**self._storyboard.app_data, DISMISSED_ADVICE_KEY: dismissed}
        self._push(commands.SetVideoFields(self, {"app_data": app_data}, "Dismiss advice"))

    def edit_scene(self, index: int, scene: Scene, text: str, *, merge_field: str | None = None) -> None:
        """Replace one scene; consecutive edits of the same ``merge_field`` become one undo step."""
        if scene != self._storyboard.scenes[index]:
            self._push(commands.SetScene(self, index, scene, text, merge_field=merge_field))

    def add_scene(self, after: int | None = None) -> int:
        """Insert an empty scene after ``after`` (at the end when None) and return its index."""
        count = self.scene_count()
        index = count if after is None else min(after + 1, count)
        template = self.scene(index - 1) if index > 0 else None
        self._push(commands.InsertScenes(self, index, [scene_edits.new_scene_like(template)], "Add a scene"))
        return index

    def duplicate_scenes(self, rows: Sequence[int]) -> None:
        ordered = sorted(set(rows))
        if not ordered:
            return
        copies = [self.scene(row) for row in ordered]
        text = "Duplicate a scene" if len(copies) == 1 else f"Duplicate {len(copies)} scenes"
        self._push(commands.InsertScenes(self, ordered[-1] + 1, copies, text))

    def delete_scenes(self, rows: Sequence[int]) -> None:
        ordered = sorted(set(rows))
        if ordered:
            self._push(commands.RemoveScenes(self, ordered))

    def move_scenes(self, rows: Sequence[int], destination: int) -> bool:
        """Move ``rows`` (kept in order) so they sit before the scene now at ``destination``."""
        moving = sorted(set(rows))
        staying = [i for i in range(self.scene_count()) if i not in moving]
        insert_at = sum(1 for i in staying if i < destination)
        order = staying[:insert_at] + moving + staying[insert_at:]
        if not moving or order == list(range(self.scene_count())):
            return False
        text = "Move a scene" if len(moving) == 1 else f"Move {len(moving)} scenes"
        self._push(commands.ReorderScenes(self, order, text))
        return True

    def move_scenes_by(self, rows: Sequence[int], step: int) -> bool:
        """Keyboard reorder: move the rows one place up (-1) or down (+1) as a block."""
        moving = sorted(set(rows))
        if not moving:
            return False
        if step < 0:
            return moving[0] > 0 and self.move_scenes(moving, moving[0] - 1)
        return moving[-1] < self.scene_count() - 1 and self.move_scenes(moving, moving[-1] + 2)

    def apply_branding(self, rows: Sequence[int], *, source: int) -> int:
        """Give ``rows`` the AI model and style of scene ``source``; returns how many scenes changed."""
        background = self.scene(source).background
        model_id = getattr(background, "model", None)
        style = getattr(background, "media_style", None)
        changes = {}
        for row in rows:
            edited = scene_edits.with_branding(
                self.scene(row), model_id=model_id, style_id=style, kind=background.kind, catalog=self.catalog
            )
            if edited != self.scene(row):
                changes[row] = edited
        if changes:
            self._push(commands.ReplaceScenes(self, changes, "Apply a model and style to several scenes"))
        return len(changes)

    def _push(self, command: commands.DocumentCommand) -> None:
        self.undo_stack.push(command)

    # ---------------------------------------------------------------------------------------- files

    def open_file(self, path: Path | str) -> None:
        """Load a storyboard file; raises ``ProjectFileError`` and keeps the current one if it cannot."""
        storyboard = load_project_file(path)
        self.replace_all(storyboard, Path(path), saved=True)

    def new(self) -> None:
        self.replace_all(new_storyboard(self.catalog), None, saved=True)

    def save(self, path: Path | str | None = None) -> None:
        """Save to ``path`` (or the current file); raises ``ProjectFileError`` with a sentence."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("save() needs a path for a storyboard that was never saved")
        save_project_file(target, self._storyboard)
        self.undo_stack.setClean()
        self._set_path(target)

    def replace_all(self, storyboard: Storyboard, path: Path | None, *, saved: bool) -> None:
        """Start over with ``storyboard``; ``saved=False`` keeps it marked unsaved (a recovered session)."""
        self.aboutToReset.emit()
        self.undo_stack.clear()
        self._storyboard = storyboard
        self._recheck_everything()
        self.reset.emit()
        self._set_path(path)
        if saved:
            self.undo_stack.setClean()
        else:
            # Never clean until saved: undoing every edit still leaves work that is not on disk.
            self.undo_stack.resetClean()
        self.modifiedChanged.emit(self.is_modified)
        self._after_change()

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(str(path) if path else "")

    # ------------------------------------------------------------- primitives for the undo commands only

    def apply_video_fields(self, fields: dict[str, Any]) -> None:
        ratio_changed = "aspect_ratio" in fields and fields["aspect_ratio"] != self._storyboard.aspect_ratio
        self._storyboard = replace(self._storyboard, **fields)
        self._video_findings = check_video(self._storyboard, self.catalog)
        self.videoChanged.emit()
        if ratio_changed:
            # Which models can make which shapes is a per-scene check, so every scene is re-checked.
            for index in range(self.scene_count()):
                self._recheck_scene(index)
                self.sceneChanged.emit(index)
        self._after_change()

    def apply_scene(self, index: int, scene: Scene) -> None:
        self._storyboard = self._storyboard.replace_scene(index, scene)
        self._recheck_scene(index)
        self._video_findings = check_video(self._storyboard, self.catalog)
        self.sceneChanged.emit(index)
        self._after_change()

    def apply_insert(self, index: int, scenes: Sequence[Scene]) -> None:
        last = index + len(scenes) - 1
        self.scenesAboutToBeInserted.emit(index, last)
        current = self._storyboard.scenes
        self._storyboard = replace(self._storyboard, scenes=(*current[:index], *scenes, *current[index:]))
        self._renumber_dismissed(lambda old: old if old < index else old + len(scenes))
        self._costs[index:index] = [scene_cost(s, self.catalog) for s in scenes]
        self._recheck_findings_from(index)
        self.scenesInserted.emit(index, last)
        self._after_change()

    def apply_remove(self, index: int, count: int) -> None:
        last = index + count - 1
        self.scenesAboutToBeRemoved.emit(index, last)
        current = self._storyboard.scenes
        self._storyboard = replace(self._storyboard, scenes=(*current[:index], *current[last + 1 :]))
        self._renumber_dismissed(lambda old: old if old < index else (None if old <= last else old - count))
        del self._costs[index : last + 1]
        self._recheck_findings_from(index)
        self.scenesRemoved.emit(index, last)
        self._after_change()

    def apply_order(self, order: Sequence[int]) -> None:
        """Rearrange scenes so that new position i holds the scene now at ``order[i]``, one move at a time."""
        current = list(range(len(order)))  # current[i]: original index of the scene now at i
        for target, original in enumerate(order):
            source = current.index(original)
            if source == target:
                continue
            self.sceneAboutToBeMoved.emit(source, target)
            scenes = list(self._storyboard.scenes)
            scenes.insert(target, scenes.pop(source))
            self._costs.insert(target, self._costs.pop(source))
            current.insert(target, current.pop(source))
            self._storyboard = replace(self._storyboard, scenes=tuple(scenes))
            self._renumber_dismissed(partial(_position_after_move, source=source, target=target))
            self._recheck_findings_from(target)
            self.sceneMoved.emit(source, target)
        self._after_change()

    def _renumber_dismissed(self, new_index: Callable[[int], int | None]) -> None:
        """Scenes moved: dismissed advice follows its scene (part of the storyboard, so undo restores it)."""
        ids = self._storyboard.app_data.get(DISMISSED_ADVICE_KEY)
        if not isinstance(ids, list | tuple) or not ids:
            return
        renumbered = renumber_advice_ids(ids, new_index)
        if renumbered != list(ids):
            app_data = {**self._storyboard.app_data, DISMISSED_ADVICE_KEY: renumbered}
            self._storyboard = replace(self._storyboard, app_data=app_data)

    def restore_app_data(self, app_data: Mapping[str, Any]) -> None:
        """Put back the app's own data as it was (undoing a delete brings back its scenes' dismissals)."""
        self._storyboard = replace(self._storyboard, app_data=app_data)
        self._after_change()

    # ---------------------------------------------------------------------------------------- caches

    def _recheck_scene(self, index: int) -> None:
        scene = self._storyboard.scenes[index]
        self._costs[index] = scene_cost(scene, self.catalog)
        self._scene_findings[index] = check_scene(scene, index, self.catalog, self._storyboard.aspect_ratio)

    def _recheck_findings_from(self, first: int) -> None:
        # Findings name their scene by number and path, so every scene after a structural change moved.
        scenes = self._storyboard.scenes
        ratio = self._storyboard.aspect_ratio
        del self._scene_findings[first:]
        self._scene_findings += [check_scene(scenes[i], i, self.catalog, ratio) for i in range(first, len(scenes))]
        self._video_findings = check_video(self._storyboard, self.catalog)

    def _recheck_everything(self) -> None:
        self._costs = [scene_cost(s, self.catalog) for s in self._storyboard.scenes]
        self._scene_findings = []
        self._recheck_findings_from(0)

    def _after_change(self) -> None:
        self._estimate = summarize(tuple(self._costs))
        self.totalsChanged.emit()
        self.findingsChanged.emit()
        self.storyboardChanged.emit()


def _position_after_move(old: int, *, source: int, target: int) -> int:
    """Where the scene at ``old`` is after the scene at ``source`` moved to ``target``."""
    if old == source:
        return target
    if source < old <= target:
        return old - 1
    if target <= old < source:
        return old + 1
    return old
