"""One scene's voice, music switch and subtitle style, each "the same as the video" unless the user says so.

A scene can have its own voice (Pictory: a scene's voiceOver overrides the video's) and its own subtitle
style, but not its own music track: Pictory plays one track for the whole video, and a scene can only turn
it off. The music control is therefore a checkbox, and its tooltip says why.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ..api.results import Quota
from ..domain import look, music, narration
from ..domain.describe import voice_summary
from ..domain.storyboard import Storyboard
from ..qt.account_lists import AccountLists
from ..qt.document import StoryboardDocument
from ..qt.sample_player import SamplePlayer
from .wheel_guard import guard_wheel

SAME, OFF, OWN = "same", "off", "own"
STYLE_SAME = "__same__"


class SceneVoiceMusic(QWidget):
    def __init__(
        self,
        document: StoryboardDocument,
        lists: AccountLists,
        player: SamplePlayer,
        quota: Callable[[], Quota | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.lists = lists
        self.player = player
        self._quota = quota
        self.row = -1
        self._updating = False
        self._shown: tuple[object, ...] | None = None

        self.voice_combo = guard_wheel(QComboBox(self))
        self.voice_combo.setObjectName("sceneVoiceCombo")
        self.voice_combo.setAccessibleName("sceneVoiceCombo")
        self.voice_button = QPushButton("Choose voice…", self)
        self.voice_button.setObjectName("chooseSceneVoiceButton")
        self.voice_button.setToolTip("Give this scene a voice of its own (another speaker, say).")
        self.voice_note = QLabel(self)
        self.voice_note.setObjectName("sceneVoiceNote")
        self.voice_note.setWordWrap(True)
        self.music_check = QCheckBox("Music plays under this scene", self)
        self.music_check.setObjectName("sceneMusicCheck")
        self.music_check.setToolTip(
            "Pictory plays one music track for the whole video; a scene can only switch it off, not choose its own."
        )
        self.style_combo = guard_wheel(QComboBox(self))
        self.style_combo.setObjectName("sceneSubtitleStyleCombo")
        self.style_combo.setAccessibleName("sceneSubtitleStyleCombo")
        self.style_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.style_combo.setMinimumContentsLength(14)

        voice_row = QWidget(self)
        row_layout = QHBoxLayout(voice_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.voice_combo, 1)
        row_layout.addWidget(self.voice_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Voice:", voice_row)
        form.addRow("", self.voice_note)
        form.addRow("Music:", self.music_check)
        form.addRow("Subtitles:", self.style_combo)

        self.voice_combo.activated.connect(self._voice_mode_chosen)
        self.voice_button.clicked.connect(self.choose_voice)
        self.music_check.toggled.connect(self._music_toggled)
        self.style_combo.activated.connect(self._style_chosen)
        document.storyboardChanged.connect(self.refresh)
        lists.changed.connect(self._list_changed)

    def show_scene(self, row: int) -> None:
        self.row = row
        self.refresh()

    def _list_changed(self, name: str) -> None:
        if name == "styles":
            self._shown = None
            self.refresh()

    def refresh(self) -> None:
        if not 0 <= self.row < self.document.scene_count():
            return
        storyboard = self.document.storyboard
        scene = storyboard.scenes[self.row]
        # Redo the dropdowns only when what they show changed (this runs after every keystroke).
        keys = ("voiceOver", "backgroundMusic", "subtitleStyleId", "subtitleStyleName")
        video, own = storyboard.unknown.values, scene.unknown.values
        inputs = (self.row, *(video.get(k) for k in keys), *(own.get(k) for k in keys), storyboard.app_data)
        if inputs == self._shown:
            return
        self._shown = inputs
        self._updating = True
        try:
            own = narration.read_scene_voice(scene)
            video = narration.read_video_voice(storyboard)
            combo = self.voice_combo
            combo.clear()
            combo.addItem(f"Same as the video ({voice_summary(video).removeprefix('Voice: ')})", SAME)
            combo.addItem("No narration in this scene", OFF)
            if isinstance(own, narration.AiVoice | narration.ReadOnlyVoice):
                combo.addItem(voice_summary(own, "scene").removeprefix("Voice: ") + " (this scene only)", OWN)
            mode = {narration.NoVoiceOver: SAME, narration.NarrationOff: OFF}.get(type(own), OWN)
            combo.setCurrentIndex(combo.findData(mode))
            note = (
                own.reason if isinstance(own, narration.ReadOnlyVoice) else narration.scene_premium_settings_note(scene)
            )
            self.voice_note.setText(note or "")
            self.voice_note.setVisible(bool(note))

            plays = music.music_plays(music.read_music(storyboard))
            enabled = music.scene_music_enabled(scene)
            self.music_check.setChecked(plays and enabled is not False)
            self.music_check.setEnabled(plays or enabled is False)
            if not plays:
                self.music_check.setText("Music plays under this scene (the video has no music)")
            else:
                self.music_check.setText("Music plays under this scene")

            self._fill_styles(storyboard)
        finally:
            self._updating = False

    def _fill_styles(self, storyboard: Storyboard) -> None:
        combo = self.style_combo
        combo.clear()
        video_name = look.subtitle_style_name_for(storyboard) or "Pictory's default"
        combo.addItem(f"Same as the video ({video_name})", STYLE_SAME)
        for item in self.lists.named("styles"):
            combo.addItem(item.name, item.id)
        own = look.read_scene_subtitle_style(storyboard.scenes[self.row], storyboard)
        if own is None:
            combo.setCurrentIndex(0)
        elif isinstance(own, look.ById):
            index = combo.findData(own.id)
            if index < 0:
                combo.addItem(f"{own.name or own.id} (from the file)", own.id)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        else:
            combo.addItem(look.name_of(own) or "As in the file", "__file__")
            combo.setCurrentIndex(combo.count() - 1)

    # --- choosing -------------------------------------------------------------------------------------

    def _voice_mode_chosen(self, index: int) -> None:
        if self._updating or self.row < 0:
            return
        mode = self.voice_combo.itemData(index)
        if mode == SAME:
            self.document.set_scene_voice(self.row, narration.NoVoiceOver())
        elif mode == OFF:
            self.document.set_scene_voice(self.row, narration.NarrationOff())

    def choose_voice(self) -> None:
        if self.row < 0:
            return
        from .voice_picker import VoicePickerDialog  # loaded when first opened, not at start

        own = narration.read_scene_voice(self.document.scene(self.row))
        dialog = VoicePickerDialog(
            self.lists,
            self.player,
            own if isinstance(own, narration.AiVoice) else None,
            offer_no_narration=False,
            quota=self._quota(),
            title=f"Choose scene {self.row + 1}'s voice",
            parent=self.window(),
        )
        accepted = bool(dialog.exec())
        chosen = dialog.choice() if accepted else None  # read before the picker goes
        dialog.deleteLater()
        if accepted and chosen is not None:
            self.document.set_scene_voice(self.row, chosen)

    def _music_toggled(self, checked: bool) -> None:
        if self._updating or self.row < 0:
            return
        # On again is "as the video" (the key removed), not an explicit enabled: true.
        self.document.set_scene_music(self.row, None if checked else False)

    def _style_chosen(self, index: int) -> None:
        if self._updating or self.row < 0:
            return
        data = self.style_combo.itemData(index)
        if data == "__file__":
            return
        choice = None if data == STYLE_SAME else look.ById(str(data), self.style_combo.itemText(index))
        self.document.set_scene_subtitle_style(self.row, choice)
