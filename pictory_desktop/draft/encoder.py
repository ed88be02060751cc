"""The draft video: a ``DraftPlan`` painted (``frames``) and encoded with PyAV into an MP4, in seconds, offline.

- **Video**: H.264 (libx264, yuv420p, BT.709, ``veryfast``, CRF 23, ``stillimage``) — it plays everywhere, Qt's
  player and phones included. When the FFmpeg PyAV carries has no libx264 (an LGPL-only build), FFmpeg's native
  ``mpeg4`` encoder instead: plays in most players, larger for the same picture.
- **Streamed**: each segment is painted once and the same frame is sent again for every frame it lasts (x264
  codes an unchanged frame in a few bytes), so memory does not grow with the draft's length. A keyframe starts
  every segment and comes at least every 2 seconds, so a player seeks to any scene at once.
- **Sound**: the music, when the caller has its audio (``soundtrack``); otherwise no audio stream at all — a
  silent track would add bytes and work and say nothing, and players handle a video without sound.
- **Chapters** (one per segment: "Scene 2 · part 1 of 3") and the metadata title and comment say what this is.
- **Safe output**: written through ``store.atomic.atomic_writer`` (a hidden temp file in the target folder,
  then ``os.replace``), so the final name only ever holds a whole video; on cancel or error the temp file goes
  and an existing file of that name is left as it was.

PyAV is imported here when a draft is made, never when the app starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QImage

from ..domain.draft_plan import DRAFT_TITLE, DraftPlan, DraftSegment, PictureBackground
from ..store.atomic import atomic_writer
from .frames import DRAFT_LABEL, FrameSize, frame_size, paint_segment, read_picture
from .soundtrack import MusicAudio, MusicUnreadable, Soundtrack, muted_ranges

if TYPE_CHECKING:
    from av.container import OutputContainer
    from av.video.frame import VideoFrame
    from av.video.stream import VideoStream

DEFAULT_WIDTH = 1280
FPS = 25  # PAL's rate: whole milliseconds per frame (40 ms), so the estimate's tenths fall on frames
KEYFRAME_SECONDS = 2
PREFERRED_CODECS = ("libx264", "mpeg4")
MUSIC_NOT_HERE = "The music is not in the draft: its sound is not on this computer."
COMMENT_TAIL = "Made on this computer by Pictory Desktop from the storyboard; the real video is Pictory's."
# FFmpeg's numbers for BT.709 (pixfmt.h: AVCOL_SPC_BT709, AVCOL_PRI_BT709, AVCOL_TRC_BT709) and limited range
# (AVCOL_RANGE_MPEG): written in the stream so players convert the colours back as they were painted.
_BT709 = 1
_LIMITED_RANGE = 1

PictureSource = Callable[[str], bytes | None]
Progress = Callable[[float], None]
CancelCheck = Callable[[], bool]


class DraftCancelled(Exception):
    """The caller's cancel check said stop; nothing was left under the output's name."""


class DraftError(Exception):
    """The draft could not be made; the message says why, as a sentence."""


@dataclass(frozen=True)
class DraftChapter:
    scene: int
    part: int
    parts: int
    start: float  # seconds, on the frame where the segment starts
    end: float

    @property
    def title(self) -> str:
        return f"Scene {self.scene}" + (f" · part {self.part} of {self.parts}" if self.parts > 1 else "")


@dataclass(frozen=True)
class DraftResult:
    path: Path
    seconds: float
    width: int
    height: int
    fps: int
    codec: str  # "libx264" or "mpeg4"
    audio: bool  # the music is in it
    chapters: tuple[DraftChapter, ...]
    notes: tuple[str, ...] = field(default=())  # what is not as the render will be: a missing picture, no music


def comment_for(label: str) -> str:
    """The file's comment: the corner label, and where the draft came from."""
    return f"{label}. {COMMENT_TAIL}"


def available_codec(preferred: tuple[str, ...] = PREFERRED_CODECS) -> str:
    import av

    for name in preferred:
        if name in av.codecs_available:
            return name
    raise DraftError(
        "This computer's video library has neither an H.264 nor an MPEG-4 encoder, so no draft can be made."
    )


