"""The three kinds of job work, each on its own QThread: send a render, follow a job, download a video.

Money rule: ``SubmitWorker`` sends the render POST exactly once. When the answer is lost or is a server
error, Pictory may have started (and will charge for) the render, so the attempt is written to the job
history at once, from this thread, before anything else can go wrong, and the user is told to check.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from pictory_desktop.api.errors import (
    BadResponse,
    NetworkError,
    PictoryError,
    ServerError,
    Unauthorized,
    may_have_started,
)
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobInProgress
from pictory_desktop.api.watch import WatchEnd, watch_job
from pictory_desktop.domain.render_request import RenderRequest, body_digest
from pictory_desktop.domain.storyboard import JsonObject
from pictory_desktop.store.jobs_db import (
    UNCONFIRMED_PREFIX,
    JobKind,
    JobRecord,
    JobState,
    JobStore,
    RowAlreadySent,
)

from .workers import ClientFactory, Worker

if TYPE_CHECKING:
    from pictory_desktop.api.client import PictoryClient

PROGRESS_EMIT_SECONDS = 0.1  # at most ~10 progress updates a second reach the GUI thread

UNCONFIRMED_NOTE = may_have_started("The app could not confirm that Pictory received this render")


def send_recorded(store: JobStore, local_id: str, send: Callable[[], str], may_have_started: Callable[[], None]) -> str:
    """The one and only send of paid work already in the history as unconfirmed under ``local_id``.

    A lost or unreadable answer may mean it started: the record is kept (``may_have_started`` says so), never
    resent. An answer that proves nothing started (the body or the key refused, or a connection that never
    reached Pictory) removes the record. Returns Pictory's job id."""
    try:
        return send()
    except (ServerError, BadResponse):
        may_have_started()
        raise
    except NetworkError as error:
        if error.request_may_have_arrived:
            may_have_started()
        else:
            store.remove(local_id)
        raise
    except PictoryError:
        store.remove(local_id)
        raise


class _SendingWorker(Worker):
    """A worker that sends paid work once: what its two signals say, and the send of work already in the
    history as unconfirmed (a batch row, a preview's render)."""

    submitted = Signal(object, str)  # tag, job id
    attemptRecorded = Signal(object, str)  # tag, local id of an unconfirmed attempt
    _store: JobStore

    def _send_recorded(self, client: PictoryClient, local_id: str, send: Callable[[], str]) -> None:
        """``send_recorded``, then the record confirmed under Pictory's id and ``submitted``; the client closed."""
        try:
            job_id = send_recorded(self._store, local_id, send, lambda: self.attemptRecorded.emit(self.tag, local_id))
        finally:
            client.close()
        self._store.confirm(local_id, job_id)
        self.submitted.emit(self.tag, job_id)


