"""Reading a batch CSV and planning the batch off the GUI thread (a 10 MB file of 10,000 rows takes a
second or two to decode, fill, check and price; the window must keep answering meanwhile).

The worker reads the file, ``domain.batch.read_csv``s it, plans it against the template and works out its
``batch_key`` (the same key the command line uses, so each resumes the other's batches). A file that cannot
be used comes back as one sentence for the user; nothing is written anywhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.domain.batch import MAX_CSV_BYTES, BatchPlan, CsvError, CsvTable, batch_key, plan_batch, read_csv
from pictory_desktop.domain.catalog import Catalog
from pictory_desktop.domain.describe import length_words
from pictory_desktop.domain.length import estimate_length
from pictory_desktop.domain.storyboard import Storyboard
from pictory_desktop.store.user_files import read_user_file

from .workers import Worker, WorkError, WorkerThreads


@dataclass(frozen=True)
class LoadedBatch:
    path: Path
    template: Storyboard
    table: CsvTable
    plan: BatchPlan
    key: str  # domain.batch.batch_key(template, table, server id)
    lengths: tuple[str, ...]  # each row's estimated length, as the editor says it ("≈ 14 s")
    seconds: float  # how long reading and planning took (shown nowhere; measured)


def read_csv_file(path: Path) -> bytes:
    """The file's bytes, or ``CsvError`` with a sentence saying why they cannot be had."""

    def too_large(size: int) -> CsvError:
        return CsvError(
            f"The file is {size / 1_048_576:.1f} MB; a batch CSV may be at most {MAX_CSV_BYTES // 1_048_576} MB. "
            "Split it into several files."
        )

    return read_user_file(path, limit=MAX_CSV_BYTES, kind="a CSV file", error=CsvError, too_large=too_large)


def _length_words(storyboard: Storyboard) -> str:
    length = estimate_length(storyboard)
    return length_words(length.seconds, floor=bool(length.uncertain_scenes))


class BatchLoadWorker(Worker):
    loaded = Signal(object, object)  # tag, LoadedBatch
    refused = Signal(object, str)  # tag, a sentence: why this file cannot be used

    def __init__(self, path: Path, template: Storyboard, catalog: Catalog, server_id: str, tag: object) -> None:
        super().__init__(tag)
        self._path = path
        self._template = template
        self._catalog = catalog
        self._server_id = server_id

    def work(self) -> None:
        started = time.perf_counter()
        try:
            table = read_csv(read_csv_file(self._path))
        except CsvError as exc:
            self.refused.emit(self.tag, str(exc))
            return
        if self.cancelled:
            return
        plan = plan_batch(self._template, table, self._catalog)
        key = batch_key(self._template, table, self._server_id)
        lengths = tuple(_length_words(row.storyboard) for row in plan.rows)
        seconds = time.perf_counter() - started
        self.loaded.emit(self.tag, LoadedBatch(self._path, self._template, table, plan, key, lengths, seconds))


class BatchLoader(QObject):
    """One CSV read at a time; only the newest request's answer is delivered."""

    loaded = Signal(object)  # LoadedBatch
    refused = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._threads = WorkerThreads("batch-csv")
        self._tokens = count(1)
        self._current: int | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    def load(self, path: Path, template: Storyboard, server_id: str) -> None:
        token = next(self._tokens)
        worker = BatchLoadWorker(path, template, self._catalog, server_id, tag=token)
        worker.loaded.connect(self._loaded)
        worker.refused.connect(self._refused)
        worker.failed.connect(self._failed)
        self._current = token
        self._threads.start(worker)
        self.busyChanged.emit(True)

    def _finish(self, token: object) -> bool:
        if token != self._current:
            return False
        self._current = None
        self.busyChanged.emit(False)
        return True

    @Slot(object, object)
    def _loaded(self, token: object, batch: LoadedBatch) -> None:
        if self._finish(token):
            self.loaded.emit(batch)

    @Slot(object, str)
    def _refused(self, token: object, sentence: str) -> None:
        if self._finish(token):
            self.refused.emit(sentence)

    @Slot(object, object)
    def _failed(self, token: object, error: WorkError) -> None:
        if self._finish(token) and error.kind != "cancelled":
            self.refused.emit(error.message)

    def shutdown(self, timeout: float = 0.5) -> None:
        self._current = None
        self._threads.shutdown(time.monotonic() + timeout)
