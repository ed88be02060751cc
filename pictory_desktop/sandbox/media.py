"""Files the CDN origin serves for a finished job: shipped media plus text made from the job's stories."""

from __future__ import annotations

import html
import struct
import threading
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files

from pictory_desktop.sandbox.pricing import RenderedScene

CONTENT_TYPES = {
    "video.mp4": "video/mp4",
    "thumbnail.jpg": "image/jpeg",
    "audio.mp3": "audio/mpeg",
    "subtitles.srt": "application/x-subrip; charset=utf-8",
    "subtitles.vtt": "text/vtt; charset=utf-8",
    "transcript.txt": "text/plain; charset=utf-8",
    "share.html": "text/html; charset=utf-8",
}
RENDER_FILES = frozenset(CONTENT_TYPES)
PREVIEW_FILES = frozenset({"thumbnail.jpg"})
_CHUNK = 64 * 1024


@lru_cache(maxsize=4)
def shipped(name: str) -> bytes:
    return files("pictory_desktop.resources").joinpath("sandbox", name).read_bytes()


def padded_video(total: int) -> tuple[int, Iterator[bytes]]:
    """The shipped MP4 grown (or cut) to ``total`` bytes, streamed so huge sizes cost no memory.

    The padding is MP4 ``free`` boxes after the real file, so a player still plays it; a 64-bit box size
    is used past 4 GiB. Sizes too small for the real file give just its head.
    """
    real = shipped("video.mp4")
    if total <= len(real) + 16:
        head = real[:total]
        return len(head), iter([head]) if head else iter([])

    def chunks() -> Iterator[bytes]:
        yield real
        pad = total - len(real)
        if pad < 2**32:
            yield struct.pack(">I4s", pad, b"free")
            remaining = pad - 8
        else:
            yield struct.pack(">I4sQ", 1, b"free", pad)
            remaining = pad - 16
        zeros = bytes(_CHUNK)
        while remaining > 0:
            step = min(remaining, _CHUNK)
            yield zeros[:step]
            remaining -= step

    return total, chunks()


def _timestamp(seconds: Decimal, separator: str) -> str:
    millis = int((seconds * 1000).to_integral_value())
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _cues(scenes: list[RenderedScene]) -> Iterator[tuple[int, Decimal, Decimal, str]]:
    start = Decimal(0)
    for index, scene in enumerate(scenes, start=1):
        end = start + scene.seconds
        if scene.story.strip():
            yield index, start, end, scene.story.strip()
        start = end


def srt(scenes: list[RenderedScene]) -> str:
    blocks = [
        f"{n}\n{_timestamp(a, ',')} --> {_timestamp(b, ',')}\n{text}\n"
        for n, (_, a, b, text) in enumerate(_cues(scenes), start=1)
    ]
    return "\n".join(blocks)


def vtt(scenes: list[RenderedScene]) -> str:
    blocks = [f"{_timestamp(a, '.')} --> {_timestamp(b, '.')}\n{text}\n" for _, a, b, text in _cues(scenes)]
    return "WEBVTT\n\n" + "\n".join(blocks)


def transcript(scenes: list[RenderedScene]) -> str:
    return "\n".join(s.story.strip() for s in scenes if s.story.strip()) + "\n"


def share_page(video_name: str) -> str:
    title = html.escape(video_name or "Sandbox render")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>Pictory Desktop sandbox render: no credits were spent.</p>"
        "<video src='video.mp4' controls></video></body></html>\n"
    )


def throttled(chunks: Iterator[bytes], bytes_per_second: float, stopping: threading.Event) -> Iterator[bytes]:
    """``chunks`` at no more than ``bytes_per_second``; the waits end at once when the server stops."""
    for chunk in chunks:
        yield chunk
        if stopping.wait(len(chunk) / bytes_per_second):
            return
