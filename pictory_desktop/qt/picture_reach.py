"""Before a render or a preview: do the locked pictures still answer at their addresses?

Pictory does not say how long an AI Studio image's address lives (pictory-api-more.md §1 leaves it open). A
locked image whose address has expired would be paid for as a render and come out without that scene's
picture, so the window asks each locked picture's server for its first byte, in a worker, without the key
(``api.pictures.picture_problem``), and the confirmation says which scenes no longer answer. Nothing here
spends; it is asked again at every press of Render, except that an address that answered in the last few
minutes is not asked again (a user pressing Render, Cancel, Render does not wait twice).

Usage::

    reach.checked.connect(self._pictures_checked)   # (tag, tuple[UnreachablePicture, ...]) on the GUI thread
    reach.check([(2, url), (5, url)], tag=press)      # answers at once when there is nothing to ask
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.domain.storyboard import PictureUrl, Storyboard, is_locked

from .workers import Worker, WorkError, WorkerThreads

ANSWERED_RECENTLY = 300.0  # seconds an address that answered is taken to still answer
PARALLEL = 6  # addresses asked at once (a long storyboard of locked images should not take minutes)
CHECKING_TEXT = "Checking that the images you locked are still there…"


@dataclass(frozen=True)
class UnreachablePicture:
    scene: int  # 1-based
    url: str
    problem: str  # "the server answered 404"

    @property
    def sentence(self) -> str:
        return (
            f"Scene {self.scene}'s locked image no longer answers at its address ({self.problem}), so Pictory "
            "would make that scene without it. Try the image again or choose Back to AI generation; your earlier "
            "tries are still in the scene's strip."
        )


def locked_pictures(storyboard: Storyboard) -> list[tuple[int, str]]:
    """(scene number, address) of every locked image, in scene order."""
    return [
        (index + 1, scene.background.url)
        for index, scene in enumerate(storyboard.scenes)
        if is_locked(scene) and isinstance(scene.background, PictureUrl)
    ]


Probe = Callable[[str], "str | None"]


def _default_probe(url: str) -> str | None:
    from pictory_desktop.api.pictures import picture_problem  # requests: not while the window starts

    return picture_problem(url)


class _ReachWorker(Worker):
    answered = Signal(object, object, object)  # tag, tuple[UnreachablePicture, ...], tuple[str, ...] answered

    def __init__(self, places: Sequence[tuple[int, str]], probe: Probe, tag: object) -> None:
        super().__init__(tag)
        self._places = tuple(places)
        self._probe = probe

    def work(self) -> None:
        urls = sorted({url for _scene, url in self._places})
        with ThreadPoolExecutor(max_workers=min(PARALLEL, len(urls)), thread_name_prefix="picture-reach") as pool:
            problems = dict(zip(urls, pool.map(self._probe, urls), strict=True))
        if self.cancelled:
            return
        unreachable = tuple(
            UnreachablePicture(scene, url, problem)
            for scene, url in self._places
            if (problem := problems[url]) is not None
        )
        self.answered.emit(self.tag, unreachable, tuple(url for url, problem in problems.items() if problem is None))


class PictureReach(QObject):
    checked = Signal(object, object)  # the caller's tag, tuple[UnreachablePicture, ...]

    def __init__(
        self,
        probe: Probe = _default_probe,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._probe = probe
        self._clock = clock
        self._threads = WorkerThreads("picture-reach")
        self._answered_at: dict[str, float] = {}
        self._busy = 0

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def check(self, places: Sequence[tuple[int, str]], tag: object) -> None:
        now = self._clock()
        to_ask = [(scene, url) for scene, url in places if now - self._answered_at.get(url, -1e9) > ANSWERED_RECENTLY]
        if not to_ask:
            self.checked.emit(tag, ())
            return
        worker = _ReachWorker(to_ask, self._probe, tag)
        worker.answered.connect(self._answered)
        worker.failed.connect(self._failed)
        self._busy += 1
        self._threads.start(worker)

    @Slot(object, object, object)
    def _answered(self, tag: object, unreachable: tuple[UnreachablePicture, ...], fine: tuple[str, ...]) -> None:
        self._busy -= 1
        now = self._clock()
        for url in fine:
            self._answered_at[url] = now
        self.checked.emit(tag, unreachable)

    @Slot(object, object)
    def _failed(self, tag: object, error: WorkError) -> None:
        # A bug in the probe, not an answer about the pictures: say nothing is known rather than block the render.
        self._busy -= 1
        self.checked.emit(tag, ())

    def shutdown_until(self, deadline: float) -> None:
        self._threads.shutdown(deadline)
