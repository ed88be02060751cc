"""The storyboard-wide edits of the File, Edit and Video menus that open a dialog or act on the current scene:
New from script, Split into scenes, Merge with next, Switch models. Kept out of main_window.py, which wires
them into its menus, the scene list's context menu and the editor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ..domain import narration
from ..domain.catalog import Catalog
from ..qt.document import StoryboardDocument
from .file_actions import FileActions
from .scene_list_view import SceneListView


class StoryboardTools(QObject):
    def __init__(
        self,
        window: QWidget,
        document: StoryboardDocument,
        files: FileActions,
        catalog: Catalog,
        view: SceneListView,
        show_message: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._files = files
        self._catalog = catalog
        self._view = view
        self._say = show_message
        self.new_from_script_action = self._action(
            "New from scr&ipt…", self.new_from_script, "Paste or open a script and turn it into priced scenes."
        )
        self.split_action = self._action(
            "S&plit into scenes", self.split_current, "Make the scenes Pictory would split this one into real ones."
        )
        self.merge_action = self._action(
            "&Merge with next", self.merge_current, "Join this scene and the next one into one scene."
        )
        self.switch_models_action = self._action(
            "S&witch models…", self.switch_models, "Replace one AI model by another across the storyboard."
        )
        document.storyboardChanged.connect(self.update_actions)
        view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        self.update_actions()

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self._window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _current(self) -> int:
        index = self._view.currentIndex()
        return index.row() if index.isValid() else -1

    def update_actions(self) -> None:
        row, count = self._current(), self._document.scene_count()
        scene = self._document.scene(row) if 0 <= row < count else None
        self.split_action.setEnabled(scene is not None and bool(scene.split_on_sentences or scene.split_on_lines))
        self.merge_action.setEnabled(0 <= row < count - 1)

    # --- New from script -----------------------------------------------------------------------------

    def new_from_script(self, text: str = "") -> bool:
        """Open the script dialog (with ``text`` when a paste offered it); the scenes it makes replace the
        storyboard's in one undo step. From the menu, unsaved work is offered to be saved first."""
        from .script_dialog import NewFromScriptDialog  # loaded when first opened, not at start

        offered = bool(text)
        if not offered and not self._document.is_untouched and not self._files.maybe_save():
            return False
        voice = narration.read_video_voice(self._document.storyboard)
        speed = narration.speed_of(voice) if narration.is_narrated(voice) else None
        dialog = NewFromScriptDialog(
            self._catalog, self._document.storyboard.aspect_ratio, text=text, voice_speed=speed, parent=self._window
        )
        accepted = bool(dialog.exec())
        made = dialog.storyboard() if accepted else None
        dialog.deleteLater()
        if made is None or not made.scenes:
            return False
        if not offered and not self._document.is_untouched:
            self._document.new()  # a new storyboard (the old one was saved or discarded above)
        self._document.create_from_script(made)
        self._view.select_rows([0], 0)
        count = len(made.scenes)
        self._say(f"Made {count} scene{'s' if count != 1 else ''} from the script. Undo takes them back.")
        return True

    # --- split and merge -------------------------------------------------------------------------------

    def split_current(self) -> None:
        row = self._current()
        if row < 0:
            return
        count = self._document.split_scene(row)
        if count > 1:
            self._view.select_rows([row], row)
            self._say(f"Scene {row + 1} is now {count} scenes, each with its own prompt; the cost is exact.")

    def merge_current(self) -> None:
        row = self._current()
        if not 0 <= row < self._document.scene_count() - 1:
            return
        notes = self._document.merge_with_next(row)
        self._view.select_rows([row], row)
        said = " ".join(notes)
        self._say(f"Scenes {row + 1} and {row + 2} are one scene now. {said}".strip())

    # --- switch models ---------------------------------------------------------------------------------

    def switch_models(self) -> None:
        from .switch_models_dialog import SwitchModelsDialog

        dialog = SwitchModelsDialog(
            self._document.storyboard, self._catalog, self._view.selected_rows(), parent=self._window
        )
        accepted = bool(dialog.exec())
        result = dialog.result_value if accepted else None
        target = dialog.to_combo.currentText() if accepted else ""
        dialog.deleteLater()
        if result is None or not result.changed:
            return
        model = target.split(" — ")[0]
        self._document.switch_models(result, f"Switch {len(result.changed_rows)} scenes to {model}")
        self._say(f"{len(result.changed_rows)} scenes now use {model}. Undo switches them back.")
