"""Plays a voice's sample or a music track's preview inside the app, one at a time.

Qt's own multimedia module (its FFmpeg backend ships in the PySide6 wheel) streams the URL itself: the
request carries no ``Authorization`` header, so the API key never reaches a sample's host. Starting a sample
stops the one playing. With no audio device, Qt still "plays" into nothing; ``has_audio_device`` lets the
window say so and offer the browser instead (``qt/multimedia.py``, shared with the video player). QtMultimedia
is imported on first use, not at start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal

from .multimedia import NO_MULTIMEDIA, call_releasing_the_gil, multimedia_available

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer


class SamplePlayer(QObject):
    playingChanged = Signal(str)  # the URL now playing, "" when nothing plays
    problem = Signal(str, str)  # url, a sentence for the user (the sample could not be played)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._url = ""

    @property
    def current_url(self) -> str:
        return self._url

    def _ensure_player(self) -> QMediaPlayer:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._output.setVolume(0.8)  # before anything plays: no renderer thread to wait for yet
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._status_changed)
            self._player.errorOccurred.connect(self._error)
        return self._player

    def player(self) -> QMediaPlayer:
        """The Qt player (tests watch its position and state)."""
        return self._ensure_player()

    def toggle(self, url: str) -> None:
        """▶ on a sample that plays stops it; on any other, plays that one instead."""
        if url and url == self._url:
            self.stop()
        else:
            self.play(url)

    def play(self, url: str) -> None:
        if not multimedia_available():
            self.problem.emit(url, NO_MULTIMEDIA)
            return
        player = self._ensure_player()
        if not url.startswith(("https://", "http://")):
            self.problem.emit(url, "This sample has no web address the app can play.")
            return
        # stop and play through call_releasing_the_gil: made directly they can freeze the app (see there).
        call_releasing_the_gil(player, "stop")
        self._url = url
        player.setSource(QUrl(url))
        call_releasing_the_gil(player, "play")
        self.playingChanged.emit(url)

    def stop(self) -> None:
        if self._player is not None:
            call_releasing_the_gil(self._player, "stop")
        if self._url:
            self._url = ""
            self.playingChanged.emit("")

    def _status_changed(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status in (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia) and self._url:
            if status == QMediaPlayer.MediaStatus.InvalidMedia:
                self.problem.emit(self._url, "This sample could not be played: it is not audio the app can read.")
            self._url = ""
            self.playingChanged.emit("")

    def _error(self, _error: Any, message: str) -> None:
        url, self._url = self._url, ""
        if url:
            self.problem.emit(url, f"The sample could not be played ({message or 'no reason given'}).")
            self.playingChanged.emit("")
