"""The video's voice, music, brand, subtitle style and language: what it sounds and looks like.

Voice and music are chosen by ear in their pickers; brand, subtitle style and language are dropdowns of what
the account has (from the cache at once, refreshed in the background). A choice the editor cannot represent
(an audio file for narration, several voices, a brand named both ways) is shown read-only, with a sentence,
and kept exactly as the file has it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QToolButton, QWidget

from ..api.results import NamedItem, Quota
from ..domain import look, music, narration
from ..domain.describe import look_summary, music_summary, voice_summary
from ..qt.account_lists import AccountLists
from ..qt.document import StoryboardDocument
from ..qt.music_search import MusicSearch
from ..qt.sample_player import SamplePlayer
from ..qt.uploads import Uploads
from ..qt.voice_list_model import language_name
from . import theme
from .form_rows import field_with_button
from .wheel_guard import guard_wheel

NOT_SET = "__not_set__"
FROM_FILE = "__from_file__"


class VoiceMusicSettings(QWidget):
    def __init__(
        self,
        document: StoryboardDocument,
        lists: AccountLists,
        player: SamplePlayer,
        search: MusicSearch,
        quota: Callable[[], Quota | None],
        parent: QWidget | None = None,
        *,
        uploads: Uploads | None = None,
    ) -> None:
        super().__init__(parent)
        self.uploads = uploads
        self.document = document
        self.lists = lists
        self.player = player
        self.search = search
        self._quota = quota
        self._updating = False
        self._look_opened_once = False
        self._shown: tuple[object, ...] | None = None

        self.voice_label = QLabel(self)
        self.voice_label.setObjectName("videoVoiceSummary")
        self.voice_label.setWordWrap(True)
        self.voice_button = QPushButton("Choose &voice…", self)
        self.voice_button.setObjectName("chooseVoiceButton")
        self.voice_button.setToolTip("Hear the account's voices and choose the one that reads the stories.")
        self.voice_note = QLabel(self)
        self.voice_note.setObjectName("videoVoiceNote")
        self.voice_note.setWordWrap(True)
        self.music_label = QLabel(self)
        self.music_label.setObjectName("musicSummary")
        self.music_label.setWordWrap(True)
        self.music_button = QPushButton("Choose &music…", self)
        self.music_button.setObjectName("chooseMusicButton")
        self.music_button.setToolTip("Hear tracks from Pictory's music library and choose one, or let Pictory pick.")
        self.brand_combo = guard_wheel(QComboBox(self))
        self.brand_combo.setObjectName("brandCombo")
        self.brand_combo.setToolTip("A brand kit set up in Pictory (logo, colours, fonts).")
        self.style_combo = guard_wheel(QComboBox(self))
        self.style_combo.setObjectName("subtitleStyleCombo")
        self.style_combo.setToolTip("How subtitles look; styles are made in the Pictory app.")
        self.language_combo = guard_wheel(QComboBox(self))
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.setToolTip("The language of the stories (for narration and subtitles).")
        for combo in (self.brand_combo, self.style_combo, self.language_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.lists_label = QLabel(self)
        self.lists_label.setObjectName("accountListsStatus")
        self.lists_label.setWordWrap(True)
        self.refresh_button = QPushButton("Refresh lists", self)
        self.refresh_button.setObjectName("refreshListsButton")
        self.refresh_button.setToolTip("Fetch the brands and subtitle styles again.")

        # Brand, subtitles and language are set less often than voice and music: folded away until wanted
        # (or until the file sets one), so the scene list below keeps its room on a small screen.
        self.look_toggle = QToolButton(self)
        self.look_toggle.setObjectName("lookToggle")
        self.look_toggle.setText("Brand, subtitles and language")
        self.look_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.look_toggle.setCheckable(True)
        self.look_toggle.setAutoRaise(True)
        self.look_summary = QLabel(self)
        self.look_summary.setObjectName("lookSummary")
        self.look_summary.setWordWrap(True)
        self.look_area = QWidget(self)
        look_form = QFormLayout(self.look_area)
        look_form.setContentsMargins(0, 0, 0, 0)
        look_form.addRow("&Brand:", self.brand_combo)
        look_form.addRow("&Subtitles:", self.style_combo)
        look_form.addRow("&Language:", self.language_combo)
        look_form.addRow(field_with_button(self, self.lists_label, self.refresh_button))

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Voice:", field_with_button(self, self.voice_label, self.voice_button))
        form.addRow("", self.voice_note)
        form.addRow("Music:", field_with_button(self, self.music_label, self.music_button))
        form.addRow(self.look_toggle)
        form.addRow(self.look_summary)
        form.addRow(self.look_area)
        self.look_toggle.toggled.connect(self._show_look)
        self._show_look(False)

        self.voice_button.clicked.connect(self.choose_voice)
        self.music_button.clicked.connect(self.choose_music)
        self.brand_combo.activated.connect(self._brand_chosen)
        self.style_combo.activated.connect(self._style_chosen)
        self.language_combo.activated.connect(self._language_chosen)
        self.refresh_button.clicked.connect(self._refresh_lists)
        document.storyboardChanged.connect(self.refresh)
        lists.changed.connect(self._list_changed)
        self.refresh()

    def _show_look(self, shown: bool) -> None:
        self.look_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.look_area.setVisible(shown)
        self.look_summary.setVisible(not shown and bool(self.look_summary.text()))

    def ensure_lists(self) -> None:
        """Called once the window is up: the dropdowns' lists, from the cache or fetched in the background."""
        for name in ("brands", "styles", "voices"):
            self.lists.ensure(name)

    def _refresh_lists(self) -> None:
        for name in ("brands", "styles", "voices"):
            self.lists.refresh(name)

    # --- showing ---------------------------------------------------------------------------------------

    def _inputs(self) -> tuple[object, ...]:
        storyboard = self.document.storyboard
        values = storyboard.unknown.values
        keys = ("voiceOver", "backgroundMusic", "brandId", "brandName", "subtitleStyleId", "subtitleStyleName")
        return (*(values.get(key) for key in keys), values.get("language"), storyboard.app_data)

    def _list_changed(self, name: str) -> None:
        if name in ("brands", "styles", "voices"):
            self._shown = None
            self.refresh()

    def refresh(self) -> None:
        # Called after every edit (a keystroke in a story too): redo the dropdowns only when what they
        # show changed, or typing would pay for three combo boxes being rebuilt.
        inputs = self._inputs()
        if inputs == self._shown:
            return
        self._shown = inputs
        storyboard = self.document.storyboard
        self._updating = True
        try:
            voice = narration.read_video_voice(storyboard)
            said = voice_summary(voice).removeprefix("Voice: ")
            # What the editor cannot represent is said, not hidden; choosing a voice replaces it (on purpose).
            self.voice_label.setText(f"{said}. {voice.reason}" if isinstance(voice, narration.ReadOnlyVoice) else said)
            note = narration.video_premium_settings_note(storyboard)
            self.voice_note.setText(note or "")  # kept from the file, read-only: said where it applies
            self.voice_note.setVisible(bool(note))
            chosen_music = music.read_music(storyboard)
            said = music_summary(chosen_music).removeprefix("Music: ")
            if isinstance(chosen_music, music.ReadOnlyMusic):
                said = f"{said}. {chosen_music.reason}"
            self.music_label.setText(said)
            self._fill_named(self.brand_combo, self.lists.named("brands"), look.read_brand(storyboard), "brand")
            self._fill_named(
                self.style_combo, self.lists.named("styles"), look.read_subtitle_style(storyboard), "style"
            )
            language = look.read_language(storyboard)
            self._fill_languages(language)
            self.lists_label.setText(self.lists.status_text("brands"))
            for muted in (self.lists_label, self.voice_note):
                theme.set_text_colour(muted, theme.muted_colour(muted))
            brand, style = look.read_brand(storyboard), look.read_subtitle_style(storyboard)
            chosen = [
                look_summary(brand, "Brand") if brand is not None else "",
                look_summary(style, "Subtitles") if style is not None else "",
                f"Language: {language_name(language)}" if language else "",
            ]
            self.look_summary.setText(" · ".join(part for part in chosen if part))
            theme.set_text_colour(self.look_summary, theme.muted_colour(self.look_summary))
            if self.look_summary.text() and not self._look_opened_once:
                self._look_opened_once = True  # the file sets one: show where it is, once
                self.look_toggle.setChecked(True)
            self._show_look(self.look_toggle.isChecked())
        finally:
            self._updating = False

    @staticmethod
    def _fill_named(combo: QComboBox, items: list[NamedItem], current: look.LookChoice, what: str) -> None:
        combo.clear()
        combo.addItem("Pictory's default" if what == "brand" else "Pictory's default style", NOT_SET)
        for item in items:
            combo.addItem(item.name, item.id)
        if current is None:
            combo.setCurrentIndex(0)
            return
        if isinstance(current, look.ById):
            index = combo.findData(current.id)
            if index < 0:  # not in the account's list (yet): show what the file says, by its remembered name
                combo.addItem(f"{current.name or current.id} (from the file)", FROM_FILE)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            return
        if isinstance(current, look.ByName):
            index = combo.findText(current.name)
            if index < 0:
                combo.addItem(f"{current.name} (by name, from the file)", FROM_FILE)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            return
        combo.addItem("As in the file (see the tip)", FROM_FILE)
        combo.setItemData(combo.count() - 1, current.reason, 3)  # tooltip role
        combo.setCurrentIndex(combo.count() - 1)

    def _fill_languages(self, current: str | None) -> None:
        combo = self.language_combo
        combo.clear()
        combo.addItem("Not set (Pictory's default)", NOT_SET)
        codes = sorted({(v.language or "").split("-")[0].lower() for v in self.lists.voices() if v.language})
        for code in codes:
            combo.addItem(f"{language_name(code)} ({code})", code)
        if current:
            index = combo.findData(current)
            if index < 0:
                combo.addItem(f"{language_name(current)} ({current})", current)
                index = combo.count() - 1
            combo.setCurrentIndex(index)

    # --- choosing -------------------------------------------------------------------------------------

    def choose_voice(self) -> None:
        from .voice_picker import VoicePickerDialog  # the pickers load when first opened, not at start

        current = narration.read_video_voice(self.document.storyboard)
        dialog = VoicePickerDialog(
            self.lists,
            self.player,
            current if isinstance(current, narration.AiVoice) else None,
            offer_no_narration=True,
            quota=self._quota(),
            uploads=self.uploads,
            parent=self.window(),
        )
        accepted = bool(dialog.exec())
        chosen = dialog.choice() if accepted else None  # read before the picker goes
        dialog.deleteLater()  # each opening makes a new picker: the window must not collect them
        if accepted:
            self.document.set_video_voice(chosen if chosen is not None else narration.NoVoiceOver())

    def choose_music(self) -> None:
        from .music_picker import MusicPickerDialog

        storyboard = self.document.storyboard
        dialog = MusicPickerDialog(
            self.lists,
            self.search,
            self.player,
            music.read_music(storyboard),
            narrated=narration.is_narrated(narration.read_video_voice(storyboard)),
            uploads=self.uploads,
            parent=self.window(),
        )
        accepted = bool(dialog.exec())
        chosen = dialog.choice() if accepted else None  # read before the picker goes
        dialog.deleteLater()
        if chosen is not None:
            self.document.set_music(chosen)

    def _named_choice(self, combo: QComboBox, index: int) -> look.NamedChoice | str:
        data = combo.itemData(index)
        if data == NOT_SET:
            return None
        if data == FROM_FILE:
            return FROM_FILE  # unchanged
        return look.ById(str(data), combo.itemText(index))

    def _brand_chosen(self, index: int) -> None:
        choice = self._named_choice(self.brand_combo, index)
        if not self._updating and choice != FROM_FILE:
            self.document.set_brand(choice if not isinstance(choice, str) else None)

    def _style_chosen(self, index: int) -> None:
        choice = self._named_choice(self.style_combo, index)
        if not self._updating and choice != FROM_FILE:
            self.document.set_subtitle_style(choice if not isinstance(choice, str) else None)

    def _language_chosen(self, index: int) -> None:
        data = self.language_combo.itemData(index)
        if not self._updating:
            self.document.set_language(None if data == NOT_SET else str(data))
