"""One video playing inside the app: Qt's player and its sound, with plain signals and sentences for the window.

The window (``ui/video_player.py``) draws; this owns ``QMediaPlayer`` + ``QAudioOutput`` and turns what Qt
reports into what a user reads: an error, a file Qt cannot open, or a video with no picture Qt can decode
all become one ``problem`` sentence, said once per video, so the window can offer the system's player
instead. With no sound device Qt plays into nothing; the window says so (``multimedia.plays_silently``).

QtMultimedia is imported when the first ``VideoPlayback`` is made (the player opening), never at start:
check ``multimedia.multimedia_available()`` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, QObject, QUrl, Signal

from .multimedia import call_releasing_the_gil

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

SEEK_STEP_MS = 5000  # the arrow keys
DEFAULT_VOLUME = 80  # percent, as the volume slider shows it


def cannot_play(reason: str, *, remote: bool) -> str:
    """The sentence for a video Qt's player cannot play: what it is, why, and what to do instead."""
    what = "This video" if remote else "This file"
    elsewhere = "your web browser" if remote else "your system's video player"
    return f"{what} cannot be played here: {reason}. Open it in {elsewhere} instead."


def _reason_for(error_name: str, message: str) -> str:
    detail = f" ({message})" if message else ""
    reasons = {
        "FormatError": "it is not a video this app can read",
        "ResourceError": "it could not be read",
        "NetworkError": "it could not be fetched",
        "AccessDeniedError": "this computer does not let the app read it",
    }
    return reasons.get(error_name, "the player stopped with an error") + detail


NO_PICTURE = "it has no picture this app can decode (its video may be in a format Qt's player does not support)"


class VideoPlayback(QObject):
    durationChanged = Signal(int)  # milliseconds; 0 until the video is loaded
    positionChanged = Signal(int)  # milliseconds
    playingChanged = Signal(bool)
    problem = Signal(str)  # a sentence: this video cannot be played here, and why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._player: QMediaPlayer = QMediaPlayer(self)
        self._output: QAudioOutput = QAudioOutput(self)
        self._player.setAudioOutput(self._output)
        self._volume = DEFAULT_VOLUME
        self.set_volume(DEFAULT_VOLUME)
        self._source = QUrl()
        self._problem = ""  # said for the video loaded now (one sentence, however many ways Qt reports it)
        # Qt's are 64-bit (qint64): forwarded as Python ints, which the signals above carry.
        self._player.durationChanged.connect(self._duration_changed)
        self._player.positionChanged.connect(self._position_changed)
        self._player.playbackStateChanged.connect(self._state_changed)
        self._player.mediaStatusChanged.connect(self._status_changed)
        self._player.errorOccurred.connect(self._error)

    # --- what the window asks ------------------------------------------------------------------------

    def player(self) -> QMediaPlayer:
        """The Qt player (tests watch its position and state)."""
        return self._player

    def set_video_output(self, output: QObject) -> None:
        self._player.setVideoOutput(output)

    @property
    def source(self) -> QUrl:
        return self._source

    @property
    def problem_text(self) -> str:
        return self._problem

    def load(self, url: QUrl) -> None:
        self._stop()
        self._problem = ""
        self._source = url
        # Qt ignores the address it already has; a draft made again is written to the same path, so the
        # player must forget the old file and read this one afresh.
        self._player.setSource(QUrl())
        self._player.setSource(url)

    def release(self) -> None:
        """Stop and let go of the file (on Windows a file being played cannot be moved or deleted)."""
        self._stop()
        self._player.setSource(QUrl())
        self._source = QUrl()

    def duration(self) -> int:
        return max(0, self._player.duration())

    def position(self) -> int:
        return max(0, self._player.position())

    def is_playing(self) -> bool:
        from PySide6.QtMultimedia import QMediaPlayer

        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    # Every call that starts, stops or moves the video, or changes its sound, goes through
    # call_releasing_the_gil: made directly, it can freeze the app for good (see there). setSource is
    # already bound by PySide to release the GIL.

    def _stop(self) -> None:
        call_releasing_the_gil(self._player, "stop")

    def play(self) -> None:
        if not self._problem:
            call_releasing_the_gil(self._player, "play")

    def pause(self) -> None:
        call_releasing_the_gil(self._player, "pause")

    def toggle(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def seek(self, milliseconds: int) -> None:
        duration = self.duration()
        target = max(0, milliseconds)
        call_releasing_the_gil(
            self._player, "setPosition", Q_ARG("qint64", min(target, duration) if duration else target)
        )

    def seek_by(self, milliseconds: int) -> None:
        self.seek(self.position() + milliseconds)

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, percent: int) -> None:
        """``percent`` as the slider shows it; ears hear loudness logarithmically, Qt's output is linear."""
        from PySide6.QtMultimedia import QtAudio

        self._volume = max(0, min(100, percent))
        scale = QtAudio.VolumeScale
        linear = QtAudio.convertVolume(self._volume / 100, scale.LogarithmicVolumeScale, scale.LinearVolumeScale)
        call_releasing_the_gil(self._output, "setVolume", Q_ARG("float", linear))

    @property
    def muted(self) -> bool:
        return self._output.isMuted()

    def set_muted(self, muted: bool) -> None:
        call_releasing_the_gil(self._output, "setMuted", Q_ARG(bool, muted))

    # --- what Qt reports -----------------------------------------------------------------------------

    def _say(self, reason: str) -> None:
        if self._problem:
            return  # Qt often reports one failure twice (an error, then the status): one sentence is enough
        self._problem = cannot_play(reason, remote=not self._source.isLocalFile())
        self._stop()
        self.problem.emit(self._problem)

    def _duration_changed(self, milliseconds: int) -> None:
        self.durationChanged.emit(int(milliseconds))

    def _position_changed(self, milliseconds: int) -> None:
        self.positionChanged.emit(int(milliseconds))

    def _state_changed(self, _state: Any) -> None:
        self.playingChanged.emit(self.is_playing())

    def _status_changed(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._say("it is not a video this app can read")
        elif status == QMediaPlayer.MediaStatus.LoadedMedia and not self._player.hasVideo():
            self._say(NO_PICTURE)

    def _error(self, error: Any, message: str) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if error != QMediaPlayer.Error.NoError:
            self._say(_reason_for(getattr(error, "name", ""), message))
