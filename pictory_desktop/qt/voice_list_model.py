"""The account's voices as a list the user filters as they type, and by language, gender and accent.

Filtering is one pass over precomputed lower-case search strings, then one model reset: with 2,000 voices
it takes well under a frame (``benchmarks/bench_voice_filter.py``). A QSortFilterProxyModel would call
back into Python once per row per keystroke, which is what this avoids.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from pictory_desktop.api.results import VoiceTrack

ANY = ""  # the "any language / gender / accent" choice

VoiceRole = Qt.ItemDataRole.UserRole + 1  # the VoiceTrack
SampleRole = Qt.ItemDataRole.UserRole + 2  # its sample URL ("" when it has none)
DetailRole = Qt.ItemDataRole.UserRole + 3  # "English (US) · female · American accent"

_LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "nl": "Dutch",
    "it": "Italian",
    "pt": "Portuguese",
    "hi": "Hindi",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "pl": "Polish",
    "sv": "Swedish",
    "da": "Danish",
    "nb": "Norwegian",
    "fi": "Finnish",
    "tr": "Turkish",
}


def language_name(code: str | None) -> str:
    """'en-US' → 'English (US)'; an unknown code is shown as it is."""
    if not code:
        return "Unknown language"
    main, _, region = code.replace("_", "-").partition("-")
    name = _LANGUAGE_NAMES.get(main.lower(), code)
    return f"{name} ({region.upper()})" if region and name != code else name


def voice_detail(voice: VoiceTrack) -> str:
    parts = [language_name(voice.language)]
    if voice.gender:
        parts.append(voice.gender)
    if voice.accent:
        parts.append(voice.accent)
    if voice.is_elevenlabs:
        parts.append("ElevenLabs (uses ElevenLabs minutes)")
    return " · ".join(parts)


@dataclass(frozen=True)
class VoiceFilter:
    text: str = ""
    language: str = ANY  # a language subtag ("en") or a full code ("en-GB")
    gender: str = ANY
    accent: str = ANY


class VoiceListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._voices: list[VoiceTrack] = []
        self._search: list[str] = []
        self._shown: list[int] = []
        self._filter = VoiceFilter()

    # --- content -----------------------------------------------------------------------------------------

    def set_voices(self, voices: list[VoiceTrack]) -> None:
        self._voices = list(voices)
        # Each typed word must start a word of the voice ("en" finds en-US and English, not "accent"):
        # " " + word in " " + words is one C-level search per voice, not a Python loop over its words.
        self._search = [
            " "
            + " ".join(
                part.lower().replace("-", " ").replace("(", " ").replace(")", " ")
                for part in (v.name, v.language, language_name(v.language), v.gender, v.accent, v.service, v.id)
                if part
            )
            for v in self._voices
        ]
        self._apply()

    def voices(self) -> list[VoiceTrack]:
        return list(self._voices)

    def set_filter(self, voice_filter: VoiceFilter) -> None:
        if voice_filter != self._filter:
            self._filter = voice_filter
            self._apply()

    def _apply(self) -> None:
        f = self._filter
        words = [" " + word for word in f.text.lower().replace("-", " ").split()]
        language = f.language.lower()
        gender, accent = f.gender.lower(), f.accent.lower()
        shown: list[int] = []
        for i, voice in enumerate(self._voices):
            if language:
                code = (voice.language or "").lower()
                if not (code == language or code.startswith(language + "-")):
                    continue
            if gender and (voice.gender or "").lower() != gender:
                continue
            if accent and (voice.accent or "").lower() != accent:
                continue
            if words:
                text = self._search[i]
                if not all(word in text for word in words):
                    continue
            shown.append(i)
        self.beginResetModel()
        self._shown = shown
        self.endResetModel()

    def choices(self) -> tuple[list[str], list[str], list[str]]:
        """The languages (main subtags), genders and accents the list has, for the filter boxes."""
        languages = sorted({(v.language or "").split("-")[0].lower() for v in self._voices if v.language})
        genders = sorted({v.gender for v in self._voices if v.gender})
        accents = sorted({v.accent for v in self._voices if v.accent})
        return languages, genders, accents

    def voice_at(self, row: int) -> VoiceTrack | None:
        return self._voices[self._shown[row]] if 0 <= row < len(self._shown) else None

    def row_of(self, speaker: str) -> int:
        """The shown row of a speaker (matched as Pictory resolves it: track id, then name, case-insensitive)."""
        wanted = speaker.strip().lower()
        for row, i in enumerate(self._shown):
            if self._voices[i].id.lower() == wanted:
                return row
        for row, i in enumerate(self._shown):
            if self._voices[i].name.lower() == wanted or (self._voices[i].voice or "").lower() == wanted:
                return row
        return -1

    # --- Qt model ----------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        voice = self.voice_at(index.row()) if index.isValid() else None
        if voice is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return voice.name
        if role == DetailRole:
            return voice_detail(voice)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{voice.name}: {voice_detail(voice)}"
        if role == VoiceRole:
            return voice
        if role == SampleRole:
            return voice.sample_url or ""
        return None
