"""Video › Draft video (free): the storyboard painted and encoded on this computer, in a worker, with progress and
Cancel, while the window goes on answering.

The draft itself is ``draft/`` (the same code as the ``draft`` command). What this adds for the window: pictures
from the app's image cache (else fetched without the key, ``draft.pictures``), the chosen music track's audio
(fetched once without the key into the cache folder, then kept: a draft is made again and again while a user edits),
one draft at a time, and signals on the GUI thread. Nothing here talks to Pictory's API or spends anything.

Usage::

    drafts.progressed.connect(bar.setValue)            # per cent
    drafts.made.connect(self._draft_made)              # DraftResult
    drafts.failed.connect(self._draft_failed)          # a sentence
    drafts.stopped.connect(self._draft_stopped)        # cancelled: nothing written
    drafts.make(storyboard, out_path)
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.domain.catalog import Catalog
from pictory_desktop.domain.storyboard import Storyboard

from .workers import Worker, WorkError, WorkerThreads, yield_to_the_gui

if TYPE_CHECKING:  # the draft's painting and encoding load with the first draft, not at the app's start
    from pictory_desktop.domain.draft_plan import DraftPlan
    from pictory_desktop.draft.encoder import DraftResult

MUSIC_TIMEOUT = (5.0, 30.0)
KEPT_TRACKS = 20  # music tracks kept for drafts (a few MB each); the oldest fetched go first
_AUDIO_SUFFIXES = {".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac"}


def cached_music_path(folder: Path, url: str) -> Path:
    """Where the track at ``url`` is kept: named by the address's SHA-256 only (never the address itself), with
    its own file type so the decoder can tell it."""
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + (suffix if suffix in _AUDIO_SUFFIXES else ""))


def forget_old_tracks(folder: Path, keep: int = KEPT_TRACKS) -> None:
    """The tracks kept for drafts are a cache: the least recently fetched go beyond ``keep``."""
    try:
        tracks = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in tracks[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be tidied now is tidied the next time


class _DraftWorker(Worker):
    progressed = Signal(object, float)  # tag, fraction done
    made = Signal(object, object)  # tag, DraftResult
    refused = Signal(object, str)  # tag, why the draft could not be made
    stopped = Signal(object)  # tag: cancelled, nothing written

    def __init__(
        self, plan: DraftPlan, out: Path, image_cache_dir: Path, music_dir: Path, width: int, tag: object
    ) -> None:
        super().__init__(tag)
        self._plan, self._out, self._width = plan, out, width
        self._image_cache_dir, self._music_dir = image_cache_dir, music_dir

    def work(self) -> None:
        from pictory_desktop.draft.encoder import MUSIC_NOT_HERE, DraftCancelled, DraftError, encode_draft
        from pictory_desktop.draft.pictures import picture_source
        from pictory_desktop.store.image_cache import ImageCache

        # Before the encoder starts its threads, which inherit it: on two cores, x264 must not take the GUI's.
        yield_to_the_gui()
        music, music_note = self._music()
        try:
            result = encode_draft(
                self._plan,
                self._out,
                width=self._width,
                picture_for=picture_source(ImageCache(self._image_cache_dir)),
                music_audio=music,
                progress=lambda fraction: self.progressed.emit(self.tag, fraction),
                cancelled=self.cancel_event.is_set,
                no_music_note=music_note or MUSIC_NOT_HERE,  # why the music is missing, when the fetch said
            )
        except DraftCancelled:
            self.stopped.emit(self.tag)
            return
        except DraftError as exc:
            self.refused.emit(self.tag, str(exc))
            return
        self.made.emit(self.tag, result)

    def _music(self) -> tuple[Path | None, str]:
        """The chosen track's audio, from the cache or fetched once (no key); with a note when it cannot be had."""
        music = self._plan.music
        if music is None:
            return None, ""
        if music.url is None:
            return None, "Pictory picks the music when it renders, so the draft has no sound."
        kept = cached_music_path(self._music_dir, music.url)
        if kept.is_file():
            return kept, ""
        from pictory_desktop.api.download import download_file  # the network stack, only for a track not kept
        from pictory_desktop.api.errors import NetworkError, PictoryError, RateLimited, ServerError

        try:
            self._music_dir.mkdir(parents=True, exist_ok=True)
            download_file(
                self.session,
                music.url,
                kept,
                timeout=MUSIC_TIMEOUT,
                user_agent="PictoryDesktop",
                on_progress=None,
                is_cancelled=self.cancel_event.is_set,
                chunk_size=64 * 1024,
            )
        except (PictoryError, OSError) as exc:
            # The download's own sentences speak of "the video file": the music needs its own words.
            if isinstance(exc, RateLimited):
                reason = "its server asked to wait"
            elif isinstance(exc, ServerError):
                reason = "its server had a problem"
            elif isinstance(exc, NetworkError):
                reason = "the connection failed"
            elif isinstance(exc, OSError):
                reason = f"it could not be saved on this computer: {exc.strerror or exc}"
            else:
                reason = "its address did not give an audio file"
            return None, f"The music could not be fetched ({reason}), so the draft has no sound."
        forget_old_tracks(self._music_dir)
        return kept, ""


