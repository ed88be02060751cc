"""Whether this computer can play sound and video inside the app: what the sample player and the video player
both need to know before they start, and the sentences that say so.

Qt's multimedia module is imported here only when asked, never at start (it costs tens of milliseconds and
links PulseAudio's client library on Linux). With no audio device Qt still "plays" into nothing, so a missing
device is a sentence for the user, never an error.
"""

from __future__ import annotations

from PySide6.QtCore import QGenericArgumentHolder, QMetaObject, QObject, Qt

NO_MULTIMEDIA = (
    "This computer cannot play sound or video inside the app (Qt's multimedia libraries did not load; on Linux "
    "they need PulseAudio's client library, package libpulse0)."
)


def multimedia_available() -> bool:
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError:
        return False
    return True


def has_audio_device() -> bool:
    if not multimedia_available():
        return False
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioOutputs())


def plays_silently(what_plays: str) -> str:
    """The one sentence for a computer with no sound device: ``what_plays`` is "samples play", "the video plays"."""
    return f"No sound device was found on this computer, so {what_plays} silently."


def call_releasing_the_gil(target: QObject, slot: str, *arguments: QGenericArgumentHolder) -> None:
    """Call one of Qt's multimedia slots (``stop``, ``play``, ``setPosition``, ``setVolume``…) now, in this
    thread, with Python's GIL released while Qt works.

    PySide keeps the GIL through a C++ call unless its binding says otherwise, and it says so for none of
    QMediaPlayer's play, pause, stop and setPosition or QAudioOutput's setters (only ``setSource`` releases
    it). Qt's FFmpeg backend tears
    its renderer threads down while a video stops or changes: a dying renderer, holding Qt's signal lock, calls
    the Python-made QAudioOutput's ``disconnectNotify``, which waits for the GIL; the main thread, holding the
    GIL, waits for that lock in ``stop()``. The app froze for good (seen in 1 run in 7 of the player's tests, and
    in CI). ``QMetaObject.invokeMethod`` is bound to release the GIL, and with a direct connection the slot still
    runs before this returns.
    """
    if not QMetaObject.invokeMethod(target, slot, Qt.ConnectionType.DirectConnection, *arguments):
        raise RuntimeError(f"{type(target).__name__} has no slot {slot}")  # a typo in the app, never the user's
