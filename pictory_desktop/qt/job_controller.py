"""The one owner of every job's lifecycle: submit once, watch, stop watching, download, resume.

Only this object writes job progress to the JobStore (the submit worker adds the first row itself, so a
job Pictory accepted is on record even if the app quits the same instant). Each watch and download gets a
token; results carrying an old token (a watch the user stopped, or one replaced by "Watch again") are
ignored, as git-cola ignores stale command results.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import count
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from pictory_desktop.api.errors import Unauthorized
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobFailed, JobInProgress, JobStatus
from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.render_request import RenderRequest, body_digest
from pictory_desktop.store.jobs_db import UNCONFIRMED_PREFIX, JobChanges, JobKind, JobRecord, JobStore
from pictory_desktop.store.settings import Settings

from .connection import ConnectionController
from .job_workers import (
    DownloadWorker,
    FindRenderWorker,
    LedgerDebitsWorker,
    RenderPreviewWorker,
    SubmitWorker,
    WatchWorker,
    safe_file_stem,
)
from .workers import WorkError, WorkerThreads

log = logging.getLogger(__name__)

WATCH_DEADLINE_SECONDS = 3 * 3600.0  # renders with AI video can take long; after this, "Watch again"
DOWNLOAD_ONLY_KEY = "pictai_download-only"
RESUMABLE = frozenset({"submitted", "in-progress"})

BUSY_SUBMITTING = "A render is already being sent to Pictory. Wait for it to appear in the Jobs list."
NOT_A_PREVIEW = "Only a preview Pictory has finished can be rendered from here."
BUSY_BATCH = "A batch is being sent to Pictory. Wait until all its videos are in the Jobs list, then try again."
GAVE_UP = (
    "The app stopped checking this job because it has been rendering for a long time. The render goes on at "
    "Pictory: press Watch again to keep following it."
)
LOOKUP_DELAY_SECONDS = 3.0
# A preview's cost is read from the ledger between its sending and its end, widened by this much each side
# (the ledger's clock is Pictory's, the history's this computer's).
LEDGER_MARGIN = timedelta(seconds=60)
LOOKUP_HISTORY = 500  # the jobs this app knows, to tell a new job in the account's list from an old one
LOOKING = "Looking in your Pictory account's job list for this render…"
FOUND = (
    "Pictory did receive “{name}”: it is in your account's job list. Press Follow it to watch it here; "
    "nothing is sent again."
)
NOT_FOUND = (
    "No new job for “{name}” is in your Pictory account's job list yet, so it probably did not start. "
    "Look again in a minute before you render it again."
)
OTHER_SERVER = "This job was made {where}, so it can only be followed from there. Switch in Settings to follow it."


class JobController(QObject):
    submitted = Signal(str)  # job id
    jobFinished = Signal(str, str, bool)  # job id, video name, completed (False: failed)
    storyboardRequested = Signal(str, str)  # the request body that was sent (JSON text), the video's name
    previewRenderAsked = Signal(str)  # a finished preview's id: the window asks (cost, limit), then render_preview
    resumed = Signal(object)  # list[tuple[str, str]]: (job id, video name) of renders followed again at start
    submitFailed = Signal(str)  # a sentence for the user
    jobUpdated = Signal(str)  # job id (store row or in-memory state changed)
    notice = Signal(str)  # a sentence for the status bar
    downloadFinished = Signal(str, str)  # job id, path
    downloadFailed = Signal(str, str)  # job id, sentence
    # A batch (submit_batch): its rows are sent one after the other, each once; one failed row stops nothing else.
    batchRowStarted = Signal(int, int)  # batch id, row number: being sent now
    batchRowSent = Signal(int, int, str)  # batch id, row number, job id
    batchRowFailed = Signal(int, int, str)  # batch id, row number, a sentence (the row may be kept unconfirmed)
    batchFinished = Signal(int)  # batch id: every row was tried (or sending stopped: the key, or quitting)

    def __init__(
        self,
        connection: ConnectionController,
        store: JobStore,
        settings: Settings,
        *,
        poll_interval: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.connection = connection
        self.store = store
        self.settings = settings
        self._poll_interval = poll_interval  # only honoured for a server on this computer
        self._threads = WorkerThreads("jobs")
        self._tokens = count(1)
        self._watch_tokens: dict[str, int] = {}
        self._watchers: dict[str, WatchWorker] = {}
        self._downloads: dict[str, DownloadWorker] = {}
        self._download_tokens: dict[str, int] = {}
        self._download_progress: dict[str, tuple[int, int | None]] = {}
        self._problems: dict[str, str] = {}
        self._submitting: int | None = None
        self._submit_batch: dict[int, tuple[int, int]] = {}  # token of a batch row's send -> (batch id, row)
        self._batch_queue: deque[tuple[int, int, RenderRequest]] = deque()  # (batch id, row, request) to send
        self._unconfirmed_attempts: list[str] = []  # recorded by the send in flight, looked for when it ends
        self.lookup_delay = LOOKUP_DELAY_SECONDS  # tests may shorten it
        self._searching: set[str] = set()  # unconfirmed renders being looked for in the account's job list
        self._found: dict[str, str] = {}  # unconfirmed local id -> the Pictory job it turned out to be
        self._closed = False
        connection.modeChanged.connect(self._server_changed)
        connection.keyChanged.connect(self._server_changed)

    # --- queries for the model and panel ----------------------------------------------------------------

    def is_watching(self, job_id: str) -> bool:
        return job_id in self._watch_tokens

    def sent_before(self, request: RenderRequest) -> JobRecord | None:
        """The newest render of exactly this body on this server that did not fail, if there is one."""
        digest = body_digest(storyboard_to_body(request.storyboard))
        return self.store.latest_sent(digest, self.connection.server_id)

    # --- a render whose answer was lost ---------------------------------------------------------------

    def look_for_lost_render(self, local_id: str) -> None:
        """Look (read-only) in the account's job list for the job an unconfirmed render may have become.
        Nothing is ever sent again: if it is found, the user is offered to follow it."""
        if self._closed:
            return  # the app closed while the lookup waited: its history is closed too
        record = self.store.get(local_id)
        if record is None or not local_id.startswith(UNCONFIRMED_PREFIX):
            return
        if local_id in self._searching or not self.belongs_here(record):
            return
        try:
            factory = self.connection.worker_client_factory()
        except Unauthorized as error:
            self._problems[local_id] = error.user_message
            self.jobUpdated.emit(local_id)
            return
        known = frozenset(r.job_id for r in self.store.list_recent(LOOKUP_HISTORY))
        worker = FindRenderWorker(factory, video_name=record.name, known=known, tag=local_id)
        worker.found.connect(self._lost_render_looked_up)
        worker.failed.connect(self._lost_render_lookup_failed)
        self._searching.add(local_id)
        self._found.pop(local_id, None)
        self._problems[local_id] = LOOKING
        self.jobUpdated.emit(local_id)
        self._threads.start(worker)

    def is_looking_for(self, local_id: str) -> bool:
        return local_id in self._searching

    def found_job(self, local_id: str) -> str | None:
        """Pictory's job id for an unconfirmed render, once found (and not yet followed)."""
        return self._found.get(local_id)

    def follow_found(self, local_id: str) -> None:
        """The user chose to follow the job found for an unconfirmed render: keep it under Pictory's id."""
        job_id = self._found.pop(local_id, None)
        if job_id is None or self._closed:
            return
        self._problems.pop(local_id, None)
        self.store.confirm(local_id, job_id)
        self.jobUpdated.emit(local_id)
        self.jobUpdated.emit(job_id)
        self.watch(job_id)
        self.submitted.emit(job_id)  # from here on it is a render like one just sent: selected and followed

    @Slot(object, object)
    def _lost_render_looked_up(self, local_id: str, job_id: str | None) -> None:
        self._searching.discard(local_id)
        if self._closed:
            return
        record = self.store.get(local_id)
        name = record.name if record else "this render"
        if job_id is None:
            self._problems[local_id] = NOT_FOUND.format(name=name)
        else:
            self._found[local_id] = job_id
            self._problems[local_id] = FOUND.format(name=name)
        self.jobUpdated.emit(local_id)

    @Slot(object, object)
    def _lost_render_lookup_failed(self, local_id: str, error: WorkError) -> None:
        self._searching.discard(local_id)
        if self._closed or error.kind == "cancelled":
            return
        if error.kind == "unauthorized":
            self.connection.report_unauthorized(error.message)
        self._problems[local_id] = f"{error.message} The app could not look for this render; try again."
        self.jobUpdated.emit(local_id)

    def forget(self, job_id: str) -> None:
        """Remove a job from this computer's history (it stays in the Pictory account). A job still being
        followed stops being followed first."""
        if job_id in self._watch_tokens:
            self.stop_watching(job_id)
        self.cancel_download(job_id)
        self.store.remove(job_id)
        for memo in (self._problems, self._found):
            memo.pop(job_id, None)
        self.jobUpdated.emit(job_id)

    def open_storyboard(self, job_id: str) -> bool:
        """Ask the window to open exactly what was sent for ``job_id``; False when it was not kept."""
        record = self.store.get(job_id)
        body = self.store.body_of(job_id)
        if record is None or body is None:
            return False
        self.storyboardRequested.emit(body, record.name)
        return True

    def ask_render_preview(self, preview_job_id: str) -> None:
        """The Jobs panel's Render this preview: the window asks with the cost before ``render_preview`` sends."""
        record = self.store.get(preview_job_id)
        if record is not None and record.kind == "preview" and record.status == "completed":
            self.previewRenderAsked.emit(preview_job_id)

    def sent_job(self, job_id: str) -> tuple[JobRecord, str | None] | None:
        """A job of the history and the body sent for it (None when not kept), for Render this preview."""
        record = self.store.get(job_id)
        return None if record is None else (record, self.store.body_of(job_id))

    def followed_renders(self) -> int:
        """Renders this app is following (or sending, or about to send in a batch) right now: what quitting
        would leave to the next start."""
        return len(self._watch_tokens) + (1 if self._submitting is not None else 0) + len(self._batch_queue)

    def batch_row_in_flight(self) -> tuple[int, int] | None:
        """(batch id, row) of the batch row being sent right now."""
        return self._submit_batch.get(self._submitting) if self._submitting is not None else None

    def batch_rows_queued(self, batch_id: int) -> frozenset[int]:
        """The rows of ``batch_id`` waiting their turn to be sent."""
        return frozenset(row for queued_id, row, _ in self._batch_queue if queued_id == batch_id)

    @property
    def is_sending_batch(self) -> bool:
        return bool(self._batch_queue) or bool(self._submit_batch)

    def download_progress(self, job_id: str) -> tuple[int, int | None] | None:
        return self._download_progress.get(job_id) if job_id in self._download_tokens else None

    def problem(self, job_id: str) -> str | None:
        return self._problems.get(job_id)

    @property
    def is_submitting(self) -> bool:
        return self._submitting is not None

    def belongs_here(self, record: JobRecord) -> bool:
        return record.api_base_url == self.connection.server_id

    # --- submit ----------------------------------------------------------------------------------------

    def submit(self, request: RenderRequest, kind: JobKind = "render") -> None:
        """Send ``request`` once, in a worker, as a render or (``kind="preview"``) as Pictory's storyboard
        preview; ``submitted`` or ``submitFailed`` follows. Never resent. A preview is followed like a render."""
        if self._closed:
            return
        if self._submitting is not None or self.is_sending_batch:
            # A double click must not become two paid renders.
            self.submitFailed.emit(BUSY_BATCH if self.is_sending_batch else BUSY_SUBMITTING)
            return
        self._start_submit(request, kind=kind)

    def render_preview(self, preview_job_id: str) -> None:
        """Render this preview: one ``PUT /v2/video/render/{id}`` in a worker (never resent), written to the history
        before it is sent; the render is then followed like any other."""
        if self._closed:
            return
        if self._submitting is not None or self.is_sending_batch:
            self.submitFailed.emit(BUSY_BATCH if self.is_sending_batch else BUSY_SUBMITTING)
            return
        preview = self.store.get(preview_job_id)
        if preview is None or preview.kind != "preview" or preview.status != "completed":
            self.submitFailed.emit(NOT_A_PREVIEW)
            return
        try:
            factory = self.connection.worker_client_factory()
        except Unauthorized as error:
            self.connection.report_unauthorized(error.user_message)
            self.submitFailed.emit(error.user_message)
            return
        token = next(self._tokens)
        worker = RenderPreviewWorker(
            factory,
            self.store,
            preview,
            self.store.body_of(preview_job_id),
            server_id=self.connection.server_id,
            tag=token,
        )
        worker.submitted.connect(self._submit_done)
        worker.attemptRecorded.connect(self._attempt_recorded)
        worker.failed.connect(self._submit_failed)
        self._submitting = token
        self._threads.start(worker)

    def _start_submit(
        self, request: RenderRequest, batch: tuple[int, int] | None = None, *, kind: JobKind = "render"
    ) -> str | None:
        """Start the worker that sends ``request`` once; a sentence when it could not even start."""
        try:
            factory = self.connection.worker_client_factory()
        except Unauthorized as error:
            self.connection.report_unauthorized(error.user_message)
            return error.user_message
        token = next(self._tokens)
        body = storyboard_to_body(request.storyboard)  # the app's own data stays behind
        worker = SubmitWorker(
            factory,
            self.store,
            request,
            body,
            server_id=self.connection.server_id,
            batch=batch,
            kind=kind,
            tag=token,
        )
        worker.submitted.connect(self._submit_done)
        worker.attemptRecorded.connect(self._attempt_recorded)
        worker.failed.connect(self._submit_failed)
        self._submitting = token
        if batch is not None:
            self._submit_batch[token] = batch
        self._threads.start(worker)
        return None

    def submit_batch(self, batch_id: int, rows: Sequence[tuple[int, RenderRequest]]) -> None:
        """Send each ``(row number, request)`` of batch ``batch_id`` once, one after the other, each filed under
        its row (a row that already has a job is refused by the history, so it is never sent twice). A row
        that fails is reported (``batchRowFailed``) and the next one goes on; ``batchFinished`` ends it."""
        if self._closed:
            return
        if self._submitting is not None or self.is_sending_batch:
            self.submitFailed.emit(BUSY_BATCH if self.is_sending_batch else BUSY_SUBMITTING)
            return
        self._batch_queue.extend((batch_id, row, request) for row, request in rows)
        self._send_next_batch_row(batch_id)

    def _send_next_batch_row(self, batch_id: int) -> None:
        while self._batch_queue and not self._closed:
            queued_id, row, request = self._batch_queue.popleft()
            problem = self._start_submit(request, (queued_id, row))
            if problem is None:
                self.batchRowStarted.emit(queued_id, row)
                return
            # No key: nothing of the batch can be sent now; every row left is reported, none is sent.
            self.batchRowFailed.emit(queued_id, row, problem)
            for rest_id, rest_row, _ in self._batch_queue:
                self.batchRowFailed.emit(rest_id, rest_row, problem)
            self._batch_queue.clear()
        if not self._closed:
            self._batch_queue.clear()
            self.batchFinished.emit(batch_id)

    @Slot(object, str)
    def _submit_done(self, token: int, job_id: str) -> None:
        if token == self._submitting:
            self._submitting = None
        batch = self._submit_batch.pop(token, None)
        if self._closed:
            return
        if batch is not None:
            self.jobUpdated.emit(job_id)
            self.watch(job_id)
            self.batchRowSent.emit(batch[0], batch[1], job_id)
            self._send_next_batch_row(batch[0])
            return
        self.submitted.emit(job_id)
        self.jobUpdated.emit(job_id)
        self.watch(job_id)

    @Slot(object, str)
    def _attempt_recorded(self, _token: int, local_id: str) -> None:
        if not self._closed:
            self.jobUpdated.emit(local_id)
            self._unconfirmed_attempts.append(local_id)

    @Slot(object, object)
    def _submit_failed(self, token: int, error: WorkError) -> None:
        if token == self._submitting:
            self._submitting = None
        batch = self._submit_batch.pop(token, None)
        if self._closed or error.kind == "cancelled":
            return
        if error.kind == "unauthorized":
            self.connection.report_unauthorized(error.message)
        if batch is not None:
            self.batchRowFailed.emit(batch[0], batch[1], error.message)
        else:
            self.submitFailed.emit(error.message)
        # Do the checking the message asks for (a look at the job list sends and spends nothing), once the
        # send has ended and after a short wait: a job Pictory has just created may not be listed at once.
        for local_id in self._unconfirmed_attempts:
            QTimer.singleShot(int(self.lookup_delay * 1000), partial(self.look_for_lost_render, local_id))
        self._unconfirmed_attempts.clear()
        if batch is not None:
            if error.kind == "unauthorized":
                # The key is refused: every row left would be refused too. None is sent; each is reported.
                for rest_id, rest_row, _ in self._batch_queue:
                    self.batchRowFailed.emit(rest_id, rest_row, error.message)
                self._batch_queue.clear()
            self._send_next_batch_row(batch[0])

    # --- watching --------------------------------------------------------------------------------------

    def watch(self, job_id: str) -> None:
        if self._closed or job_id in self._watch_tokens:
            return
        record = self.store.get(job_id)
        if record is None or job_id.startswith(UNCONFIRMED_PREFIX):
            return
        if not self.belongs_here(record):
            where = (
                "in sandbox mode"
                if record.api_base_url and record.api_base_url.startswith("sandbox")
                else ("with your Pictory account" if record.api_base_url else "with an older version of the app")
            )
            self.notice.emit(OTHER_SERVER.format(where=where))
            return
        try:
            factory = self.connection.worker_client_factory()
        except Unauthorized as error:
            self.connection.report_unauthorized(error.user_message)
            return
        token = next(self._tokens)
        worker = WatchWorker(factory, job_id, self._schedule_factory(), tag=(job_id, token))
        worker.status.connect(self._watch_status)
        worker.problem.connect(self._watch_problem)
        worker.gaveUp.connect(self._watch_gave_up)
        worker.failed.connect(self._watch_failed)
        worker.finished.connect(self._worker_finished)
        self._watch_tokens[job_id] = token
        self._watchers[job_id] = worker
        self._problems.pop(job_id, None)
        if record.status == "stopped-watching":
            self.store.update(job_id, status="in-progress" if record.progress is not None else "submitted")
        self._threads.start(worker)
        self.jobUpdated.emit(job_id)

    def stop_watching(self, job_id: str) -> None:
        """Stop following a job now. The render goes on at Pictory; ``watch`` can follow it again."""
        self._end_watch(job_id)
        record = self.store.get(job_id)
        if record is not None and not record.finished:
            self.store.update(job_id, status="stopped-watching")
        self.jobUpdated.emit(job_id)

    def _end_watch(self, job_id: str) -> None:
        self._watch_tokens.pop(job_id, None)
        worker = self._watchers.pop(job_id, None)
        if worker is not None:
            worker.cancel()

    def resume_unfinished(self) -> None:
        """Follow again every job still rendering on the current server (e.g. after a restart)."""
        if self._closed:
            return
        followed: list[tuple[str, str]] = []
        for record in self.store.unfinished():
            if record.status in RESUMABLE and self.belongs_here(record) and not self.is_watching(record.job_id):
                self.watch(record.job_id)
                if self.is_watching(record.job_id):
                    followed.append((record.job_id, record.name))
        if followed:
            self.resumed.emit(followed)

    @Slot()
    def _server_changed(self) -> None:
        self.resume_unfinished()

    def _current(self, tag: tuple[str, int]) -> bool:
        job_id, token = tag
        return not self._closed and self._watch_tokens.get(job_id) == token

    def poll_schedule(self) -> Callable[[bool], PollSchedule]:
        """How jobs are followed (fast on the local sandbox, Pictory's 10-30 s otherwise): image tries use it too."""
        return self._schedule_factory()

    def _schedule_factory(self) -> Callable[[bool], PollSchedule]:
        fast = self._poll_interval
        interval = float(self.settings.get("poll_interval_seconds"))

        def make(loopback: bool) -> PollSchedule:
            if loopback:
                # A server on this computer (the sandbox) costs nothing to ask: follow it closely.
                step = fast if fast is not None else 1.0
                return PollSchedule(
                    interval=step,
                    max_interval=step * 2,
                    error_max_interval=max(step * 8, 0.5),
                    deadline=WATCH_DEADLINE_SECONDS,
                    min_interval=step / 2,
                    loopback=True,
                )
            return PollSchedule(
                interval=interval,
                max_interval=max(30.0, interval),
                error_max_interval=120.0,
                deadline=WATCH_DEADLINE_SECONDS,
            )

        return make

    @Slot(object, object)
    def _watch_status(self, tag: tuple[str, int], status: JobStatus) -> None:
        if not self._current(tag):
            return
        job_id = tag[0]
        self._problems.pop(job_id, None)
        try:
            self.store.update(job_id, **_record_changes(status))
        except KeyError:
            log.warning("a watched job vanished from the job history")
        if isinstance(status, JobCompleted | JobFailed):
            self._watch_tokens.pop(job_id, None)
            self._watchers.pop(job_id, None)
            # What the render cost has just left the account: the next confirmation must not show the old figure.
            self.connection.refresh_balance()
            record = self.store.get(job_id)
            if record is not None and record.kind == "preview" and isinstance(status, JobCompleted):
                if status.credits_used is None:
                    self._read_preview_cost(record)
            self.jobFinished.emit(job_id, record.name if record else "", isinstance(status, JobCompleted))
        self.jobUpdated.emit(job_id)

    def _read_preview_cost(self, record: JobRecord) -> None:
        """Pictory reports no cost on a preview (pictory-api-more.md 5.2): read what the ledger shows debited
        between sending it and now, in a worker, read-only. The sandbox's clock is the computer's."""
        try:
            factory = self.connection.worker_client_factory()
            sent = datetime.fromisoformat(record.created_at)
        except (Unauthorized, ValueError):
            return  # no key, or a date this history cannot read: the Jobs panel keeps "not reported"
        sent = sent if sent.tzinfo is not None else sent.replace(tzinfo=UTC)
        now = datetime.now(UTC)
        worker = LedgerDebitsWorker(factory, sent - LEDGER_MARGIN, now + LEDGER_MARGIN, tag=record.job_id)
        worker.read.connect(self._preview_cost_read)
        worker.failed.connect(self._preview_cost_failed)
        self._threads.start(worker)

    @Slot(object, object)
    def _preview_cost_read(self, job_id: str, debits: Decimal) -> None:
        if self._closed:
            return
        try:
            self.store.update(job_id, ledger_debits=debits)
        except KeyError:
            return  # forgotten meanwhile
        self.jobUpdated.emit(job_id)

    @Slot(object, object)
    def _preview_cost_failed(self, _job_id: str, _error: WorkError) -> None:
        pass  # a reading, not an answer about the preview: the panel goes on saying the cost was not reported

    @Slot(object, str)
    def _watch_problem(self, tag: tuple[str, int], message: str) -> None:
        if self._current(tag):
            self._problems[tag[0]] = f"{message} The app keeps checking."
            self.jobUpdated.emit(tag[0])

    @Slot(object)
    def _watch_gave_up(self, tag: tuple[str, int]) -> None:
        if self._current(tag):
            job_id = tag[0]
            self._end_watch(job_id)
            self.store.update(job_id, status="stopped-watching")
            self._problems[job_id] = GAVE_UP
            self.jobUpdated.emit(job_id)

    @Slot(object, object)
    def _watch_failed(self, tag: tuple[str, int], error: WorkError) -> None:
        if not self._current(tag) or error.kind == "cancelled":
            return
        job_id = tag[0]
        self._end_watch(job_id)
        if error.kind == "unauthorized":
            # The job itself is fine: it keeps its status and is followed again once the key works.
            self._problems[job_id] = error.message
            self.connection.report_unauthorized(error.message)
        elif error.kind == "not-found":
            self.store.update(job_id, status="unknown", error_message=error.message)
        else:
            self.store.update(job_id, status="stopped-watching")
            self._problems[job_id] = error.message
        self.jobUpdated.emit(job_id)

    @Slot()
    def _worker_finished(self) -> None:
        pass  # thread bookkeeping lives in WorkerThreads; kept so a finished watch is easy to trace

    # --- downloads -------------------------------------------------------------------------------------

    def download(self, job_id: str, folder: Path | None = None) -> None:
        if self._closed or job_id in self._download_tokens:
            return
        record = self.store.get(job_id)
        if record is None or record.status != "completed":
            self.downloadFailed.emit(job_id, "This video is not ready yet. Download it once the job shows Ready.")
            return
        target = Path(folder) if folder is not None else Path(self.settings.get("download_dir"))
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.downloadFailed.emit(
                job_id,
                f"The folder {target} could not be created ({exc.strerror or type(exc).__name__}). "
                "Choose another download folder in Settings.",
            )
            return
        here = self.belongs_here(record)
        try:
            factory = self.connection.worker_client_factory()
        except Unauthorized as error:
            if here:
                self.connection.report_unauthorized(error.user_message)
                self.downloadFailed.emit(job_id, error.user_message)
                return
            # A job from the other server is fetched from its CDN link only, which never carries a key; the
            # client just needs a syntactically valid one, and this placeholder never reaches any API.
            factory = self.connection.worker_client_factory(key=DOWNLOAD_ONLY_KEY)
        token = next(self._tokens)
        worker = DownloadWorker(
            factory,
            job_id,
            record.video_url,
            target,
            safe_file_stem(record.name),
            refresh_link=here,  # the link is only refreshed from the server that made the job
            tag=(job_id, token),
        )
        worker.progress.connect(self._download_progressed)
        worker.downloaded.connect(self._download_done)
        worker.failed.connect(self._download_failed)
        self._download_tokens[job_id] = token
        self._download_progress[job_id] = (0, None)
        self._downloads[job_id] = worker
        self._threads.start(worker)
        self.jobUpdated.emit(job_id)

    def cancel_download(self, job_id: str) -> None:
        self._download_tokens.pop(job_id, None)
        self._download_progress.pop(job_id, None)
        worker = self._downloads.pop(job_id, None)
        if worker is not None:
            worker.cancel()
        self.jobUpdated.emit(job_id)

    def _download_current(self, tag: tuple[str, int]) -> bool:
        job_id, token = tag
        return not self._closed and self._download_tokens.get(job_id) == token

    @Slot(object, object, object)
    def _download_progressed(self, tag: tuple[str, int], done: int, total: int | None) -> None:
        if self._download_current(tag):
            self._download_progress[tag[0]] = (done, total)
            self.jobUpdated.emit(tag[0])

    @Slot(object, str)
    def _download_done(self, tag: tuple[str, int], path: str) -> None:
        if not self._download_current(tag):
            return
        job_id = tag[0]
        self._forget_download(job_id)
        self.store.update(job_id, download_path=path)
        self.jobUpdated.emit(job_id)
        self.downloadFinished.emit(job_id, path)

    @Slot(object, object)
    def _download_failed(self, tag: tuple[str, int], error: WorkError) -> None:
        if not self._download_current(tag):
            return
        job_id = tag[0]
        self._forget_download(job_id)
        self.jobUpdated.emit(job_id)
        if error.kind == "cancelled":
            return
        if error.kind == "unauthorized":
            self.connection.report_unauthorized(error.message)
        self.downloadFailed.emit(job_id, error.message)

    def _forget_download(self, job_id: str) -> None:
        self._download_tokens.pop(job_id, None)
        self._download_progress.pop(job_id, None)
        self._downloads.pop(job_id, None)

    # --- shutdown --------------------------------------------------------------------------------------

    def request_stop(self) -> None:
        """Start stopping: every worker is told to end; job statuses stay as they are (resumed next start)."""
        self._closed = True
        self._batch_queue.clear()  # rows not sent yet stay unsent: opening the batch again sends them
        self._threads.cancel_all()

    def shutdown(self, timeout: float = 1.0) -> None:
        self.shutdown_until(time.monotonic() + timeout)

    def shutdown_until(self, deadline: float) -> None:
        self._closed = True
        self._threads.shutdown(deadline)
        self._watch_tokens.clear()
        self._watchers.clear()
        self._download_tokens.clear()
        self._downloads.clear()


def _record_changes(status: JobStatus) -> JobChanges:
    if isinstance(status, JobInProgress):
        progress = None if status.progress is None else max(0, min(100, int(status.progress)))
        return {"status": "in-progress", "progress": progress, "message": status.message}
    if isinstance(status, JobCompleted):
        changes: JobChanges = {
            "status": "completed",
            "progress": 100,
            "message": None,
            # A completed preview has no MP4: its record keeps the previewUrl (the player page) here instead.
            "video_url": status.video_url if status.video_url is not None else status.preview_url,
            "share_url": status.share_url,
            "thumbnail_url": status.thumbnail_url,
        }
        if status.credits_used is not None:
            # Kept beside the estimate, not over it: the user sees both, and any difference.
            changes["charged"] = Decimal(status.credits_used)
        return changes
    return {
        "status": "failed",
        "message": None,
        "error_code": status.error_code,
        "error_message": status.error_message,
    }
