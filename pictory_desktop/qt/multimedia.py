"""Whether this computer can play sound and video inside the app: what the sample player and the video player
both need to know before they start, and the sentences that say so.

Qt's multimedia module is imported here only when asked, never at start (it costs tens of milliseconds and
links PulseAudio's client library on Linux). With no audio device Qt still "plays" into nothing, so a missing
device is a sentence for the user, never an error.
"""

from __future__ import annotations

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
