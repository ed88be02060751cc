"""File › New batch from CSV…: the storyboard open in the editor is the template, a CSV fills its
``{{placeholders}}``, one video per row — each checked, priced and timed before anything is made or sent.

Nothing here changes the editor's storyboard. "Save storyboards…" writes one project file per row (atomic
writes through the store); "Render…" asks once for the whole batch, then the job controller sends each valid
row not sent before, once. The batch is identified as the command line identifies it
(``domain.batch.batch_key``: template body + CSV cells + server), so opening the same template and CSV again
shows which rows were sent and sends only the rest; a row whose answer was lost is shown, never resent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pictory_desktop.domain.batch import BatchRow, placeholders_in, template_digest
from pictory_desktop.domain.catalog import format_credits
from pictory_desktop.domain.describe import PRETEND
from pictory_desktop.domain.limits import SpendVerdict
from pictory_desktop.domain.project_format import ProjectFileError
from pictory_desktop.domain.render_request import RenderRequest
from pictory_desktop.domain.storyboard import Storyboard
from pictory_desktop.qt.batch_loader import BatchLoader, LoadedBatch
from pictory_desktop.store import job_text
from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.store.project_files import save_project_file

from . import file_dialogs, theme
from .render_dialog import BatchConfirmDialog, credits_phrase
from .render_question import BatchRenderQuestion, BatchVideo

if TYPE_CHECKING:
    from pictory_desktop.qt.context import AppContext

COLUMNS = ("Row", "Video name", "Credits", "Length", "Status")
ROW, NAME, CREDITS, LENGTH, STATUS = range(len(COLUMNS))
READY_TO_RENDER = "Ready to render"
STATUS_REFRESH_MS = 150  # job updates arrive many times a second while 20 videos render: redraw at most this often


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _names(names: tuple[str, ...] | frozenset[str]) -> str:
    return ", ".join("{{" + name + "}}" for name in sorted(names, key=str.casefold))


Index = QModelIndex | QPersistentModelIndex
StatusOf = Callable[[BatchRow], tuple[str, str, bool]]


class BatchRowsModel(QAbstractTableModel):
    """The batch's rows for the table: a model, so 10,000 rows cost only the ones on screen."""

    def __init__(self, status_of: StatusOf, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status_of = status_of
        self._rows: tuple[BatchRow, ...] = ()
        self._lengths: tuple[str, ...] = ()
        self.error_colour = QColor("#b91c1c")
        self.warning_icon = QIcon()

    def set_rows(self, rows: tuple[BatchRow, ...], lengths: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._rows, self._lengths = rows, lengths
        self.endResetModel()

    def statuses_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, STATUS), self.index(len(self._rows) - 1, STATUS))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if column == STATUS:
            text, tip, marked = self._status_of(row)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip
            if role == Qt.ItemDataRole.DecorationRole:
                return self.warning_icon if marked else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(self.error_colour) if marked else None
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            if column == ROW:
                return str(row.sheet_row)
            if column == NAME:
                return row.name
            if column == CREDITS:
                cost = row.estimate
                return "unknown" if cost.unpriced_scenes else credits_phrase(cost.total, estimated=cost.estimated)
            return self._lengths[index.row()]
        return None


class BatchDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        context: AppContext,
        template: Storyboard,
        *,
        template_path: Path | None = None,
        show_jobs: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs = context.jobs
        self.template = template
        self.template_path = template_path
        self.show_jobs = show_jobs or (lambda: None)
        # Replaceable in tests: the one confirmation for the whole batch.
        self.ask_render: Callable[[QWidget, BatchRenderQuestion], bool] = BatchConfirmDialog.ask
        self.loaded: LoadedBatch | None = None
        self.batch_id: int | None = None
        self._sent: dict[int, JobRecord] = {}  # row -> its job, from the history
        self._sent_at_open: frozenset[int] = frozenset()  # rows that had a job before this dialog sent any
        self._failures: dict[int, str] = {}  # rows whose send failed in this dialog, with the sentence
        self._saved_folder: Path | None = None
        self._spend_tag: object = None  # the press whose limit check is under way (matched by identity)
        self._stopped = False
        self.setObjectName("batchDialog")
        self.setWindowTitle("New batch from CSV")
        self.setAcceptDrops(True)
        self.resize(900, 620)

        layout = QVBoxLayout(self)
        name = template.video_name or "Untitled video"
        self.template_label = QLabel(
            f"Template: the storyboard open in the editor, “{name}” ({_plural(len(template.scenes), 'scene')}). "
            "Each row of the CSV makes one video from it; the editor's storyboard is not changed.",
            self,
        )
        self.template_label.setWordWrap(True)
        layout.addWidget(self.template_label)
        used = placeholders_in(template)
        self.placeholders_label = QLabel(self)
        self.placeholders_label.setObjectName("placeholders")
        self.placeholders_label.setWordWrap(True)
        self.placeholders_label.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholders_label.setText(
            f"Placeholders in the template: {_names(used)}. The CSV needs a column for each (its header row names them)."
            if used
            else "The template has no placeholders yet, so every video would be the same. Type a column name in "
            "double braces, e.g. {{product}}, in the video name, a story or an AI prompt."
        )
        layout.addWidget(self.placeholders_label)

        csv_row = QHBoxLayout()
        self.csv_label = QLabel("No CSV chosen yet. Choose one, or drop a .csv file on this window.", self)
        self.csv_label.setObjectName("csvFile")
        self.csv_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose CSV file…", self)
        self.choose_button.setObjectName("chooseCsvButton")
        self.choose_button.clicked.connect(self.choose_csv)
        csv_row.addWidget(self.csv_label, 1)
        csv_row.addWidget(self.choose_button)
        layout.addLayout(csv_row)

        self.problem = QLabel(self)
        self.problem.setObjectName("batchProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.notes = QLabel(self)
        self.notes.setObjectName("batchNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.hide()
        layout.addWidget(self.notes)

        self.rows_model = BatchRowsModel(self.row_status, self)
        self.table = QTableView(self)
        self.table.setModel(self.rows_model)
        self.table.setObjectName("batchRows")
        self.table.setAccessibleName("Videos of the batch")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        for column in (ROW, CREDITS, LENGTH):  # measured on the first rows, not on 10,000
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(50)
        self.table.setColumnWidth(NAME, 240)
        layout.addWidget(self.table, 1)

        self.total_label = QLabel(self)
        self.total_label.setObjectName("batchTotal")
        self.total_label.setWordWrap(True)
        bold = self.total_label.font()
        bold.setBold(True)
        self.total_label.setFont(bold)
        layout.addWidget(self.total_label)
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("batchBalance")
        self.balance_label.setWordWrap(True)
        layout.addWidget(self.balance_label)
        self.message = QLabel(self)
        self.message.setObjectName("batchMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save storyboards…", self)
        self.save_button.setObjectName("saveBatchButton")
        self.save_button.setToolTip("Write one storyboard file per row into a folder you choose.")
        self.render_button = QPushButton("Render videos…", self)
        self.render_button.setObjectName("renderBatchButton")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("closeBatchButton")
        self.render_button.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.render_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_storyboards)
        self.render_button.clicked.connect(self.render_batch)
        self.close_button.clicked.connect(self.reject)

        self.loader = BatchLoader(context.catalog, self)
        self.loader.loaded.connect(self._loaded)
        self.loader.refused.connect(self._refused)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(STATUS_REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_statuses)
        for signal in (self.jobs.jobUpdated, self.jobs.batchRowStarted, self.jobs.batchRowSent):
            signal.connect(self._schedule_refresh)
        self.jobs.batchRowFailed.connect(self._row_failed)
        self.jobs.batchFinished.connect(self._batch_finished)
        context.connection.balanceChanged.connect(self._balance_changed)
        context.spend_check.decided.connect(self._spend_decided)
        context.connection.refresh_balance_if_stale()
        self._update_buttons()

    # --- choosing and reading the CSV ------------------------------------------------------------------

    @Slot()
    def choose_csv(self) -> None:
        start = self.loaded.path.parent if self.loaded else self.template_path.parent if self.template_path else None
        path = file_dialogs.ask_csv_path(self, start)
        if path is not None:
            self.load_csv(path)

    def load_csv(self, path: Path) -> None:
        """Read and plan ``path`` in the background; the table appears when it is done."""
        self.csv_label.setText(f"Reading {path.name}…")
        self.choose_button.setEnabled(False)
        self.loader.load(path, self.template, self.context.connection.server_id)
        self._update_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.load_csv(Path(urls[0].toLocalFile()))

    @Slot(str)
    def _refused(self, sentence: str) -> None:
        """The file cannot be used: say why; whatever was shown before stays as it was."""
        self.choose_button.setEnabled(True)
        shown = f"Showing {self.loaded.path.name}. " if self.loaded else ""
        self.csv_label.setText(f"{shown}That file could not be used.")
        self._show_problem(sentence)
        self._update_buttons()

    @Slot(object)
    def _loaded(self, loaded: LoadedBatch) -> None:
        self.choose_button.setEnabled(True)
        self.loaded = loaded
        self._failures.clear()
        table, plan = loaded.table, loaded.plan
        self.csv_label.setText(
            f"{loaded.path.name}: {_plural(len(plan.rows), 'row')}; columns {', '.join(table.columns)}."
        )
        existing = self.context.job_store.batch_by_key(loaded.key)
        self.batch_id = existing.batch_id if existing else None
        self._sent = self.context.job_store.batch_rows_sent(self.batch_id) if self.batch_id is not None else {}
        self._sent_at_open = frozenset(self._sent)
        if plan.missing_columns:
            self._show_problem(
                f"The template uses {_names(plan.missing_columns)}, but the CSV has no column of that name (its "
                f"columns: {', '.join(table.columns)}). Add the column to the CSV or fix the placeholder in the "
                "template; nothing can be made until then."
            )
        else:
            self._show_problem(None)
        notes: list[str] = []
        if table.notice:
            notes.append(table.notice)
        if plan.unused_columns:
            unused = ", ".join(f"“{c}”" for c in plan.unused_columns)
            notes.append(
                f"No placeholder uses the column{'s' if len(plan.unused_columns) != 1 else ''} {unused}, so "
                f"{'they are' if len(plan.unused_columns) != 1 else 'it is'} ignored."
            )
        if self._sent_at_open:
            notes.append(
                f"This batch was rendered before: {_plural(len(self._sent_at_open), 'row')} already "
                f"{'have jobs' if len(self._sent_at_open) != 1 else 'has a job'} and {'are' if len(self._sent_at_open) != 1 else 'is'} "
                "never sent again. Render sends only the rest."
            )
        self.notes.setText(" ".join(notes))
        self.notes.setVisible(bool(notes))
        self._fill_table()
        self._update_totals()
        self._update_buttons()

    def _show_problem(self, sentence: str | None) -> None:
        if sentence is None:
            self.problem.hide()
            return
        self.problem.setText(f"⚠ {sentence}")
        theme.set_text_colour(self.problem, theme.error_colour(self))
        self.problem.show()

    # --- the table -------------------------------------------------------------------------------------

    def _fill_table(self) -> None:
        loaded = self.loaded
        if loaded is None or not loaded.plan.can_make:
            self.rows_model.set_rows((), ())
            return
        self.rows_model.error_colour = theme.error_colour(self)
        self.rows_model.warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.rows_model.set_rows(loaded.plan.rows, loaded.lengths)
        for column in (ROW, CREDITS, LENGTH):
            self.table.resizeColumnToContents(column)
        self._refresh_statuses()

    def cell(self, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What the table shows in a cell (for tests and screenshots)."""
        return self.rows_model.index(row, column).data(role)

    def row_status(self, row: BatchRow) -> tuple[str, str, bool]:
        """What the Status column says of ``row``, its tooltip, and whether it is marked as a problem."""
        if not row.valid:
            first = row.errors[0].message
            every = "\n".join(f.describe() for f in row.errors)
            more = f" (+{len(row.errors) - 1} more)" if len(row.errors) > 1 else ""
            return f"Error, not sent: {first}{more}", every, True
        in_flight = self.jobs.batch_row_in_flight()
        if self.batch_id is not None and in_flight == (self.batch_id, row.number):
            return "Sending…", "This video is being sent to Pictory now.", False
        if self.batch_id is not None and row.number in self.jobs.batch_rows_queued(self.batch_id):
            return "Waiting to be sent", "The videos are sent one after the other.", False
        record = self._sent.get(row.number)
        if record is not None:
            if record.unconfirmed:
                return (
                    "Not confirmed: check it in the Jobs panel (never sent again)",
                    record.error_message or "",
                    True,
                )
            before = "Sent before" if row.number in self._sent_at_open else "Sent"
            state = job_text.status_text(record, watching=self.jobs.is_watching(record.job_id), downloading=False)
            explanation = job_text.failure_explanation(record) or f"Job {record.job_id}."
            return f"{before} · {state}", explanation, record.status == "failed"
        failure = self._failures.get(row.number)
        if failure is not None:
            return f"Not sent: {failure}", failure, True
        return READY_TO_RENDER, "Checked and priced; it is sent when you press Render.", False

    @Slot()
    def _schedule_refresh(self, *_args: object) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    @Slot()
    def _refresh_statuses(self) -> None:
        if self.loaded is None or not self.loaded.plan.can_make:
            return
        if self.batch_id is not None:
            self._sent = self.context.job_store.batch_rows_sent(self.batch_id)
        self.rows_model.statuses_changed()
        self._update_totals()
        self._update_buttons()

    # --- totals and buttons ----------------------------------------------------------------------------

    def to_send(self) -> tuple[BatchRow, ...]:
        """The valid rows with no job yet: what Render would send now (nothing, when a column is missing)."""
        if self.loaded is None or not self.loaded.plan.can_make:
            return ()
        return self.loaded.plan.unsent_rows(self._sent)

    def _update_totals(self) -> None:
        if self.loaded is None or not self.loaded.plan.can_make:
            self.total_label.clear()
            self.balance_label.clear()
            return
        plan = self.loaded.plan
        valid = len(plan.valid_rows)
        invalid = len(plan.invalid_rows)
        approx = "about " if plan.estimated else ""
        total = f"Total for the {_plural(valid, 'valid video')}: {approx}{format_credits(plan.total)} credits"
        if invalid:
            total += f" ({_plural(invalid, 'row')} with errors {'are' if invalid != 1 else 'is'} left out)"
        rest = self.to_send()
        if not rest and valid:
            total += ". Every one of them has been sent"
        elif len(rest) != valid:
            total += f". Not sent yet: {_plural(len(rest), 'video')}, {format_credits(plan.credits_for(rest))} credits"
        self.total_label.setText(total + ".")
        self._balance_changed()

    @Slot()
    def _balance_changed(self, *_args: object) -> None:
        if self.loaded is None or not self.loaded.plan.can_make:
            return
        balance = self.context.connection.balance
        sandbox = self.context.connection.mode == "sandbox"
        account = f"Sandbox balance ({PRETEND} credits)" if sandbox else "Your balance"
        if balance is None:
            self.balance_label.setText(f"{account}: not known yet.")
            theme.set_text_colour(self.balance_label, None)
            return
        need = self.loaded.plan.credits_for(self.to_send())
        after = balance.balance - need
        if not need:
            self.balance_label.setText(f"{account}: {format_credits(balance.balance)} credits.")
            theme.set_text_colour(self.balance_label, None)
        elif after >= 0:
            self.balance_label.setText(
                f"{account}: {format_credits(balance.balance)} credits; after these videos: {format_credits(after)}."
            )
            theme.set_text_colour(self.balance_label, None)
        else:
            self.balance_label.setText(
                f"{account}: {format_credits(balance.balance)} credits, {format_credits(-after)} short of these "
                "videos. Buy more AI credits, choose cheaper AI models in the template, or render fewer rows."
            )
            theme.set_text_colour(self.balance_label, theme.error_colour(self))

    def _update_buttons(self) -> None:
        loading = self.loader.busy
        usable = self.loaded is not None and self.loaded.plan.can_make and not loading
        self.save_button.setEnabled(usable)
        rest = self.to_send() if usable else ()
        sending = self.jobs.is_sending_batch
        self.render_button.setEnabled(bool(rest) and not sending)
        plan = self.loaded.plan if self.loaded else None
        if not rest or plan is None:
            done = plan is not None and plan.can_make and bool(plan.valid_rows) and not sending
            self.render_button.setText("Every valid video was sent" if done else "Render videos…")
        elif len(rest) < len(plan.valid_rows):
            self.render_button.setText(f"Render the {_plural(len(rest), 'video')} not sent yet…")
        elif plan.invalid_rows:
            self.render_button.setText(f"Render the {len(rest)} valid video{'s' if len(rest) != 1 else ''}…")
        else:
            self.render_button.setText(f"Render {_plural(len(rest), 'video')}…")

    # --- saving ----------------------------------------------------------------------------------------

    @Slot()
    def save_storyboards(self) -> None:
        if self.loaded is None or not self.loaded.plan.can_make:
            return
        start = self._saved_folder or (self.template_path.parent if self.template_path else None)
        folder = file_dialogs.ask_folder(self, "Choose a folder for the batch's storyboards", start)
        if folder is not None:
            self.save_into(folder)

    def save_into(self, folder: Path) -> bool:
        plan = self.loaded.plan if self.loaded else None
        if plan is None:
            return False
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for row in plan.rows:
                save_project_file(folder / plan.file_name_for(row), row.storyboard)
        except ProjectFileError as exc:
            self.message.setText(f"The storyboards could not all be saved: {exc}")
            return False
        except OSError as exc:
            self.message.setText(f"The folder {folder} could not be made ({exc.strerror or exc}). Choose another.")
            return False
        self._saved_folder = folder
        self.message.setText(f"Saved {_plural(len(plan.rows), 'storyboard')} in {folder}.")
        return True

    # --- rendering -------------------------------------------------------------------------------------

    @Slot()
    def render_batch(self) -> None:
        """One confirmation for every video not sent yet, then each is sent once by the job controller."""
        loaded = self.loaded
        if loaded is None or self.jobs.is_sending_batch or self._spend_tag is not None:
            return  # (a second press while the monthly limit is being checked does nothing)
        if self.batch_id is not None:
            self._sent = self.context.job_store.batch_rows_sent(self.batch_id)
        rest = self.to_send()
        if not rest:
            self._update_buttons()
            return
        plan = loaded.plan
        connection = self.context.connection
        name = self.template.video_name or (self.template_path.stem if self.template_path else "Batch")
        question = BatchRenderQuestion(
            batch_name=name,
            videos=tuple(BatchVideo(row.sheet_row, row.name, row.estimate) for row in rest),
            balance=connection.balance,
            sandbox=connection.mode == "sandbox",
            invalid_rows=len(plan.invalid_rows),
            sent_before=len([n for n in self._sent if n in {r.number for r in plan.valid_rows}]),
        )
        # The user's own limits first, once for the whole batch (as the CLI's batch): the answer comes as
        # spend_check.decided(tag, verdict), at once without a monthly limit, after reading the ledger with one.
        self._spend_tag = tag = (rest, question)
        if self.context.settings.spending_limits().monthly_limit is not None:
            self.message.setText("Checking your monthly AI-credit limit with Pictory…")
        what = f"these {len(rest)} videos" if len(rest) != 1 else "this video"
        self.context.spend_check.check(question.total, what, estimated=question.estimated, tag=tag)

    @Slot(object, object)
    def _spend_decided(self, tag: object, verdict: SpendVerdict) -> None:
        if tag is not self._spend_tag or self.loaded is None:
            return  # another caller's answer, or one for a press this dialog no longer waits on
        self._spend_tag = None
        rest, question = self._pending_of(tag)
        if not verdict.allowed:
            self.message.setText(verdict.sentence)
            theme.set_text_colour(self.message, theme.error_colour(self.message))
            return
        theme.set_text_colour(self.message, None)
        if self.context.settings.spending_limits().monthly_limit is not None:
            question = replace(question, monthly_limit=verdict.sentence)
        # The confirmation is skipped only at or under the user's ask-above amount, and never when it would have
        # blocked the batch (a balance too short, a cost it cannot work out).
        if (verdict.needs_confirmation or question.problems()) and not self.ask_render(self, question):
            self.message.setText("Nothing was sent.")
            return
        self._send(rest, question)

    @staticmethod
    def _pending_of(tag: object) -> tuple[tuple[BatchRow, ...], BatchRenderQuestion]:
        assert isinstance(tag, tuple) and len(tag) == 2  # (rows, question), as render_batch made it
        return tag[0], tag[1]

    def _send(self, rest: tuple[BatchRow, ...], question: BatchRenderQuestion) -> None:
        loaded = self.loaded
        assert loaded is not None
        plan = loaded.plan
        connection = self.context.connection
        name = question.batch_name
        store = self.context.job_store
        self.batch_id = store.create_batch(
            loaded.key,
            name,
            template_digest=template_digest(self.template),
            row_count=len(plan.rows),
            api_base_url=connection.server_id,
        )
        self._failures.clear()
        folder = self._saved_folder
        requests = [
            (
                row.number,
                RenderRequest(row.storyboard, row.estimate, folder / plan.file_name_for(row) if folder else None),
            )
            for row in rest
        ]
        self.jobs.submit_batch(self.batch_id, requests)
        self.message.setText(
            f"Sending {_plural(len(requests), 'video')}, one after the other. You can close this window: the "
            "Jobs panel follows them."
        )
        self.show_jobs()
        self._refresh_statuses()

    @Slot(int, int, str)
    def _row_failed(self, batch_id: int, row: int, sentence: str) -> None:
        if batch_id == self.batch_id:
            self._failures[row] = sentence
            self._schedule_refresh()

    @Slot(int)
    def _batch_finished(self, batch_id: int) -> None:
        if batch_id != self.batch_id or self.loaded is None:
            return
        self._refresh_statuses()
        failed = len(self._failures)
        sent = len(self._sent)
        if failed:
            self.message.setText(
                f"{_plural(failed, 'video')} could not be sent; each row says why. The others were sent "
                f"({sent} of {len(self.loaded.plan.rows)} rows have a job). Rows already sent are never sent again."
            )
        else:
            self.message.setText(
                f"All sent: {sent} of {len(self.loaded.plan.rows)} rows have a job. Follow them in the Jobs panel."
            )

    def _stop(self) -> None:
        """Closed: no more reading, and no more redrawing from a history the app may be about to close."""
        if self._stopped:
            return
        self._stopped = True
        self.loader.shutdown()
        self._refresh_timer.stop()
        for signal, slot in (
            (self.jobs.jobUpdated, self._schedule_refresh),
            (self.jobs.batchRowStarted, self._schedule_refresh),
            (self.jobs.batchRowSent, self._schedule_refresh),
            (self.jobs.batchRowFailed, self._row_failed),
            (self.jobs.batchFinished, self._batch_finished),
            (self.context.connection.balanceChanged, self._balance_changed),
            (self.context.spend_check.decided, self._spend_decided),
        ):
            signal.disconnect(slot)

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop()
        super().closeEvent(event)
