"""Choose the narrating voice by ear: filter the account's voices as you type, ▶ to hear one, set speed and
volume. For the video, "No narration" is a choice here too; for a scene, the scene editor offers "same as
the video" and "off", and this dialog only picks the voice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..api.results import Quota, VoiceTrack
from ..domain.narration import AiVoice, OwnRecording
from ..qt.account_lists import AccountLists
from ..qt.sample_player import SamplePlayer
from ..qt.uploads import Uploads
from ..qt.voice_list_model import ANY, VoiceFilter, VoiceListModel, language_name
from .own_audio import OwnAudioChoice
from .sample_list import SampleArea
from .wheel_guard import guard_wheel


def volume_words(value: int) -> str:
    """The slider's −100…100 (Pictory's amplificationLevel ×100) in words."""
    if value == 0:
        return "As recorded"
    return f"Louder (+{value})" if value > 0 else f"Quieter ({value})"


class VoicePickerDialog(QDialog):
    def __init__(
        self,
        lists: AccountLists,
        player: SamplePlayer,
        current: AiVoice | None,
        *,
        offer_no_narration: bool,
        quota: Quota | None = None,
        uploads: Uploads | None = None,
        title: str = "Choose the voice",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("voicePicker")
        self.resize(640, 620)
        self._lists = lists
        self._player = player
        self._quota = quota
        self._current_speaker = current.speaker if current else ""

        self.none_radio = QRadioButton("&No narration: the video is silent (music only, if any)", self)
        self.none_radio.setObjectName("noNarrationRadio")
        self.voice_radio = QRadioButton("An &AI voice reads each scene's story", self)
        self.voice_radio.setObjectName("aiVoiceRadio")
        group = QButtonGroup(self)
        group.addButton(self.none_radio)
        group.addButton(self.voice_radio)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("voiceFilterEdit")
        self.filter_edit.setPlaceholderText("Filter: a name, a language, an accent…")
        self.filter_edit.setClearButtonEnabled(True)
        self.language_combo = guard_wheel(QComboBox(self))
        self.language_combo.setObjectName("voiceLanguageCombo")
        self.gender_combo = guard_wheel(QComboBox(self))
        self.gender_combo.setObjectName("voiceGenderCombo")
        self.accent_combo = guard_wheel(QComboBox(self))
        self.accent_combo.setObjectName("voiceAccentCombo")

        self.model = VoiceListModel()
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setToolTip("Fetch the voice list again.")
        self.samples = SampleArea(
            player, self.model, names=("voiceList", "voiceListStatus"), beside_status=self.refresh_button, parent=self
        )
        self.list_view, self.status_label = self.samples.view, self.samples.status_label
        self.problem_label = self.samples.problem_label
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("chosenVoice")
        self.chosen_label.setWordWrap(True)

        self.speed_spin = guard_wheel(QSpinBox(self))
        self.speed_spin.setObjectName("voiceSpeedSpin")
        self.speed_spin.setRange(50, 200)
        self.speed_spin.setSingleStep(5)
        self.speed_spin.setSuffix(" %")
        self.speed_spin.setMaximumWidth(self.speed_spin.fontMetrics().horizontalAdvance("200 %") + 60)
        self.speed_spin.setToolTip("How fast the voice speaks: 100 % is its normal pace (Pictory allows 50–200 %).")
        self.volume_slider = guard_wheel(QSlider(Qt.Orientation.Horizontal, self))
        self.volume_slider.setObjectName("voiceVolumeSlider")
        self.volume_slider.setRange(-100, 100)
        self.volume_slider.setPageStep(10)
        self.volume_slider.setAccessibleName("Voice volume")
        self.volume_label = QLabel(self)
        self.volume_label.setMinimumWidth(self.volume_label.fontMetrics().horizontalAdvance("Quieter (−100)") + 8)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.language_combo, 1)
        filters.addWidget(self.gender_combo, 1)
        filters.addWidget(self.accent_combo, 1)
        volume = QHBoxLayout()
        volume.addWidget(QLabel("Quieter", self))
        volume.addWidget(self.volume_slider, 1)
        volume.addWidget(QLabel("Louder", self))
        volume.addWidget(self.volume_label)
        form = QFormLayout()
        form.addRow("&Speed:", self.speed_spin)
        volume_label = QLabel("&Volume:", self)
        volume_label.setBuddy(self.volume_slider)
        form.addRow(volume_label, volume)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        self.voice_area = QWidget(self)
        area = QVBoxLayout(self.voice_area)
        area.setContentsMargins(18, 0, 0, 0)
        area.addLayout(filters)
        area.addWidget(QLabel("Press ▶ (or Space) to hear a voice; click a row to choose it.", self))
        area.addWidget(self.samples, 1)
        area.addWidget(self.chosen_label)
        area.addLayout(form)
        # The user's own recording (externalVoice): offered for the video, when uploads are available.
        self.own = (
            OwnAudioChoice("Your &own recording (MP3 or WAV): the scenes follow it", "ownRecording",
                           "Your own recording", uploads, self)
            if offer_no_narration and uploads is not None
            else None
        )  # fmt: skip
        if self.own is not None:
            group.addButton(self.own.radio)
        layout = QVBoxLayout(self)
        if offer_no_narration:
            layout.addWidget(self.none_radio)
            layout.addWidget(self.voice_radio)
        else:
            self.none_radio.hide()
            self.voice_radio.hide()
        layout.addWidget(self.voice_area, 1)
        if self.own is not None:
            layout.addWidget(self.own)
            self.own.radio.toggled.connect(lambda *_: self._update_state())
            self.own.uploaded.connect(lambda *_: self._update_state())
        layout.addWidget(buttons)

        # Opened to choose a voice: the list is ready to filter even when the video has none yet (seen under
        # Xvfb: a new user typed into a disabled filter). "No narration" is one click away; Cancel keeps it.
        self.voice_radio.setChecked(True)
        self.speed_spin.setValue(round(current.speed) if current else 100)
        self.volume_slider.setValue(round((current.volume if current else 0.0) * 100))

        self.filter_edit.textChanged.connect(self._filter_changed)
        for combo in (self.language_combo, self.gender_combo, self.accent_combo):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_state())
        self.none_radio.toggled.connect(lambda *_: self._update_state())
        self.volume_slider.valueChanged.connect(lambda *_: self._update_state())
        self.refresh_button.clicked.connect(lambda: lists.refresh("voices"))
        lists.changed.connect(self._list_changed)
        self.finished.connect(player.stop)

        self._load_voices()
        lists.ensure("voices")
        self.filter_edit.setFocus()

    # --- the list ------------------------------------------------------------------------------------

    def _list_changed(self, name: str) -> None:
        if name == "voices":
            self._load_voices()

    def _load_voices(self) -> None:
        chosen = self.selected_voice()
        keep = chosen.id if chosen else self._current_speaker
        self.model.set_voices(self._lists.voices())
        languages, genders, accents = self.model.choices()
        self._fill(self.language_combo, "Any language", [(language_name(code), code) for code in languages])
        self._fill(self.gender_combo, "Any gender", [(g.capitalize(), g) for g in genders])
        self._fill(self.accent_combo, "Any accent", [(a, a) for a in accents])
        self.status_label.setText(self._lists.status_text("voices"))
        self.refresh_button.setEnabled(not self._lists.is_fetching("voices"))
        self._filter_changed()
        self._select(keep)

    @staticmethod
    def _fill(combo: QComboBox, any_text: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, ANY)
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _filter_changed(self, *_args: object) -> None:
        chosen = self.selected_voice()
        self.model.set_filter(
            VoiceFilter(
                self.filter_edit.text(),
                str(self.language_combo.currentData() or ANY),
                str(self.gender_combo.currentData() or ANY),
                str(self.accent_combo.currentData() or ANY),
            )
        )
        if chosen is not None:
            self._select(chosen.id)
        self._update_state()

    def _select(self, speaker: str) -> None:
        row = self.model.row_of(speaker) if speaker else -1
        if row >= 0:
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)
        self._update_state()

    def selected_voice(self) -> VoiceTrack | None:
        index = self.list_view.currentIndex()
        return self.model.voice_at(index.row()) if index.isValid() else None

    # --- result -------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        silent = self.none_radio.isChecked()
        own = self.own is not None and self.own.radio.isChecked()
        self.voice_area.setEnabled(not silent and not own)
        if self.own is not None and own:
            self.chosen_label.setText("")
            self.ok_button.setEnabled(self.own.url is not None)
            return
        self.volume_label.setText(volume_words(self.volume_slider.value()))
        voice = self.selected_voice()
        if silent:
            self.chosen_label.setText("")
            self.ok_button.setEnabled(True)
            return
        if voice is None:
            self.chosen_label.setText("Choose a voice in the list.")
            self.ok_button.setEnabled(False)
            return
        text = f"Chosen: {voice.name}, {language_name(voice.language)}."
        if voice.is_elevenlabs:
            text += " An ElevenLabs voice: it uses your account's ElevenLabs minutes, not AI credits."
            remaining = self._quota.elevenlabs_minutes_remaining if self._quota is not None else None
            if remaining is not None:
                text += f" {remaining:g} minutes left."
        else:
            # Pictory's quota lists AI credits and ElevenLabs minutes; other voices appear in neither.
            text += " Uses no AI credits."
        self.chosen_label.setText(text)
        self.ok_button.setEnabled(True)

    def choice(self) -> AiVoice | OwnRecording | None:
        """The voice chosen, the user's own recording, or None for "no narration"."""
        if self.own is not None and self.own.radio.isChecked() and self.own.url is not None:
            return OwnRecording(self.own.url)
        voice = self.selected_voice()
        if self.none_radio.isChecked() or voice is None:
            return None
        # Pictory resolves a speaker by track id first, then by name: the name reads well in the file and
        # in Pictory's own examples ("Brian"), and stays unambiguous as long as the account has one voice by it.
        same_name = [v for v in self.model.voices() if v.name.lower() == voice.name.lower()]
        speaker = voice.name if len(same_name) == 1 else voice.id
        return AiVoice(speaker, float(self.speed_spin.value()), self.volume_slider.value() / 100)
