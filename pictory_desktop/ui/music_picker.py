"""Choose the background music by ear: none, Pictory's pick, or a track from Pictory's library found by text,
mood, genre and purpose, each with ▶. The volume is always sent (sources disagree on the default)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..api.results import MusicQuery
from ..api.results import MusicTrack as LibraryTrack
from ..domain.music import SUGGESTED_VOLUME, AutoMusic, EditableMusic, MusicChoice, MusicTrack, NoMusic
from ..qt.account_lists import MUSIC_VOCABULARIES, AccountLists
from ..qt.music_list_model import MusicListModel
from ..qt.music_search import MusicSearch
from ..qt.sample_player import SamplePlayer
from ..qt.uploads import Uploads
from . import theme
from .own_audio import OwnAudioChoice
from .sample_list import SampleArea
from .wheel_guard import guard_wheel

DEFAULT_VOLUME_PERCENT = round(SUGGESTED_VOLUME * 100)
LOUD_UNDER_NARRATION = 30


class MusicPickerDialog(QDialog):
    def __init__(
        self,
        lists: AccountLists,
        search: MusicSearch,
        player: SamplePlayer,
        current: MusicChoice,
        *,
        narrated: bool,
        uploads: Uploads | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose the music")
        self.setObjectName("musicPicker")
        self.resize(660, 640)
        self._lists = lists
        self._search = search
        self._player = player
        self._narrated = narrated
        self._current_track = current if isinstance(current, MusicTrack) else None

        self.none_radio = QRadioButton("&No music", self)
        self.none_radio.setObjectName("noMusicRadio")
        self.auto_radio = QRadioButton("&Pictory picks a track that suits the video", self)
        self.auto_radio.setObjectName("autoMusicRadio")
        self.track_radio = QRadioButton("A &track from Pictory's music library:", self)
        self.track_radio.setObjectName("trackMusicRadio")
        # The user's own track (an MP3 or WAV on this computer), uploaded to their Pictory account once.
        self.own = (
            OwnAudioChoice("Your &own track from this computer (MP3 or WAV)", "ownMusic", "Your own music track",
                           uploads, self)
            if uploads is not None
            else None
        )  # fmt: skip
        group = QButtonGroup(self)
        for radio in (self.none_radio, self.auto_radio, self.track_radio):
            group.addButton(radio)
        if self.own is not None:
            group.addButton(self.own.radio)

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("musicSearchEdit")
        self.search_edit.setPlaceholderText("Search: a word, a mood, a genre…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton("&Search", self)
        self.search_button.setObjectName("musicSearchButton")
        self.mood_combo = guard_wheel(QComboBox(self))
        self.mood_combo.setObjectName("musicMoodCombo")
        self.genre_combo = guard_wheel(QComboBox(self))
        self.genre_combo.setObjectName("musicGenreCombo")
        self.purpose_combo = guard_wheel(QComboBox(self))
        self.purpose_combo.setObjectName("musicPurposeCombo")
        self.model = MusicListModel()
        self.samples = SampleArea(player, self.model, names=("musicList", "musicStatus"), parent=self)
        self.list_view, self.status_label = self.samples.view, self.samples.status_label
        self.problem_label = self.samples.problem_label

        self.volume_slider = guard_wheel(QSlider(Qt.Orientation.Horizontal, self))
        self.volume_slider.setObjectName("musicVolumeSlider")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setPageStep(5)
        self.volume_slider.setAccessibleName("Music volume")
        self.volume_label = QLabel(self)
        self.volume_label.setMinimumWidth(self.volume_label.fontMetrics().horizontalAdvance("100 %") + 8)
        self.volume_advice = QLabel(self)
        self.volume_advice.setObjectName("musicVolumeAdvice")
        self.volume_advice.setWordWrap(True)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)
        filters = QHBoxLayout()
        for combo in (self.mood_combo, self.genre_combo, self.purpose_combo):
            filters.addWidget(combo, 1)
        self.library_area = QWidget(self)
        library = QVBoxLayout(self.library_area)
        library.setContentsMargins(18, 0, 0, 0)
        library.addLayout(search_row)
        library.addLayout(filters)
        library.addWidget(QLabel("Press ▶ (or Space) to hear a track; click a row to choose it.", self))
        library.addWidget(self.samples, 1)
        volume = QHBoxLayout()
        volume_label = QLabel("Music &volume:", self)
        volume_label.setBuddy(self.volume_slider)
        volume.addWidget(volume_label)
        volume.addWidget(self.volume_slider, 1)
        volume.addWidget(self.volume_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_radio)
        layout.addWidget(self.auto_radio)
        layout.addWidget(self.track_radio)
        layout.addWidget(self.library_area, 1)
        if self.own is not None:
            layout.addWidget(self.own)
        layout.addLayout(volume)
        layout.addWidget(self.volume_advice)
        layout.addWidget(buttons)

        # Opened to choose music: the library is ready to search unless the video lets Pictory pick (seen
        # under Xvfb: a new user typed into a disabled search box and Return closed the dialog).
        if isinstance(current, AutoMusic):
            self.auto_radio.setChecked(True)
        else:
            self.track_radio.setChecked(True)
        # Return in the search box searches; it must not also press OK.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        volume_now = getattr(current, "volume", None)
        self.volume_slider.setValue(round(volume_now * 100) if volume_now is not None else DEFAULT_VOLUME_PERCENT)

        self.search_button.clicked.connect(self.run_search)
        self.search_edit.returnPressed.connect(self.run_search)
        for combo in (self.mood_combo, self.genre_combo, self.purpose_combo):
            combo.currentIndexChanged.connect(self.run_search)
        for radio in (self.none_radio, self.auto_radio, self.track_radio):
            radio.toggled.connect(lambda *_: self._update_state())
        if self.own is not None:
            self.own.radio.toggled.connect(lambda *_: self._update_state())
            self.own.uploaded.connect(lambda *_: self._update_state())
        self.volume_slider.valueChanged.connect(lambda *_: self._update_state())
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_state())
        search.results.connect(self._results)
        search.failed.connect(self._search_failed)
        lists.changed.connect(self._list_changed)
        self.finished.connect(player.stop)

        self._fill_vocabularies()
        for name in MUSIC_VOCABULARIES:
            lists.ensure(name)
        self._update_state()
        self.run_search()
        self.search_edit.setFocus()

    # --- vocabularies and search ------------------------------------------------------------------------

    def _list_changed(self, name: str) -> None:
        if name in ("moods", "genres", "purposes"):
            self._fill_vocabularies()

    def _fill_vocabularies(self) -> None:
        combos = (self.mood_combo, self.genre_combo, self.purpose_combo)
        any_texts = ("Any mood", "Any genre", "Any purpose")
        for combo, name, any_text in zip(combos, MUSIC_VOCABULARIES, any_texts, strict=True):
            values = self._lists.vocabulary(name)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(any_text, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def query(self) -> MusicQuery:
        def picked(combo: QComboBox) -> tuple[str, ...]:
            value = str(combo.currentData() or "")
            return (value,) if value else ()

        return MusicQuery(
            text=self.search_edit.text(),
            moods=picked(self.mood_combo),
            genres=picked(self.genre_combo),
            purposes=picked(self.purpose_combo),
        )

    def run_search(self, *_args: object) -> None:
        self.status_label.setText("Searching Pictory's music library…")
        theme.set_text_colour(self.status_label, None)
        self._search.search(self.query())

    def _results(self, tracks: list[LibraryTrack]) -> None:
        chosen = self.selected_track()
        self.model.set_tracks(tracks)
        count = len(tracks)
        self.status_label.setText(
            f"{count} track{'s' if count != 1 else ''} found."
            if count
            else "No track matches: try fewer words or filters."
        )
        url = chosen.audio_url if chosen else (self._current_track.url if self._current_track else "")
        row = self.model.row_of_url(url) if url else -1
        if row >= 0:
            self.list_view.setCurrentIndex(self.model.index(row, 0))
        self._update_state()

    def _search_failed(self, sentence: str) -> None:
        self.status_label.setText(f"The music library could not be searched: {sentence}")
        theme.set_text_colour(self.status_label, theme.error_colour(self.status_label))

    def selected_track(self) -> LibraryTrack | None:
        index = self.list_view.currentIndex()
        return self.model.track_at(index.row()) if index.isValid() else None

    # --- result -------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        volume = self.volume_slider.value()
        self.volume_label.setText(f"{volume} %")
        self.library_area.setEnabled(self.track_radio.isChecked())
        self.volume_slider.setEnabled(not self.none_radio.isChecked())
        if self.none_radio.isChecked():
            advice = ""
        elif self._narrated and volume > LOUD_UNDER_NARRATION:
            advice = f"At {volume} % the music may drown the voice: 8–15 % is usual under narration."
        else:
            advice = "Under narration, 8–15 % keeps the voice clear." if self._narrated else ""
        # Pictory documents no credit or minute meter for music.
        self.volume_advice.setText(" ".join(filter(None, [advice, "Music uses no AI credits."])))
        has_track = self.selected_track() is not None or self._current_track is not None
        if self.own is not None and self.own.radio.isChecked():
            self.ok_button.setEnabled(self.own.url is not None)
        else:
            self.ok_button.setEnabled(not self.track_radio.isChecked() or has_track)

    def choice(self) -> EditableMusic:
        volume = self.volume_slider.value() / 100
        if self.none_radio.isChecked():
            return NoMusic()
        if self.auto_radio.isChecked():
            return AutoMusic(volume)
        if self.own is not None and self.own.radio.isChecked() and self.own.url is not None:
            return MusicTrack(self.own.url, volume, Path(self.own.name).stem)
        track = self.selected_track()
        if track is not None:
            return MusicTrack(track.audio_url, volume, track.title)
        assert self._current_track is not None  # OK is off otherwise
        return MusicTrack(self._current_track.url, volume, self._current_track.title)