class DraftMaker(QObject):
    """One draft at a time, made in a worker."""

    progressed = Signal(int)  # per cent
    made = Signal(object)  # DraftResult
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, catalog: Catalog, image_cache_dir: Path, music_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._image_cache_dir = image_cache_dir
        self._music_dir = music_dir
        self._threads = WorkerThreads("draft")
        self._current: _DraftWorker | None = None
        self._tags = 0

    @property
    def busy(self) -> bool:
        return self._current is not None

    def make(self, storyboard: Storyboard, out: Path, *, width: int | None = None) -> DraftPlan:
        """Start the draft of ``storyboard`` into ``out`` (``width`` pixels wide; by default its longer side is
        1280); returns its plan (its length and scenes, to say at once). Raises RuntimeError while another draft
        is being made."""
        if self._current is not None:
            raise RuntimeError("A draft is already being made.")
        from pictory_desktop.domain.draft_plan import plan_draft
        from pictory_desktop.draft.frames import default_width

        plan = plan_draft(storyboard, self._catalog)
        width = width or default_width(plan.ratio)
        self._tags += 1
        worker = _DraftWorker(plan, out, self._image_cache_dir, self._music_dir, width, self._tags)
        worker.progressed.connect(self._progressed)
        worker.made.connect(self._made)
        worker.refused.connect(self._refused)
        worker.stopped.connect(self._stopped)
        worker.failed.connect(self._failed)
        self._current = worker
        self._threads.start(worker)
        return plan

    def cancel(self) -> None:
        if self._current is not None:
            self._current.cancel()

    def _is_current(self, tag: object) -> bool:
        return self._current is not None and self._current.tag == tag

    @Slot(object, float)
    def _progressed(self, tag: object, fraction: float) -> None:
        if self._is_current(tag):
            self.progressed.emit(round(fraction * 100))

    @Slot(object, object)
    def _made(self, tag: object, result: DraftResult) -> None:
        if self._is_current(tag):
            self._current = None
            self.made.emit(result)

    @Slot(object, str)
    def _refused(self, tag: object, sentence: str) -> None:
        if self._is_current(tag):
            self._current = None
            self.failed.emit(sentence)

    @Slot(object)
    def _stopped(self, tag: object) -> None:
        if self._is_current(tag):
            self._current = None
            self.stopped.emit()

    @Slot(object, object)
    def _failed(self, tag: object, error: WorkError) -> None:
        if self._is_current(tag):
            self._current = None
            self.failed.emit(error.message)

    def shutdown_until(self, deadline: float) -> None:
        self._threads.shutdown(deadline)
