"""The one owner of the open storyboard: its file, its undo stack, and the state the undo commands change.

Widgets never hold a copy of the storyboard. They read through this façade, edit through its intent-named
methods (each pushes an undo command), and redraw on its signals. The state itself, with the primitives
that change it, stays private (``storyboard_state.StoryboardState``), so no widget can change the storyboard
without an undo step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from ..domain import look, music, narration, scene_edits
from ..domain.catalog import Catalog
from ..domain.credits import Estimate, SceneCost
from ..domain.dismissals import saved_dismissals
from ..domain.findings import Finding
from ..domain.length import LengthEstimate, SceneLength
from ..domain.model_switch import SwitchResult
from ..domain.storyboard import AiImage, AiVideo, Scene, Storyboard
from ..store.project_files import load_project_file, save_project_file
from . import undo_commands as commands
from .storyboard_state import StoryboardState


def new_storyboard(catalog: Catalog) -> Storyboard:
    return Storyboard(video_name="My video", aspect_ratio=catalog.default_aspect_ratio, scenes=(Scene(story=""),))


class StoryboardDocument(QObject):
    modifiedChanged = Signal(bool)
    pathChanged = Signal(str)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.undo_stack = QUndoStack(self)
        self._blank = new_storyboard(catalog)
        self._state = StoryboardState(catalog, self._blank, self)
        self._path: Path | None = None
        # The state's signals, under the document's name: widgets connect here and never see the state.
        state = self._state
        self.aboutToReset = state.aboutToReset
        self.reset = state.reset
        self.scenesAboutToBeInserted = state.scenesAboutToBeInserted
        self.scenesInserted = state.scenesInserted
        self.scenesAboutToBeRemoved = state.scenesAboutToBeRemoved
        self.scenesRemoved = state.scenesRemoved
        self.sceneAboutToBeMoved = state.sceneAboutToBeMoved
        self.sceneMoved = state.sceneMoved
        self.sceneChanged = state.sceneChanged
        self.videoChanged = state.videoChanged
        self.storyboardChanged = state.storyboardChanged
        self.totalsChanged = state.totalsChanged
        self.findingsChanged = state.findingsChanged
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    @Slot(bool)
    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(not clean)

    # ---------------------------------------------------------------------------------------- reading

    @property
    def storyboard(self) -> Storyboard:
        return self._state.storyboard

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def is_untouched(self) -> bool:
        """A new storyboard nobody has written in yet: it invites, it does not scold (its errors still block
        rendering, they are just not shown as errors)."""
        return self._path is None and self.storyboard == self._blank

    def scene_count(self) -> int:
        return self._state.scene_count()

    def scene(self, index: int) -> Scene:
        return self._state.scene(index)

    def scene_cost(self, index: int) -> SceneCost:
        return self._state.scene_cost(index)

    def estimate(self) -> Estimate:
        return self._state.estimate()

    def scene_length(self, index: int) -> SceneLength:
        """How long the scene will run (from its narration, the voice's speed, a clip's duration)."""
        return self._state.scene_length(index)

    def length_estimate(self) -> LengthEstimate:
        return self._state.length_estimate()

    def scene_findings(self, index: int) -> list[Finding]:
        """Errors and not-dismissed advice for one scene, as the editor shows them."""
        findings = self._state.scene_findings(index)
        return [f for f in findings if not f.is_error] if self.is_untouched else findings

    def video_findings(self) -> list[Finding]:
        return self._state.video_findings()

    def errors(self) -> list[Finding]:
        return self._state.errors()

    def dismissed_advice(self) -> frozenset[str]:
        """Every dismissed piece of advice, by its id at the scene's current position."""
        storyboard = self.storyboard
        return frozenset(saved_dismissals(storyboard.dismissed_advice, [s.dismissed_advice for s in storyboard.scenes]))

    # ---------------------------------------------------------------------------------------- editing

    def set_known_speakers(self, known: frozenset[str] | None) -> None:
        """Check the voices' speakers against the account's list (not an edit: nothing goes on the undo stack)."""
        self._state.set_known_speakers(known)

    def set_server_on_this_computer(self, local: bool | None) -> None:
        """Which server a render goes to (the sandbox on this computer, or an account): addresses on this
        computer are errors for an account (domain/local_addresses.py). Not an edit."""
        self._state.set_server_on_this_computer(local)

    def set_video_name(self, name: str) -> None:
        after = replace(self.storyboard, video_name=name)
        self._push(commands.SetVideo(self._state, after, "Rename the video", merge_key="videoName"))

    def set_aspect_ratio(self, ratio: str) -> None:
        if ratio != self.storyboard.aspect_ratio:
            after = replace(self.storyboard, aspect_ratio=ratio)
            self._push(commands.SetVideo(self._state, after, f"Set the aspect ratio to {ratio}"))

    # Voice, music and look: each choice is one undo step; what the file had around it is kept (domain/kept.py).

    def _set_video(self, after: Storyboard, text: str) -> None:
        if after != self.storyboard:
            self._push(commands.SetVideo(self._state, after, text))

    def set_video_voice(self, choice: narration.EditableVoice) -> None:
        self._set_video(narration.with_video_voice(self.storyboard, choice), "Choose the voice")

    def set_scene_voice(self, index: int, choice: narration.EditableVoice) -> None:
        scene = narration.with_scene_voice(self.scene(index), choice)
        self.edit_scene(index, scene, f"Choose scene {index + 1}'s voice")

    def set_music(self, choice: music.EditableMusic) -> None:
        self._set_video(music.with_music(self.storyboard, choice), "Choose the music")

    def set_scene_music(self, index: int, enabled: bool | None) -> None:
        scene = music.with_scene_music_enabled(self.scene(index), enabled)
        self.edit_scene(index, scene, f"Switch music {'on' if enabled is not False else 'off'} in scene {index + 1}")

    def set_brand(self, choice: look.NamedChoice) -> None:
        self._set_video(look.with_brand(self.storyboard, choice), "Choose the brand")

    def set_subtitle_style(self, choice: look.NamedChoice) -> None:
        self._set_video(look.with_subtitle_style(self.storyboard, choice), "Choose the subtitle style")

    def set_scene_subtitle_style(self, index: int, choice: look.NamedChoice) -> None:
        after = look.with_scene_subtitle_style_in(self.storyboard, index, choice)
        # The scene's style id and, in the project's app data, its name: one undo step.
        self.undo_stack.beginMacro(f"Choose scene {index + 1}'s subtitle style")
        self.edit_scene(index, after.scenes[index], "")
        self._set_video(replace(self.storyboard, app_data=after.app_data), "")
        self.undo_stack.endMacro()

    def set_language(self, language: str | None) -> None:
        self._set_video(look.with_language(self.storyboard, language), "Choose the language")

    def dismiss(self, finding: Finding) -> None:
        """Hide a piece of advice; a scene's stays hidden on that scene wherever it moves."""
        key = finding.dismissal_key
        if finding.scene is not None and key != finding.advice_id:
            index = finding.scene - 1
            scene = self.scene(index)
            dismissed = replace(scene, dismissed_advice=scene.dismissed_advice | {key})
            self._push(commands.SetScene(self._state, index, dismissed, "Dismiss advice", merge_field=None))
            return
        after = replace(self.storyboard, dismissed_advice=self.storyboard.dismissed_advice | {key})
        self._push(commands.SetVideo(self._state, after, "Dismiss advice"))

    def edit_scene(self, index: int, scene: Scene, text: str, *, merge_field: str | None = None) -> None:
        """Replace one scene; consecutive edits of the same ``merge_field`` become one undo step."""
        if scene != self.scene(index):
            self._push(commands.SetScene(self._state, index, scene, text, merge_field=merge_field))

    def add_scene(self, after: int | None = None) -> int:
        """Insert an empty scene after ``after`` (at the end when None) and return its index."""
        count = self.scene_count()
        index = count if after is None else min(after + 1, count)
        template = self.scene(index - 1) if index > 0 else None
        self._push(commands.InsertScenes(self._state, index, [scene_edits.new_scene_like(template)], "Add a scene"))
        return index

    def duplicate_scenes(self, rows: Sequence[int]) -> None:
        ordered = sorted(set(rows))
        if not ordered:
            return
        copies = [self.scene(row) for row in ordered]
        text = "Duplicate a scene" if len(copies) == 1 else f"Duplicate {len(copies)} scenes"
        self._push(commands.InsertScenes(self._state, ordered[-1] + 1, copies, text))

    def delete_scenes(self, rows: Sequence[int]) -> None:
        ordered = sorted(set(rows))
        if ordered:
            self._push(commands.RemoveScenes(self._state, ordered))

    def move_scenes(self, rows: Sequence[int], destination: int) -> bool:
        """Move ``rows`` (kept in order) so they sit before the scene now at ``destination``."""
        moving = sorted(set(rows))
        staying = [i for i in range(self.scene_count()) if i not in moving]
        insert_at = sum(1 for i in staying if i < destination)
        order = staying[:insert_at] + moving + staying[insert_at:]
        if not moving or order == list(range(self.scene_count())):
            return False
        text = "Move a scene" if len(moving) == 1 else f"Move {len(moving)} scenes"
        self._push(commands.ReorderScenes(self._state, order, text))
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
        ai = background if isinstance(background, AiImage | AiVideo) else None
        changes: dict[int, Scene] = {}
        for row in rows:
            edited = scene_edits.with_branding(
                self.scene(row),
                model_id=ai.model if ai else None,
                style_id=ai.media_style if ai else None,
                kind=background.kind,
                catalog=self.catalog,
            )
            if edited != self.scene(row):
                changes[row] = edited
        if changes:
            self._push(commands.ReplaceScenes(self._state, changes, "Apply a model and style to several scenes"))
        return len(changes)

    # ------------------------------------------------------------------ scripts, splits, merges, models

    def create_from_script(self, made: Storyboard) -> None:
        """The scenes made from a script replace this storyboard's, with its name and shape: one undo step."""
        stack = self.undo_stack
        stack.beginMacro("Create scenes from a script")
        after = replace(self.storyboard, video_name=made.video_name, aspect_ratio=made.aspect_ratio)
        self._push(commands.SetVideo(self._state, after, ""))
        if self.scene_count():
            self._push(commands.RemoveScenes(self._state, range(self.scene_count())))
        self._push(commands.InsertScenes(self._state, 0, made.scenes, ""))
        stack.endMacro()

    def split_scene(self, index: int) -> int:
        """Make the scenes Pictory would make of scene ``index`` real ones; returns how many there are now."""
        parts = scene_edits.split_scene(self.scene(index))
        if len(parts) < 2:
            return 1
        self.undo_stack.beginMacro(f"Split scene {index + 1} into {len(parts)} scenes")
        self._push(commands.RemoveScenes(self._state, [index]))
        self._push(commands.InsertScenes(self._state, index, parts, ""))
        self.undo_stack.endMacro()
        return len(parts)

    def merge_with_next(self, index: int) -> list[str]:
        """Join scene ``index`` and the next into one; returns the sentences saying what was dropped."""
        merged, notes = scene_edits.merge_with_next(self.scene(index), self.scene(index + 1))
        self.undo_stack.beginMacro(f"Merge scenes {index + 1} and {index + 2}")
        self._push(commands.SetScene(self._state, index, merged, "", merge_field=None))
        self._push(commands.RemoveScenes(self._state, [index + 1]))
        self.undo_stack.endMacro()
        return notes

    def switch_models(self, result: SwitchResult, text: str) -> None:
        """Apply a model switch worked out (and shown) beforehand: one undo step."""
        changes = {row: result.storyboard.scenes[row] for row in result.changed_rows}
        if changes:
            self._push(commands.ReplaceScenes(self._state, changes, text))

    def _push(self, command: commands.StateCommand) -> None:
        self.undo_stack.push(command)

    # ---------------------------------------------------------------------------------------- files

    def open_file(self, path: Path | str) -> None:
        """Load a storyboard file; raises ``ProjectFileError`` and keeps the current one if it cannot."""
        storyboard = load_project_file(path)
        self.replace_all(storyboard, Path(path), saved=True)

    def new(self) -> None:
        self._blank = new_storyboard(self.catalog)
        self.replace_all(self._blank, None, saved=True)

    def save(self, path: Path | str | None = None) -> None:
        """Save to ``path`` (or the current file); raises ``ProjectFileError`` with a sentence."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("save() needs a path for a storyboard that was never saved")
        save_project_file(target, self.storyboard)
        self.undo_stack.setClean()
        self._set_path(target)

    def replace_all(self, storyboard: Storyboard, path: Path | None, *, saved: bool) -> None:
        """Start over with ``storyboard``; ``saved=False`` keeps it marked unsaved (a recovered session)."""
        self.undo_stack.clear()
        self._state.start_over(storyboard)
        self._set_path(path)
        if saved:
            self.undo_stack.setClean()
        else:
            # Never clean until saved: undoing every edit still leaves work that is not on disk.
            self.undo_stack.resetClean()
        self.modifiedChanged.emit(self.is_modified)
        self._state.changed()

    def _set_path(self, path: Path | None) -> None:
        if path != self._path:
            self._path = path
            self.pathChanged.emit(str(path) if path else "")
