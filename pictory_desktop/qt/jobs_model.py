"""A table model over the job history (JobStore), refreshed row by row as JobController reports changes.

A batch's jobs are grouped: one header row (``BatchSummary``: "Name — 12 of 20 ready") followed by its
videos in row order, placed where the batch's newest job would be. Jobs of no batch are listed exactly as
before, newest first. The model stays a flat table (headers are rows whose ``record`` is None), so the
panel's single-row selection and the model tester's checks stay simple.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QFont

from pictory_desktop.store.jobs_db import BatchRecord, JobRecord

from ..store import job_text
from .job_controller import JobController

HISTORY_LIMIT = 500
COLUMNS = ("Video", "Started", "Credits", "Status", "Progress")
NAME, TIME, CREDITS, STATUS, PROGRESS = range(len(COLUMNS))
JobIdRole = Qt.ItemDataRole.UserRole
ProgressRole = Qt.ItemDataRole.UserRole + 1  # int 0-100, -1 busy, None no bar
RecordRole = Qt.ItemDataRole.UserRole + 2
BatchRole = Qt.ItemDataRole.UserRole + 3  # the BatchSummary of a header row (None on a job's row)
CHILD_INDENT = "    "

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BatchSummary:
    """What a batch's header row says, from its jobs in the history."""

    batch: BatchRecord
    sent: int  # rows with a job (confirmed or not)
    ready: int
    failed: int
    unconfirmed: int
    rendering: int

    @property
    def text(self) -> str:
        name, total = self.batch.name, self.batch.row_count
        if self.sent < total:
            ready = f", {self.ready} ready" if self.ready else ""
            return f"{name} — {self.sent} of {total} sent{ready}"
        return f"{name} — {self.ready} of {total} ready"

    @property
    def status(self) -> str:
        parts: list[str] = []
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.unconfirmed:
            parts.append(f"{self.unconfirmed} not confirmed")
        if self.rendering:
            parts.append(f"{self.rendering} rendering")
        if not parts:
            return "Ready" if self.ready == self.batch.row_count else f"{self.ready} ready"
        return ", ".join(parts)

    @property
    def explanation(self) -> str:
        total = self.batch.row_count
        words = [f"A batch of {total} video{'s' if total != 1 else ''} from one template and a CSV."]
        left = total - self.sent
        if left:
            words.append(
                f"{left} row{'s were' if left != 1 else ' was'} not sent (rows with errors, or not rendered yet): "
                "open the same template and CSV with File › New batch from CSV… to send the rest; rows already "
                "sent are never sent again."
            )
        if self.failed:
            words.append(f"{self.failed} failed at Pictory (not charged); select one to see why.")
        if self.unconfirmed:
            words.append(
                f"{self.unconfirmed} may have been sent but Pictory's answer was lost: select one to check. "
                "They are not sent again."
            )
        return " ".join(words)


Entry = JobRecord | BatchSummary


