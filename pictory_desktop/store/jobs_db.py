"""Job history in data_dir/jobs.sqlite3: every render the user paid for, surviving restarts.

One connection shared behind a lock: workers on other threads update jobs while the UI reads, and SQLite
connections must not be used from two threads at once. WAL lets a second app instance read meanwhile.
The schema version lives in ``PRAGMA user_version``; a damaged or NEWER file is set aside, never deleted.
There is deliberately no column for the API key.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack, get_args

from pictory_desktop.store.aside import move_aside

# What a job made: a video ("render", the default and every job before schema 5), one AI Studio image tried for
# a scene ("image"), or a storyboard preview ("preview").
JobKind = Literal["render", "image", "preview"]
JOB_KINDS: frozenset[str] = frozenset(get_args(JobKind))
# A job's state in the history (not api.results.JobStatus, which is one reply from Pictory).
JobState = Literal["submitted", "in-progress", "completed", "failed", "stopped-watching", "unknown"]
JOB_STATES: frozenset[str] = frozenset(get_args(JobState))
# Stored with sandbox jobs in place of the API's address: the sandbox's port changes every start.
SANDBOX_SERVER_ID = "sandbox://this-computer"
# The id a render is kept under while Pictory has not confirmed it (the answer to the POST was lost).
UNCONFIRMED_PREFIX = "unconfirmed-"
# Outcomes Pictory will not change any more; everything else is resumed after a restart.
FINISHED_STATUSES: frozenset[str] = frozenset({"completed", "failed"})

SCHEMA_VERSION = 6

# MIGRATIONS[n] takes a version-n database to version n+1 (0 = empty file).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    0: (
        """CREATE TABLE jobs (
            job_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            credits TEXT NOT NULL,          -- Decimal as text: credits like 0.6 must not drift as floats
            estimated INTEGER NOT NULL,
            status TEXT NOT NULL,
            progress INTEGER,
            message TEXT,
            video_url TEXT,
            share_url TEXT,
            thumbnail_url TEXT,
            error_code TEXT,
            error_message TEXT,
            download_path TEXT
        )""",
    ),
    # Version 2 records which server got the job (a sandbox job must never be polled against production)
    # and which project it came from, so a finished video can be matched to its storyboard.
    1: (
        "ALTER TABLE jobs ADD COLUMN api_base_url TEXT",
        "ALTER TABLE jobs ADD COLUMN project_path TEXT",
        "ALTER TABLE jobs ADD COLUMN scene_count INTEGER",
        "CREATE INDEX jobs_by_created_at ON jobs (created_at)",
    ),
    # Version 3 keeps what was sent: a digest, so the same storyboard is not rendered twice unawares, and the
    # body itself (in its own table, so listing jobs never reads it), so a job's storyboard can be reopened;
    # and what Pictory charged, beside the estimate, so the two can be compared.
    2: (
        "ALTER TABLE jobs ADD COLUMN charged TEXT",
        "ALTER TABLE jobs ADD COLUMN body_digest TEXT",
        "CREATE INDEX jobs_by_body_digest ON jobs (body_digest)",
        "CREATE TABLE job_bodies (job_id TEXT PRIMARY KEY, body TEXT NOT NULL)",
    ),
    # Version 4 keeps agency batches (one template, one CSV row per video): the batch, and on each job its
    # batch and row. The unique index is the last line of defence of "never send a row twice": a second job
    # for the same row cannot even be recorded.
    3: (
        """CREATE TABLE batches (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,       -- domain.batch.batch_key: template body + CSV cells + server
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            template_digest TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            api_base_url TEXT
        )""",
        "ALTER TABLE jobs ADD COLUMN batch_id INTEGER",
        "ALTER TABLE jobs ADD COLUMN batch_row INTEGER",
        "CREATE UNIQUE INDEX jobs_by_batch_row ON jobs (batch_id, batch_row) WHERE batch_id IS NOT NULL",
    ),
    # Version 5 keeps image tries (and previews) beside renders, so every credit spent is in one history: what
    # the job made, and for a try the scene it was for and the model, which the Jobs panel says. Every job
    # before was a render.
    4: (
        "ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'render'",
        "ALTER TABLE jobs ADD COLUMN scene_number INTEGER",
        "ALTER TABLE jobs ADD COLUMN model TEXT",
    ),
    # Version 6: what the AI-credit ledger shows debited while a job ran, for a job that does not report its
    # own cost (a preview: Pictory documents neither its cost nor an aiCreditsUsed for it). Apart from
    # ``charged``: it is a reading of the account, which other spending at the same time also moves.
    5: ("ALTER TABLE jobs ADD COLUMN ledger_debits TEXT",),
}


class JobChanges(TypedDict, total=False):
    """The fields of a stored job that can change after it was added (everything but its id and birth)."""

    name: str
    credits: Decimal
    estimated: bool
    status: JobState
    progress: int | None
    message: str | None
    video_url: str | None
    share_url: str | None
    thumbnail_url: str | None
    error_code: str | None
    error_message: str | None
    download_path: str | None
    api_base_url: str | None
    project_path: str | None
    scene_count: int | None
    charged: Decimal | None
    ledger_debits: Decimal | None


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclasses.dataclass(frozen=True)
class JobRecord:
    job_id: str
    name: str
    created_at: str  # UTC, ISO 8601 with offset
    credits: Decimal
    estimated: bool
    status: JobState = "submitted"
    progress: int | None = None
    message: str | None = None
    video_url: str | None = None
    share_url: str | None = None
    thumbnail_url: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    download_path: str | None = None
    api_base_url: str | None = None
    project_path: str | None = None
    scene_count: int | None = None
    charged: Decimal | None = None  # what Pictory reported as used (aiCreditsUsed), once the job is done
    body_digest: str | None = None  # SHA-256 of the sent body in canonical form (domain.render_request)
    batch_id: int | None = None  # the batch (``batches.id``) this job renders one row of
    batch_row: int | None = None  # that row's number (domain.batch.BatchRow.number)
    kind: JobKind = "render"
    scene_number: int | None = None  # an image try: the 1-based scene it was tried for, when it was for one
    model: str | None = None  # an image try: the AI Studio model id
    # A preview: the AI credits the ledger shows debited between sending it and its end (see migration 5).
    ledger_debits: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.job_id:
            raise ValueError("A job needs its Pictory job id.")
        if self.kind not in JOB_KINDS:
            raise ValueError(f"Unknown job kind {self.kind!r}.")
        if self.status not in JOB_STATES:
            raise ValueError(f"Unknown job status {self.status!r}.")
        # Floats are refused: 0.1 + 0.2 credits must add up exactly in the history.
        credits = self.credits
        if isinstance(credits, int) and not isinstance(credits, bool):
            credits = Decimal(credits)
        if not isinstance(credits, Decimal) or not credits.is_finite():
            raise ValueError("Credits must be a finite Decimal.")
        object.__setattr__(self, "credits", credits)
        object.__setattr__(self, "estimated", bool(self.estimated))
        if self.progress is not None and not 0 <= self.progress <= 100:
            raise ValueError("Progress must be between 0 and 100.")
        created = datetime.fromisoformat(self.created_at)
        if created.tzinfo is None:
            raise ValueError("created_at must carry a UTC offset.")
        for name in ("download_path", "project_path"):
            value = getattr(self, name)
            if isinstance(value, Path):
                object.__setattr__(self, name, str(value))

    @classmethod
    def new(
        cls,
        job_id: str,
        name: str,
        credits: Decimal,
        estimated: bool,
        *,
        status: JobState = "submitted",
        error_message: str | None = None,
        video_url: str | None = None,
        api_base_url: str | None = None,
        project_path: str | None = None,
        scene_count: int | None = None,
        body_digest: str | None = None,
        kind: JobKind = "render",
        scene_number: int | None = None,
        model: str | None = None,
    ) -> JobRecord:
        """A just-submitted job stamped with the current UTC time."""
        return cls(
            job_id,
            name,
            utc_now_iso(),
            credits,
            estimated,
            status=status,
            error_message=error_message,
            video_url=video_url,
            api_base_url=api_base_url,
            project_path=project_path,
            scene_count=scene_count,
            body_digest=body_digest,
            kind=kind,
            scene_number=scene_number,
            model=model,
        )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def unconfirmed(self) -> bool:
        """Recorded before (or while) it was sent, and Pictory's answer never arrived: it may or may not exist."""
        return self.job_id.startswith(UNCONFIRMED_PREFIX)


