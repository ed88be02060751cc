"""One page of music search results, as rows the sample list shows (title; length, moods and genres; ▶)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from pictory_desktop.api.results import MusicTrack

from .voice_list_model import DetailRole, SampleRole

TrackRole = Qt.ItemDataRole.UserRole + 4  # the MusicTrack


def format_length(seconds: float | None) -> str:
    if seconds is None:
        return "length unknown"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def track_detail(track: MusicTrack) -> str:
    parts = [format_length(track.duration_seconds)]
    if track.moods:
        parts.append(", ".join(track.moods))
    if track.genres:
        parts.append(", ".join(track.genres))
    return " · ".join(parts)


class MusicListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._tracks: list[MusicTrack] = []

    def set_tracks(self, tracks: list[MusicTrack]) -> None:
        self.beginResetModel()
        self._tracks = list(tracks)
        self.endResetModel()

    def track_at(self, row: int) -> MusicTrack | None:
        return self._tracks[row] if 0 <= row < len(self._tracks) else None

    def row_of_url(self, url: str) -> int:
        return next((row for row, track in enumerate(self._tracks) if track.audio_url == url), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tracks)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        track = self.track_at(index.row()) if index.isValid() else None
        if track is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return track.title
        if role == DetailRole:
            return track_detail(track)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{track.title}: {track_detail(track)}"
        if role == SampleRole:
            return track.audio_url
        if role == TrackRole:
            return track
        return None