class SubmitWorker(_SendingWorker):
    def __init__(
        self,
        client_factory: ClientFactory,
        store: JobStore,
        request: RenderRequest,
        body: JsonObject,
        *,
        server_id: str,
        batch: tuple[int, int] | None = None,
        kind: JobKind = "render",
        tag: object = None,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._store = store
        self._job_kind: JobKind = kind  # "render" (POST /v2/video/render) or "preview" (POST /v2/video/storyboard)
        self._request = request
        self._body = body
        self._digest = body_digest(body)
        self._server_id = server_id
        self._batch = batch  # (batch id, row number): a row of a batch, recorded before it is sent

    def work(self) -> None:
        if self._batch is not None:
            self._send_batch_row(self._batch)
            return
        client = self._client_factory(self)
        try:
            # the one and only send
            job_id = client.preview(self._body) if self._job_kind == "preview" else client.render(self._body)
        except (ServerError, BadResponse):
            self._record_unconfirmed()  # the client's message already says it may have started; check first
            raise
        except NetworkError as error:
            if error.request_may_have_arrived:
                self._record_unconfirmed()
            raise
        finally:
            client.close()
        self._store.add(self._record(job_id, "submitted"), body=json.dumps(self._body, ensure_ascii=False))
        self.submitted.emit(self.tag, job_id)

    def _send_batch_row(self, batch: tuple[int, int]) -> None:
        """A batch row is written to the history as unconfirmed *before* the POST (as the command line's
        ``send_once`` does): a crash or a quit while it is on its way still leaves "it may have been sent", so
        resuming the batch never sends it again, and the row's unique index refuses a second job for it."""
        client = self._client_factory(self)
        local_id = f"{UNCONFIRMED_PREFIX}{os.urandom(6).hex()}"
        try:
            self._store.add(
                self._record(local_id, "unknown", error_message=UNCONFIRMED_NOTE),
                body=json.dumps(self._body, ensure_ascii=False),
                batch=batch,
            )
        except RowAlreadySent as exc:
            client.close()
            raise PictoryError(str(exc)) from None
        self._send_recorded(client, local_id, lambda: client.render(self._body))

    def _record_unconfirmed(self) -> None:
        local_id = f"{UNCONFIRMED_PREFIX}{os.urandom(6).hex()}"
        self._store.add(
            self._record(local_id, "unknown", error_message=UNCONFIRMED_NOTE),
            body=json.dumps(self._body, ensure_ascii=False),
        )
        self.attemptRecorded.emit(self.tag, local_id)

    def _record(self, job_id: str, status: JobState, *, error_message: str | None = None) -> JobRecord:
        request = self._request
        return JobRecord.new(
            job_id,
            request.name,
            request.estimate.total,
            request.estimate.estimated,
            status=status,
            error_message=error_message,
            api_base_url=self._server_id,
            project_path=str(request.project_path) if request.project_path else None,
            scene_count=len(request.storyboard.scenes),
            body_digest=self._digest,
            kind=self._job_kind,
        )


class RenderPreviewWorker(_SendingWorker):
    """Render this preview: ``PUT /v2/video/render/{previewJobId}``, sent once. Like a batch row it is written to
    the history as unconfirmed *before* the PUT (a crash mid-send is never a second send), under the preview's
    name, estimate and body, so the render reads like any other in the Jobs panel."""

    def __init__(
        self,
        client_factory: ClientFactory,
        store: JobStore,
        preview: JobRecord,
        body: str | None,
        *,
        server_id: str,
        tag: object = None,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._store = store
        self._preview = preview
        self._body = body
        self._server_id = server_id

    def work(self) -> None:
        preview = self._preview
        client = self._client_factory(self)
        local_id = f"{UNCONFIRMED_PREFIX}{os.urandom(6).hex()}"
        record = JobRecord.new(
            local_id,
            preview.name,
            preview.credits,
            preview.estimated,
            status="unknown",
            error_message=UNCONFIRMED_NOTE,
            api_base_url=self._server_id,
            project_path=preview.project_path,
            scene_count=preview.scene_count,
            body_digest=preview.body_digest,
        )
        self._store.add(record, body=self._body)
        self._send_recorded(client, local_id, lambda: client.render_preview(preview.job_id))


class FindRenderWorker(Worker):
    """Looks, read-only, for the job an unconfirmed render may have become: on the first page of the
    account's jobs (newest first), a job this app does not know yet, newer than every job it does know, with
    the render's video name. Finding it is only an offer: the controller follows it when the user says so.

    Pictory documents the list's items only as ``{jobId, status, …}``: a name is read from ``videoName`` or
    ``renderParams.videoName`` when present. A new job that names another video is never offered; a new job
    that names none is offered only when it is the only new one."""

    found = Signal(object, object)  # tag, Pictory's job id or None

    def __init__(self, client_factory: ClientFactory, *, video_name: str, known: frozenset[str], tag: object) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._video_name = video_name
        self._known = known

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            page = client.jobs()
        finally:
            client.close()
        unnamed: list[str] = []
        for item in page.items:
            if item.job_id in self._known:
                break  # from here on the jobs are older than the ones this app sent and knows
            name = item.video_name
            if name == self._video_name:
                self.found.emit(self.tag, item.job_id)
                return
            if name is None:
                unnamed.append(item.job_id)
        self.found.emit(self.tag, unnamed[0] if len(unnamed) == 1 else None)


class LedgerDebitsWorker(Worker):
    """Reads, read-only, what the AI-credit ledger shows debited between ``start`` and ``end``
    (``api.spending.debits_while``): the cost of a preview, which Pictory does not report on the job."""

    read = Signal(object, object)  # tag (the job id), Decimal

    def __init__(self, client_factory: ClientFactory, start: datetime, end: datetime, tag: object) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._start, self._end = start, end

    def work(self) -> None:
        from pictory_desktop.api.spending import debits_while

        client = self._client_factory(self)
        try:
            total = debits_while(client, self._start, self._end)
        finally:
            client.close()
        if not self.cancelled:
            self.read.emit(self.tag, total)


class WatchWorker(Worker):
    """Follows one job with the API's ``watch_job`` loop (shared with the CLI) on this worker's thread."""

    status = Signal(object, object)  # tag, JobInProgress | JobCompleted | JobFailed
    problem = Signal(object, str)  # tag, a sentence: polling hit a snag and goes on
    gaveUp = Signal(object)  # tag: the deadline passed; the job may still finish at Pictory

    def __init__(
        self,
        client_factory: ClientFactory,
        job_id: str,
        schedule_factory: Callable[[bool], PollSchedule],
        tag: object = None,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self.job_id = job_id
        self._schedule_factory = schedule_factory

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            outcome = watch_job(
                client,
                self.job_id,
                self._schedule_factory(client.is_loopback),
                on_status=lambda status: self.status.emit(self.tag, status),
                on_error=lambda error: self.problem.emit(self.tag, error.user_message),
                cancel=self.cancel_event,
            )
        finally:
            client.close()
        if outcome.end is WatchEnd.STILL_RENDERING and not self.cancelled:
            self.gaveUp.emit(self.tag)
        elif outcome.end is WatchEnd.ERROR and outcome.error is not None:
            raise outcome.error  # 401, unknown job…: reported through ``failed`` for the controller


class DownloadWorker(Worker):
    progress = Signal(object, object, object)  # tag, bytes done, total bytes or None
    downloaded = Signal(object, str)  # tag, final path

    def __init__(
        self,
        client_factory: ClientFactory,
        job_id: str,
        stored_url: str | None,
        folder: Path,
        file_stem: str,
        *,
        refresh_link: bool,
        tag: object = None,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self.job_id = job_id
        self._stored_url = stored_url
        self._folder = folder
        self._file_stem = file_stem
        self._refresh_link = refresh_link
        self._last_emit = 0.0

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            url = self._fresh_url(client) or self._stored_url
            if not url:
                raise PictoryError(
                    "Pictory has not provided a video file for this job yet. Wait until it shows Ready, then download."
                )
            destination = unique_path(self._folder, self._file_stem, ".mp4")
            client.download(url, destination, on_progress=self._on_progress, cancel=self.cancel_event)
        finally:
            client.close()
        self.downloaded.emit(self.tag, str(destination))

    def _fresh_url(self, client: PictoryClient) -> str | None:
        # Output links can expire (and the sandbox's change port on restart): ask for a current one first.
        if not self._refresh_link:
            return None
        try:
            status = client.job(self.job_id)
        except Unauthorized:
            raise
        except PictoryError:
            return None
        return status.video_url if isinstance(status, JobCompleted) else None

    def _on_progress(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if done == total or now - self._last_emit >= PROGRESS_EMIT_SECONDS:
            self._last_emit = now
            self.progress.emit(self.tag, done, total)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(name: str) -> str:
    """A file name a marketer recognises (the video's name), safe on every OS."""
    stem = _UNSAFE.sub(" ", name or "").strip().strip(".")
    stem = re.sub(r"\s+", " ", stem)[:80].strip()
    return stem or "Pictory video"


def unique_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.mp4``, or ``stem (2).mp4``… so an earlier download is never overwritten."""
    candidate = folder / f"{stem}{suffix}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({counter}){suffix}"
        counter += 1
    return candidate


__all__ = ["DownloadWorker", "JobInProgress", "SubmitWorker", "WatchWorker", "safe_file_stem", "unique_path"]
