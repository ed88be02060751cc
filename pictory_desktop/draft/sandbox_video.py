"""What the sandbox's renders are: a draft of the storyboard that was submitted, labelled "Sandbox".

Without this a new user's first render downloads the same few seconds of placeholder whatever they wrote; with
it, their own scenes, pictures and words, timed as the app estimates. The sandbox itself imports nothing of the
domain (it stands for Pictory's servers), so the composition roots (the window's context, the command line)
hand it ``make_sandbox_video`` as its ``video_maker``. It runs on the sandbox's CDN thread when the video or its
thumbnail is first asked for; a QGuiApplication must exist (``frames.ensure_painting_app``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter

from ..domain.body import storyboard_from_body
from ..domain.catalog import default_catalog
from ..domain.draft_plan import DraftSegment, PictureBackground, plan_draft
from ..store.atomic import atomic_write_bytes
from ..store.image_cache import ImageCache
from .encoder import PictureSource, encode_draft
from .frames import SANDBOX_LABEL, default_width, frame_size, paint_segment, read_picture
from .pictures import picture_source

THUMBNAIL_WIDTH = 640


@dataclass(frozen=True)
class SandboxVideo:
    video: Path
    thumbnail: Path


def make_sandbox_video(body: dict[str, Any], folder: Path, picture_for: PictureSource | None) -> SandboxVideo:
    """The draft of the render ``body`` into ``folder`` (video.mp4 and thumbnail.jpg, the first scene's frame).
    Raises ``domain.body.BodyShapeError`` for a body the editor cannot read, ``DraftError`` when encoding fails."""
    storyboard = storyboard_from_body(body)
    plan = plan_draft(storyboard, default_catalog())
    folder.mkdir(parents=True, exist_ok=True)
    width = default_width(plan.ratio)  # 1280×720, or 720×1280 for a vertical video
    video = encode_draft(plan, folder / "video.mp4", width=width, picture_for=picture_for, label=SANDBOX_LABEL).path
    thumbnail = folder / "thumbnail.jpg"
    atomic_write_bytes(
        thumbnail, _first_frame_jpeg(plan.segments[0] if plan.segments else None, plan.ratio, picture_for)
    )
    return SandboxVideo(video, thumbnail)


def _first_frame_jpeg(segment: DraftSegment | None, ratio: tuple[int, int], picture_for: PictureSource | None) -> bytes:
    size = frame_size(ratio, THUMBNAIL_WIDTH)
    if segment is None:
        image = QImage(size.width, size.height, QImage.Format.Format_RGB32)
        image.fill(0)
    else:
        picture, problem = None, ""
        background = segment.background
        if isinstance(background, PictureBackground) and picture_for is not None:
            try:
                data = picture_for(background.url)
                picture = read_picture(data, size) if data is not None else None
            except Exception as exc:  # noqa: BLE001 - a missing picture is a card, as in the video
                problem = str(exc)
        image = paint_segment(segment, size, picture, problem, SANDBOX_LABEL)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"jpg")).write(image.convertToFormat(QImage.Format.Format_RGB32))
    return bytes(data.data())


VideoMaker = Callable[[dict[str, Any], Path], SandboxVideo]


def sandbox_video_maker(image_cache_dir: Path) -> VideoMaker:
    """The sandbox's ``video_maker``: ``make_sandbox_video`` with pictures from the app's image cache, else fetched
    without the key (``pictures.picture_source``). The process must already have a QGuiApplication, made on its
    main thread (the window's, or ``frames.ensure_painting_app`` in a command): the maker runs on a CDN thread."""

    def make(body: dict[str, Any], folder: Path) -> SandboxVideo:
        return make_sandbox_video(body, folder, picture_source(ImageCache(image_cache_dir)))

    return make
