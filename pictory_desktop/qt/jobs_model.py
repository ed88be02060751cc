"""A table model over the job history (JobStore), refreshed row by row as JobController reports changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot

from pictory_desktop.store.jobs_db import JobRecord

from ..store import job_text
from .job_controller import JobController

HISTORY_LIMIT = 500
COLUMNS = ("Video", "Started", "Credits", "Status", "Progress")
NAME, TIME, CREDITS, STATUS, PROGRESS = range(len(COLUMNS))
JobIdRole = Qt.ItemDataRole.UserRole
ProgressRole = Qt.ItemDataRole.UserRole + 1  # int 0-100, -1 busy, None no bar
RecordRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class JobsModel(QAbstractTableModel):
    def __init__(self, jobs: JobController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._records: list[JobRecord] = jobs.store.list_recent(HISTORY_LIMIT)
        jobs.jobUpdated.connect(self.refresh_job)

    # --- reading ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

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
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, job_id: str) -> int | None:
        for row, record in enumerate(self._records):
            if record.job_id == job_id:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        record = self.record(index.row())
        if record is None or not 0 <= index.column() < len(COLUMNS):
            return None
        column = index.column()
        download = self._jobs.download_progress(record.job_id)
        if role == JobIdRole:
            return record.job_id
        if role == RecordRole:
            return record
        if role == ProgressRole:
            return job_text.progress_value(record, download) if column == PROGRESS else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(record, column, download)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS:
                return self._jobs.problem(record.job_id) or job_text.failure_explanation(record)
            return self._text(record, column, download)
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

    @Slot(str)
    def refresh_job(self, job_id: str) -> None:
        record = self._jobs.store.get(job_id)
        row = self.row_of(job_id)
        if record is None:
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._records[row]
                self.endRemoveRows()
            return
        if row is None:
            # New jobs are the newest: they go on top, as in the store's order.
            self.beginInsertRows(QModelIndex(), 0, 0)
            self._records.insert(0, record)
            self.endInsertRows()
            return
        self._records[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