@dataclasses.dataclass(frozen=True)
class BatchRecord:
    batch_id: int
    key: str
    name: str
    created_at: str
    template_digest: str
    row_count: int
    api_base_url: str | None
    rows_sent: int  # rows with a job record (confirmed or not)


COLUMNS: tuple[str, ...] = tuple(field.name for field in dataclasses.fields(JobRecord))


def _to_row(record: JobRecord) -> tuple[Any, ...]:
    values = dataclasses.asdict(record)
    values["credits"] = str(record.credits)
    values["charged"] = None if record.charged is None else str(record.charged)
    values["ledger_debits"] = None if record.ledger_debits is None else str(record.ledger_debits)
    values["estimated"] = int(record.estimated)
    return tuple(values[column] for column in COLUMNS)


_INSERT = f"INSERT INTO jobs ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"


def _insert(conn: sqlite3.Connection, record: JobRecord) -> None:
    conn.execute(_INSERT, _to_row(record))


def _from_row(row: sqlite3.Row) -> JobRecord:
    values = {column: row[column] for column in COLUMNS}
    values["credits"] = Decimal(values["credits"])
    values["charged"] = None if values["charged"] is None else Decimal(values["charged"])
    values["ledger_debits"] = None if values["ledger_debits"] is None else Decimal(values["ledger_debits"])
    values["estimated"] = bool(values["estimated"])
    return JobRecord(**values)