def encode_draft(
    plan: DraftPlan,
    out: Path,
    *,
    width: int = DEFAULT_WIDTH,
    picture_for: PictureSource | None = None,
    music_audio: MusicAudio | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    codec: str | None = None,
    label: str = DRAFT_LABEL,
    no_music_note: str = MUSIC_NOT_HERE,
) -> DraftResult:
    """Paint and encode ``plan`` into ``out`` (an MP4). Runs on any thread; a QGuiApplication must exist (text
    needs its fonts; ``frames.ensure_painting_app``). ``picture_for(url)`` gives a picture's bytes or None, or
    raises with the sentence saying why: a picture that cannot be had is a card saying so. ``cancelled()`` is asked before every frame
    (pass ``event.is_set``); ``progress(fraction)`` hears about every half second of video. ``no_music_note`` is
    the note when the storyboard has music and ``music_audio`` is None (the caller may know why). Raises
    ``DraftCancelled`` or ``DraftError``; either way nothing is left under ``out``'s name but what was there."""
    if not isinstance(QGuiApplication.instance(), QGuiApplication):  # a QCoreApplication has no fonts either
        raise DraftError("Painting the draft needs a QGuiApplication (see draft.frames.ensure_painting_app).")
    if not plan.segments:
        raise DraftError("The storyboard has no scenes, so there is nothing to draft.")
    import av
    from av.error import FFmpegError

    size = frame_size(plan.ratio, width)
    codec = codec or available_codec()
    boundaries = _frame_boundaries(plan.segments)
    total_frames = boundaries[-1]
    seconds = total_frames / FPS
    notes: list[str] = []
    pictures = _Pictures(picture_for, size, notes, label)
    stop = cancelled or (lambda: False)
    report = progress or (lambda _fraction: None)
    out = Path(out)
    try:
        with atomic_writer(out, suffix=".part") as handle:
            container = av.open(handle, mode="w", format="mp4")
            try:
                stream = _video_stream(container, codec, size)
                soundtrack = _soundtrack(container, plan, music_audio, seconds, notes, no_music_note)
                container.metadata["title"] = (
                    f"{plan.title} — {DRAFT_TITLE}" if plan.title != DRAFT_TITLE else DRAFT_TITLE
                )
                container.metadata["comment"] = comment_for(label)
                chapters = _encode_frames(
                    container, stream, soundtrack, plan.segments, boundaries, pictures, stop, report
                )
                if soundtrack is not None:
                    container.mux(soundtrack.finish())
                container.mux(stream.encode(None))
                container.set_chapters(
                    [
                        {
                            "id": index,
                            "start": round(chapter.start * 1000),
                            "end": round(chapter.end * 1000),
                            "time_base": Fraction(1, 1000),
                            "metadata": {"title": chapter.title},
                        }
                        for index, chapter in enumerate(chapters)
                    ]
                )
            finally:
                container.close()
    except FFmpegError as exc:
        raise DraftError(f"The video could not be encoded ({exc}).") from exc
    report(1.0)
    return DraftResult(
        path=out,
        seconds=seconds,
        width=size.width,
        height=size.height,
        fps=FPS,
        codec=codec,
        audio=soundtrack is not None,
        chapters=tuple(chapters),
        notes=tuple(notes),
    )


def _frame_boundaries(segments: tuple[DraftSegment, ...]) -> list[int]:
    """The frame each segment starts on, and the frame after the last: the plan's exact times rounded once each,
    so the video's length is the estimate's to within half a frame, however many segments there are."""
    return [round(float(segment.start) * FPS) for segment in segments] + [round(float(segments[-1].end) * FPS)]


def _video_stream(container: OutputContainer, codec: str, size: FrameSize) -> VideoStream:
    if codec == "libx264":
        # veryfast: the draft is about speed; a frame that does not change costs almost nothing at any preset.
        # forced-idr: the keyframe that starts each segment is a real seek point, not just an I-frame.
        options = {"preset": "veryfast", "crf": "23", "tune": "stillimage", "forced-idr": "1"}
        stream = container.add_stream("libx264", rate=FPS, options=options)
    else:
        stream = container.add_stream("mpeg4", rate=FPS)
        stream.bit_rate = round(2_500_000 * size.width * size.height / (1280 * 720))
    stream.width = size.width
    stream.height = size.height
    stream.pix_fmt = "yuv420p"
    context = stream.codec_context
    context.gop_size = KEYFRAME_SECONDS * FPS
    context.colorspace = _BT709
    context.color_primaries = _BT709
    context.color_trc = _BT709
    context.color_range = _LIMITED_RANGE
    return stream


