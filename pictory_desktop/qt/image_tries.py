"""Trying a scene's image on Pictory's AI Studio: sent once, followed, downloaded into the image cache.

A try spends AI credits, so it is handled like a batch row: written to the job history as "unconfirmed"
*before* its POST, confirmed when Pictory answers with a job id, and never sent again by the app. When the
answer is lost (a dropped connection, a 5xx, a garbled reply) the worker looks for the image read-only in the
account's image list (newest first, made after the send, same prompt and model) and, if it is there, carries
on with it; if not, the history keeps the unconfirmed try and the user is told to check before trying again.
The picture is downloaded through the session without ``Authorization`` (the CDN never sees the key).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.errors import BadResponse, NetworkError, PictoryError, ServerError, may_have_started
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import AiStudioImage, ImageRequest, JobCompleted, JobFailed, JobStatus
from pictory_desktop.domain.storyboard import ImageTry
from pictory_desktop.store.image_cache import ImageCache
from pictory_desktop.store.jobs_db import UNCONFIRMED_PREFIX, JobRecord, JobStore

from .workers import Worker, WorkError, WorkerThreads

if TYPE_CHECKING:  # requests is imported with the first worker, not while the window starts
    from pictory_desktop.api.client import PictoryClient

LOST_LOOKUP_DELAY = 3.0  # seconds before looking in the image list after a lost answer (it must appear there)
UNCONFIRMED_TRY = may_have_started("The app could not confirm that Pictory received this image try")


class TrySource(Protocol):
    """What a try needs from the connection (the real controller, or a test's stand-in)."""

    @property
    def server_id(self) -> str: ...

    @property
    def is_sandbox(self) -> bool: ...

    def worker_client_factory(self) -> Callable[[Worker], PictoryClient]: ...


@dataclass(frozen=True)
class TryOrder:
    """One try as the user confirmed it: what is sent, for which scene, and what it was shown to cost."""

    request: ImageRequest
    scene_number: int  # 1-based, as the user saw it when pressing Try
    credits: Decimal
    video_name: str


class _TryWorker(Worker):
    stage = Signal(object, str)  # tag, a sentence for the editor ("Sending…", "Making the image…")
    made = Signal(object, object)  # tag, ImageTry

    def __init__(
        self,
        client_factory: Callable[[Worker], PictoryClient],
        store: JobStore,
        cache: ImageCache,
        order: TryOrder,
        schedule: PollSchedule,
        *,
        server_id: str,
        tag: object,
        lookup_delay: float = LOST_LOOKUP_DELAY,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._store = store
        self._cache = cache
        self._order = order
        self._schedule = schedule
        self._server_id = server_id
        self._lookup_delay = lookup_delay

    def _record(self, job_id: str) -> JobRecord:
        order = self._order
        return JobRecord.new(
            job_id,
            order.video_name,
            order.credits,
            False,
            status="unknown",
            error_message=UNCONFIRMED_TRY,
            api_base_url=self._server_id,
            kind="image",
            scene_number=order.scene_number,
            model=order.request.model,
        )

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            self._try(client)
        finally:
            client.close()

    def _try(self, client: PictoryClient) -> None:
        order = self._order
        local_id = f"{UNCONFIRMED_PREFIX}{os.urandom(6).hex()}"
        self._store.add(self._record(local_id))  # before the POST: a crash mid-send is never a second send
        sent_at = datetime.now(UTC)
        self.stage.emit(self.tag, "Sending the try to Pictory…")
        url: str | None = None
        width = height = None
        charged: Decimal | None = None
        job_id = ""
        try:
            job_id = client.generate_image(order.request)  # the one and only send
        except (ServerError, BadResponse, NetworkError) as error:
            if isinstance(error, NetworkError) and not error.request_may_have_arrived:
                self._store.remove(local_id)  # it never left this computer: nothing to check
                raise
            found = self._look_for_lost(client, sent_at)
            if found is None:
                raise
            url, width, height = found.url, found.width, found.height
            job_id = found.id
            self._store.confirm(local_id, job_id)
        except PictoryError:
            self._store.remove(local_id)  # refused (400, 401, 429): Pictory did not take it
            raise
        else:
            self._store.confirm(local_id, job_id)
        if url is None:
            self.stage.emit(self.tag, "Pictory is making the image…")
            completed = self._follow(client, job_id)
            url, width, height, charged = completed.image_url, completed.width, completed.height, completed.credits_used
        if not url:
            raise BadResponse("Pictory said the image is ready but sent no address for it. Try again later.")
        self.stage.emit(self.tag, "Downloading the image…")
        self._download(client, url)
        self._store.update(job_id, status="completed", video_url=url, charged=charged)
        if self.cancelled:
            return
        self.made.emit(
            self.tag,
            ImageTry(
                url=url,
                width=width,
                height=height,
                prompt=order.request.prompt,
                model=order.request.model or "seedream3.0",
                style=order.request.style,
                aspect_ratio=order.request.aspect_ratio or "",
                credits=charged if charged is not None else order.credits,
                job_id=job_id,
                created=sent_at.isoformat(timespec="seconds"),
            ),
        )

    def _look_for_lost(self, client: PictoryClient, sent_at: datetime) -> AiStudioImage | None:
        from pictory_desktop.api.studio import find_lost_image

        self.stage.emit(self.tag, "The answer was lost; looking for the image in your account…")
        if self.cancel_event.wait(self._lookup_delay):
            return None
        try:
            return find_lost_image(client, self._order.request.prompt, self._order.request.model, sent_at)
        except PictoryError:
            return None  # the lookup only reads; the try stays unconfirmed for the user to check

    def _follow(self, client: PictoryClient, job_id: str) -> JobCompleted:
        from pictory_desktop.api.watch import WatchEnd, watch_job

        def seen(status: JobStatus) -> None:
            if isinstance(status, JobFailed):
                self._store.update(job_id, status="failed", error_message=status.error_message)

        outcome = watch_job(client, job_id, self._schedule, on_status=seen, cancel=self.cancel_event)
        status = outcome.status
        if outcome.end is WatchEnd.COMPLETED and isinstance(status, JobCompleted):
            return status
        if isinstance(status, JobFailed):
            raise PictoryError(f"Pictory could not make this image: {status.error_message}")
        raise PictoryError(outcome.user_message)

    def _download(self, client: PictoryClient, url: str) -> None:
        with tempfile.TemporaryDirectory(prefix="pictory-try-") as folder:
            path = client.download(url, Path(folder) / "try.png", cancel=self.cancel_event)
            self._cache.put(url, path)


class ImageTries(QObject):
    """Starts tries and says how each goes; the window turns a made try into an edit of its scene."""

    stage = Signal(object, str)  # the try's key (scene number at the time), a sentence
    made = Signal(object, object)  # key, ImageTry
    failed = Signal(object, str)  # key, a sentence

    def __init__(
        self,
        connection: TrySource,
        store: JobStore,
        cache: ImageCache,
        schedule: Callable[[bool], PollSchedule],
        parent: QObject | None = None,
        *,
        lookup_delay: float = LOST_LOOKUP_DELAY,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._store = store
        self.cache = cache
        self._schedule = schedule
        self._threads = WorkerThreads("image tries")
        self._running: set[object] = set()
        self._lookup_delay = lookup_delay

    @property
    def connection(self) -> TrySource:
        """The connection tries are sent through (the image library reads the account's images through it)."""
        return self._connection

    def is_trying(self, key: object) -> bool:
        return key in self._running

    def try_image(self, order: TryOrder, key: object) -> None:
        """Send one try (the user has seen its cost and said yes). One at a time per key."""
        if key in self._running:
            return
        try:
            factory = self._connection.worker_client_factory()
        except PictoryError as error:
            self.failed.emit(key, error.user_message)
            return
        worker = _TryWorker(
            factory,
            self._store,
            self.cache,
            order,
            self._schedule(self._connection.is_sandbox),
            server_id=self._connection.server_id,
            tag=key,
            lookup_delay=self._lookup_delay,
        )
        worker.stage.connect(self._stage)
        worker.made.connect(self._made)
        worker.failed.connect(self._failed)
        self._running.add(key)
        self._threads.start(worker)

    @Slot(object, str)
    def _stage(self, key: object, sentence: str) -> None:
        self.stage.emit(key, sentence)

    @Slot(object, object)
    def _made(self, key: object, made: ImageTry) -> None:
        self._running.discard(key)
        self.made.emit(key, made)

    @Slot(object, object)
    def _failed(self, key: object, error: WorkError) -> None:
        self._running.discard(key)
        if error.kind != "cancelled":
            self.failed.emit(key, error.message)

    def shutdown_until(self, deadline: float) -> bool:
        self._threads.cancel_all()
        return self._threads.shutdown(deadline)