class JobsModel(QAbstractTableModel):
    def __init__(self, jobs: JobController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._batches: dict[int, BatchRecord | None] = {}
        self._entries: list[Entry] = self._arrange(jobs.store.list_recent(HISTORY_LIMIT))
        jobs.jobUpdated.connect(self.refresh_job)

    # --- arranging -------------------------------------------------------------------------------------

    def _batch(self, batch_id: int) -> BatchRecord | None:
        if batch_id not in self._batches:
            self._batches[batch_id] = self._jobs.store.batch(batch_id)
        return self._batches[batch_id]

    def _grouped(self, record: JobRecord) -> bool:
        return record.batch_id is not None and self._batch(record.batch_id) is not None

    def _arrange(self, records: list[JobRecord]) -> list[Entry]:
        """Newest first; a batch's jobs under its header, in row order, where its newest job would be."""
        members: dict[int, list[JobRecord]] = {}
        for record in records:
            if record.batch_id is not None and self._grouped(record):
                members.setdefault(record.batch_id, []).append(record)
        entries: list[Entry] = []
        placed: set[int] = set()
        for record in records:
            batch_id = record.batch_id
            if batch_id is None or batch_id not in members:
                entries.append(record)
                continue
            if batch_id in placed:
                continue
            placed.add(batch_id)
            group = sorted(members[batch_id], key=lambda r: r.batch_row or 0)
            entries.append(self._summary(batch_id, group))
            entries.extend(group)
        return entries

    def _summary(self, batch_id: int, group: list[JobRecord]) -> BatchSummary:
        batch = self._batch(batch_id)
        assert batch is not None
        return BatchSummary(
            batch,
            sent=len(group),
            ready=sum(1 for r in group if r.status == "completed"),
            failed=sum(1 for r in group if r.status == "failed"),
            unconfirmed=sum(1 for r in group if r.unconfirmed),
            rendering=sum(1 for r in group if r.status in ("submitted", "in-progress") and not r.unconfirmed),
        )

    # --- reading ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def record(self, row: int) -> JobRecord | None:
        """The job on ``row``; None for a batch's header row (see ``batch_summary``) or no row."""
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        return entry if isinstance(entry, JobRecord) else None

    def batch_summary(self, row: int) -> BatchSummary | None:
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        return entry if isinstance(entry, BatchSummary) else None

    def row_of(self, job_id: str) -> int | None:
        for row, entry in enumerate(self._entries):
            if isinstance(entry, JobRecord) and entry.job_id == job_id:
                return row
        return None

    def row_of_batch(self, batch_id: int) -> int | None:
        for row, entry in enumerate(self._entries):
            if isinstance(entry, BatchSummary) and entry.batch.batch_id == batch_id:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._entries) or not 0 <= index.column() < len(COLUMNS):
            return None
        entry = self._entries[row]
        if isinstance(entry, BatchSummary):
            return self._batch_data(entry, index.column(), role)
        record = entry
        column = index.column()
        download = self._jobs.download_progress(record.job_id)
        if role == JobIdRole:
            return record.job_id
        if role == RecordRole:
            return record
        if role == ProgressRole:
            return job_text.progress_value(record, download) if column == PROGRESS else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(record, column, download)
            if column == NAME and role == Qt.ItemDataRole.DisplayRole and self._grouped(record):
                return f"{CHILD_INDENT}{record.batch_row}. {text}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS:
                return self._jobs.problem(record.job_id) or job_text.failure_explanation(record)
            return self._text(record, column, download)
        return None

    def _batch_data(self, summary: BatchSummary, column: int, role: int) -> Any:
        if role == BatchRole:
            return summary
        if role == ProgressRole:
            if column != PROGRESS or not summary.batch.row_count:
                return None
            return summary.ready * 100 // summary.batch.row_count
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == NAME:
                return summary.text
            if column == TIME:
                return job_text.time_text_of(summary.batch.created_at)
            if column == CREDITS:
                return ""
            if column == STATUS:
                return summary.status
            return f"{summary.ready} of {summary.batch.row_count} ready"
        if role == Qt.ItemDataRole.ToolTipRole:
            return summary.explanation
        return None

    def _text(self, record: JobRecord, column: int, download: tuple[int, int | None] | None) -> str:
        if column == NAME:
            return job_text.name_text(record)
        if column == TIME:
            return job_text.time_text(record)
        if column == CREDITS:
            return job_text.credits_text(record)
        if column == STATUS:
            return job_text.status_text(
                record,
                watching=self._jobs.is_watching(record.job_id),
                downloading=download is not None,
            )
        return job_text.progress_text(record, download)

    # --- updates ---------------------------------------------------------------------------------------

    def _members(self, batch_id: int) -> list[JobRecord]:
        return [e for e in self._entries if isinstance(e, JobRecord) and e.batch_id == batch_id]

    def _refresh_header(self, batch_id: int) -> None:
        header = self.row_of_batch(batch_id)
        if header is None:
            return
        members = self._members(batch_id)
        if not members:
            self.beginRemoveRows(QModelIndex(), header, header)
            del self._entries[header]
            self.endRemoveRows()
            return
        self._entries[header] = self._summary(batch_id, members)
        self.dataChanged.emit(self.index(header, 0), self.index(header, len(COLUMNS) - 1))

    @Slot(str)
    def refresh_job(self, job_id: str) -> None:
        record = self._jobs.store.get(job_id)
        row = self.row_of(job_id)
        if record is None:
            if row is not None:
                gone = self._entries[row]
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()
                if isinstance(gone, JobRecord) and gone.batch_id is not None:
                    self._refresh_header(gone.batch_id)
            return
        if row is not None:
            self._entries[row] = record
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        elif record.batch_id is not None and self._grouped(record):
            self._insert_member(record)
        else:
            # New jobs are the newest: they go on top, as in the store's order.
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._entries.insert(0, record)
            self.endInsertRows()
            return
        if record.batch_id is not None:
            self._refresh_header(record.batch_id)

    def _insert_member(self, record: JobRecord) -> None:
        assert record.batch_id is not None
        header = self.row_of_batch(record.batch_id)
        if header is None:
            # The batch's first job in the list: its header and the job go on top.
            self.beginInsertRows(QModelIndex(), 0, 1)
            self._entries[0:0] = [self._summary(record.batch_id, [record]), record]
            self.endInsertRows()
            return
        at = header + 1
        while at < len(self._entries):
            entry = self._entries[at]
            if not isinstance(entry, JobRecord) or entry.batch_id != record.batch_id:
                break
            if (entry.batch_row or 0) > (record.batch_row or 0):
                break
            at += 1
        self.beginInsertRows(QModelIndex(), at, at)
        self._entries.insert(at, record)
        self.endInsertRows()