def _soundtrack(
    container: OutputContainer,
    plan: DraftPlan,
    audio: MusicAudio | None,
    seconds: float,
    notes: list[str],
    no_music_note: str,
) -> Soundtrack | None:
    if plan.music is None:
        return None
    if audio is None:
        notes.append(no_music_note)
        return None
    spans = [(float(s.start), float(s.end), s.music) for s in plan.segments]
    try:
        return Soundtrack(container, audio, volume=plan.music.volume, seconds=seconds, muted=muted_ranges(spans))
    except MusicUnreadable as exc:
        notes.append(f"{exc} The draft has no sound.")
        return None


def _encode_frames(
    container: OutputContainer,
    stream: VideoStream,
    soundtrack: Soundtrack | None,
    segments: tuple[DraftSegment, ...],
    boundaries: list[int],
    pictures: _Pictures,
    stop: CancelCheck,
    report: Progress,
) -> list[DraftChapter]:
    from av.video.frame import PictureType

    keyframe = PictureType.I
    any_type = PictureType.NONE
    total = boundaries[-1]
    report_every = max(1, FPS // 2)
    chapters: list[DraftChapter] = []
    for index, segment in enumerate(segments):
        first, last = boundaries[index], boundaries[index + 1]
        if last <= first:
            continue  # shorter than half a frame: nothing to show
        if stop():
            raise DraftCancelled()
        frame = _video_frame(pictures.frame_for(segment))
        chapters.append(DraftChapter(segment.scene, segment.part, segment.parts, first / FPS, last / FPS))
        for number in range(first, last):
            if stop():
                raise DraftCancelled()
            frame.pts = number
            frame.pict_type = keyframe if number == first else any_type
            container.mux(stream.encode(frame))
            if soundtrack is not None and number % FPS == 0:
                container.mux(soundtrack.encode_until((number + FPS) / FPS))  # a second ahead of the picture
            if number % report_every == 0:
                report(number / total)
    return chapters


def _video_frame(image: QImage) -> VideoFrame:
    """The painted QImage as a yuv420p frame: its bytes copied into a PyAV frame (no numpy), converted once."""
    import av

    rgba = av.VideoFrame.from_bytes(bytes(image.constBits()), image.width(), image.height(), format="rgba")
    frame = rgba.reformat(format="yuv420p", dst_colorspace="ITU709", dst_color_range="MPEG")
    frame.time_base = Fraction(1, FPS)
    return frame


class _Pictures:
    """Each picture fetched once per run of segments that show it (a split scene's parts share one), as the
    frame's background; a picture that cannot be had is remembered with the reason, for the card and the notes."""

    def __init__(self, picture_for: PictureSource | None, size: FrameSize, notes: list[str], label: str) -> None:
        self._label = label
        self._picture_for = picture_for
        self._size = size
        self._notes = notes
        self._url = ""
        self._picture: QImage | None = None
        self._problem = ""
        self._missing: set[str] = set()

    def frame_for(self, segment: DraftSegment) -> QImage:
        background = segment.background
        if not isinstance(background, PictureBackground):
            return paint_segment(segment, self._size, label=self._label)
        if background.url != self._url:
            self._url = background.url
            self._picture, self._problem = self._load(background.url)
            if self._picture is None and background.url not in self._missing:
                self._missing.add(background.url)
                self._notes.append(f"Scene {segment.scene}: {self._problem} A card stands in for it.")
        return paint_segment(segment, self._size, self._picture, self._problem, self._label)

    def _load(self, url: str) -> tuple[QImage | None, str]:
        if self._picture_for is None:
            return None, "The picture is not on this computer."
        try:
            data = self._picture_for(url)
        except Exception as exc:  # the caller's fetcher: any failure is one missing picture, never a failed draft
            return None, str(exc) or "The picture could not be fetched."
        if data is None:
            return None, "The picture is not on this computer."
        picture = read_picture(data, self._size)
        if picture is None:
            return None, "The picture could not be read."
        return picture, ""