DAMAGED_NOTICE = (
    "Your job history file is damaged, so Pictory Desktop started a new, empty one. Videos you already "
    "rendered are still in your Pictory account."
)


class RowAlreadySent(ValueError):
    """A batch row that already has a job in the history: it must not be sent (or recorded) again."""

    def __init__(self, row: int, job_id: str) -> None:
        super().__init__(f"Row {row} of this batch already has a job ({job_id}); it is not sent again.")
        self.row = row
        self.job_id = job_id


class _Unusable(Exception):
    """The file must be set aside; the message is the notice for the user."""


class JobStore:
    def __init__(self, path: Path, *, now: datetime | None = None) -> None:
        self.path = path
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except _Unusable as problem:
            aside = move_aside(self.path, companion_suffixes=("-wal", "-shm"), now=now)
            self.notices.append(f"{problem} It was kept as {aside}.")
            self._conn = self._open()

    # -- opening and migrating --------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self._check_existing()
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a migration is all-or-nothing.
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        try:
            self._prepare(conn)
        except sqlite3.DatabaseError:
            conn.close()
            raise _Unusable(DAMAGED_NOTICE) from None
        return conn

    def _check_existing(self) -> None:
        """Refuse a damaged or newer file before anything may change it.

        The check uses a read-only connection because closing a read-write one deletes the -wal/-shm
        files, and those must be set aside together with the file they belong to.
        """
        if not self.path.exists():
            return
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Unusable(DAMAGED_NOTICE)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise _Unusable(DAMAGED_NOTICE) from None
        finally:
            conn.close()
        if version > SCHEMA_VERSION:
            raise _Unusable(
                f"Your job history was written by a newer version of Pictory Desktop (version {version}; "
                f"this version understands up to {SCHEMA_VERSION}), so a new, empty history was started."
            )

    def _prepare(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses at most the last update
        conn.execute("PRAGMA busy_timeout=10000")
        # The version is read inside the write lock: two app instances starting together must not both
        # run the same migration (the second would fail on a duplicate column).
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
            if version < SCHEMA_VERSION:
                # PRAGMA cannot take parameters; SCHEMA_VERSION is our own integer.
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        present = {row["name"] for row in conn.execute("PRAGMA table_info(jobs)")}
        if not set(COLUMNS) <= present:
            raise sqlite3.DatabaseError("jobs table lacks columns")

    # -- access -----------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def add(self, record: JobRecord, *, body: str | None = None, batch: tuple[int, int] | None = None) -> None:
        """Keep a new job, and (when given) the request body that was sent for it, as JSON text.

        ``batch=(batch_id, row)`` files it under that row of a batch; a row that already has a job is refused
        (``RowAlreadySent``), whatever that job's state: nothing may record, let alone send, a row twice."""
        if batch is not None:
            record = dataclasses.replace(record, batch_id=batch[0], batch_row=batch[1])
        try:
            with self._transaction() as conn:
                if record.batch_id is not None:
                    row = conn.execute(
                        "SELECT job_id FROM jobs WHERE batch_id = ? AND batch_row = ?",
                        (record.batch_id, record.batch_row),
                    ).fetchone()
                    if row is not None:
                        raise RowAlreadySent(record.batch_row or 0, str(row["job_id"]))
                _insert(conn, record)
                if body is not None:
                    conn.execute("INSERT INTO job_bodies (job_id, body) VALUES (?, ?)", (record.job_id, body))
        except sqlite3.IntegrityError:
            raise ValueError(f"Job {record.job_id} is already in the history.") from None

    def confirm(self, local_id: str, job_id: str) -> JobRecord:
        """An unconfirmed attempt turned out to be Pictory's job ``job_id``: keep it under that id, as sent."""
        with self._transaction() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE job_id = ?", (local_id,)).fetchone()
            if row is None:
                raise KeyError(local_id)
            confirmed = dataclasses.replace(_from_row(row), job_id=job_id, status="submitted", error_message=None)
            # Deleted first: the batch row's unique index allows one job per row at any moment.
            conn.execute("DELETE FROM jobs WHERE job_id = ?", (local_id,))
            _insert(conn, confirmed)
            conn.execute("UPDATE job_bodies SET job_id = ? WHERE job_id = ?", (job_id, local_id))
        return confirmed

    def remove(self, job_id: str) -> None:
        """Forget a job (this computer's history only; Pictory keeps its video)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,))
            conn.execute("DELETE FROM job_bodies WHERE job_id = ?", (job_id,))

    def body_of(self, job_id: str) -> str | None:
        """The request body sent for ``job_id`` (JSON text), if it was kept."""
        with self._lock:
            row = self._conn.execute("SELECT body FROM job_bodies WHERE job_id = ?", (job_id,)).fetchone()
        return None if row is None else str(row["body"])

    def latest_sent(self, body_digest: str, api_base_url: str) -> JobRecord | None:
        """The newest render on this server whose body had this digest and that did not fail (a failed render
        costs nothing, so sending it again is expected). A preview of the same body is not a render of it."""
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM jobs WHERE body_digest = ? AND api_base_url = ? AND status != 'failed' "
                "AND kind = 'render' "
                "ORDER BY created_at DESC, rowid DESC LIMIT 1",
                (body_digest, api_base_url),
            ).fetchone()
        return None if row is None else _from_row(row)

    def update(self, job_id: str, **changes: Unpack[JobChanges]) -> JobRecord:
        """Change some fields of a job; return the job as now stored. Unknown job: KeyError."""
        unknown = set(changes) - set(COLUMNS)
        if unknown or "job_id" in changes:
            raise TypeError(f"Cannot change job field(s): {', '.join(sorted(unknown or {'job_id'}))}")
        with self._transaction() as conn:
            row = conn.execute("SELECT * FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
            if row is None:
                raise KeyError(job_id)
            # Rebuilding the record runs its validation on the merged values before anything is written.
            updated = dataclasses.replace(_from_row(row), **changes)
            stored = dict(zip(COLUMNS, _to_row(updated), strict=True))
            assignments = ", ".join(f"{name} = ?" for name in changes)
            if changes:
                conn.execute(
                    f"UPDATE jobs SET {assignments} WHERE job_id = ?",
                    (*(stored[name] for name in changes), job_id),
                )
        return updated

    def get(self, job_id: str) -> JobRecord | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        return None if row is None else _from_row(row)

    def list_recent(self, limit: int = 50) -> list[JobRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,)
            ).fetchall()
        return [_from_row(row) for row in rows]

    def unfinished(self) -> list[JobRecord]:
        """Jobs whose outcome is not known yet (oldest first), to resume watching after a restart."""
        marks = ", ".join("?" for _ in FINISHED_STATUSES)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM jobs WHERE status NOT IN ({marks}) ORDER BY created_at, rowid",
                tuple(sorted(FINISHED_STATUSES)),
            ).fetchall()
        return [_from_row(row) for row in rows]

    # -- batches ----------------------------------------------------------------------------------------

    def create_batch(
        self, key: str, name: str, *, template_digest: str, row_count: int, api_base_url: str | None
    ) -> int:
        """The id of the batch ``key`` (domain.batch.batch_key), created now unless it already exists: running
        the same batch again must find the rows it already sent, so it never starts a second copy."""
        with self._transaction() as conn:
            row = conn.execute("SELECT id FROM batches WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return int(row["id"])
            cursor = conn.execute(
                "INSERT INTO batches (key, name, created_at, template_digest, row_count, api_base_url) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, name, utc_now_iso(), template_digest, row_count, api_base_url),
            )
            return int(cursor.lastrowid or 0)

    def batch(self, batch_id: int) -> BatchRecord | None:
        rows = self._batches("WHERE b.id = ?", (batch_id,))
        return rows[0] if rows else None

    def batch_by_key(self, key: str) -> BatchRecord | None:
        rows = self._batches("WHERE b.key = ?", (key,))
        return rows[0] if rows else None

    def list_batches(self, limit: int = 50) -> list[BatchRecord]:
        """Batches, newest first, each with how many of its rows have a job."""
        return self._batches("ORDER BY b.created_at DESC, b.id DESC LIMIT ?", (limit,))

    def _batches(self, tail: str, params: tuple[object, ...]) -> list[BatchRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT b.*, (SELECT COUNT(*) FROM jobs j WHERE j.batch_id = b.id) AS rows_sent FROM batches b " + tail,
                params,
            ).fetchall()
        return [
            BatchRecord(
                int(r["id"]),
                str(r["key"]),
                str(r["name"]),
                str(r["created_at"]),
                str(r["template_digest"]),
                int(r["row_count"]),
                r["api_base_url"],
                int(r["rows_sent"]),
            )  # fmt: skip
            for r in rows
        ]

    def batch_rows_sent(self, batch_id: int) -> dict[int, JobRecord]:
        """{row number: its job} for every row of the batch that has a job record, confirmed or not. A row in
        here is never sent again."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM jobs WHERE batch_id = ? ORDER BY batch_row", (batch_id,)
            ).fetchall()
        return {int(row["batch_row"]): _from_row(row) for row in rows}

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
