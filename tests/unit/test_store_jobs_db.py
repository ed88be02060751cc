from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.store.jobs_db import COLUMNS, MIGRATIONS, SCHEMA_VERSION, JobRecord, JobStore
from pictory_desktop.store.paths import AppPaths

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture
def db_path(pictory_home: Path) -> Path:
    return AppPaths.from_environment().jobs_db_file


def job(job_id: str = "job-1", **fields: Any) -> JobRecord:
    """A job as the app records it after a send; ``fields`` change any of its values."""
    record = JobRecord(
        job_id=job_id,
        name="Spring launch",
        created_at="2026-03-01T10:00:00+00:00",
        credits=Decimal("4.2"),
        estimated=True,
    )
    return replace(record, **fields)


def test_add_get_and_survive_a_restart(db_path: Path) -> None:
    record = job(
        api_base_url="https://api.pictory.ai/pictoryapis",
        project_path="/p/spring.pictory.json",
        scene_count=3,
    )
    with JobStore(db_path) as store:
        assert store.notices == []
        store.add(record)
    with JobStore(db_path) as reopened:
        assert reopened.get("job-1") == record
        assert reopened.get("missing") is None


def test_file_is_wal_and_versioned(db_path: Path) -> None:
    JobStore(db_path).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


@pytest.mark.parametrize("amount", ["0.6", "1.20", "0.1", "1234567890.123456789", "0", "14"])
def test_credits_round_trip_exactly_as_text(db_path: Path, amount: str) -> None:
    with JobStore(db_path) as store:
        store.add(job(credits=Decimal(amount)))
    with JobStore(db_path) as store:
        stored = store.get("job-1")
    assert stored is not None
    assert stored.credits == Decimal(amount) and str(stored.credits) == amount
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT typeof(credits), credits FROM jobs").fetchone() == ("text", amount)
    conn.close()


def test_float_credits_and_bad_status_are_refused() -> None:
    with pytest.raises(ValueError):
        job(credits=0.6)
    with pytest.raises(ValueError):
        job(status="done")
    with pytest.raises(ValueError):
        job(created_at="2026-03-01T10:00:00")  # no offset: not knowably UTC


def test_update_changes_fields_and_validates(db_path: Path) -> None:
    with JobStore(db_path) as store:
        store.add(job())
        updated = store.update("job-1", status="in-progress", progress=40, message="Generating video")
        assert updated.progress == 40
        store.update(
            "job-1",
            status="completed",
            progress=100,
            video_url="https://cdn.example/v.mp4",
            credits=Decimal("4.8"),
            estimated=False,
        )
        final = store.get("job-1")
        assert final is not None
        assert final.status == "completed" and final.credits == Decimal("4.8") and not final.estimated
        # Wrong on purpose: the type checker refuses these, and the store must refuse them at run time too.
        with pytest.raises(ValueError):
            store.update("job-1", status="exploded")  # pyright: ignore[reportArgumentType]
        assert store.get("job-1") == final  # a refused update changes nothing
        with pytest.raises(TypeError):
            store.update("job-1", api_key="pictai_x")  # pyright: ignore[reportCallIssue]
        with pytest.raises(KeyError):
            store.update("nope", status="failed")
        with pytest.raises(ValueError, match="already"):
            store.add(job())


def test_list_recent_and_unfinished(db_path: Path) -> None:
    statuses = ["completed", "failed", "in-progress", "submitted", "stopped-watching", "unknown"]
    with JobStore(db_path) as store:
        for day, status in enumerate(statuses, start=1):
            store.add(job(f"job-{day}", created_at=f"2026-03-0{day}T10:00:00+00:00", status=status))
        recent = store.list_recent(limit=3)
        assert [r.job_id for r in recent] == ["job-6", "job-5", "job-4"]
        assert [r.status for r in store.unfinished()] == [
            "in-progress",
            "submitted",
            "stopped-watching",
            "unknown",
        ]


def test_several_threads_updating_at_once(db_path: Path) -> None:
    store = JobStore(db_path)
    jobs = [f"job-{n}" for n in range(4)]
    for job_id in jobs:
        store.add(job(job_id, status="in-progress", progress=0))
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker(job_id: str, offset: int) -> None:
        try:
            start.wait()
            for progress in range(offset, 100, 2):
                store.update(job_id, progress=progress, message=f"step {progress}")
                store.get(job_id)
                store.list_recent(10)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)

    # Two threads per job, so writes to the same row interleave too.
    threads = [threading.Thread(target=worker, args=(j, o)) for j in jobs for o in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    for job_id in jobs:
        record = store.get(job_id)
        assert record is not None and record.progress in (98, 99)
    store.close()


def test_no_column_for_the_api_key(db_path: Path) -> None:
    JobStore(db_path).close()
    conn = sqlite3.connect(db_path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(jobs)")]
    conn.close()
    assert sorted(columns) == sorted(COLUMNS)
    assert not [c for c in columns if "key" in c or "token" in c or "secret" in c]


def test_corrupt_database_is_set_aside_with_wal_and_shm(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not a database at all" * 200)
    Path(f"{db_path}-wal").write_bytes(b"wal bytes")
    Path(f"{db_path}-shm").write_bytes(b"shm bytes")

    with JobStore(db_path, now=NOW) as store:
        aside = db_path.with_name("jobs.sqlite3.broken-20260304T050607Z")
        assert aside.read_bytes().startswith(b"this is not a database")
        assert Path(f"{aside}-wal").read_bytes() == b"wal bytes"
        # The -shm file is only SQLite's shared-memory index (rebuilt from the WAL), so its bytes may change.
        assert Path(f"{aside}-shm").exists()
        assert len(store.notices) == 1
        assert "damaged" in store.notices[0] and str(aside) in store.notices[0]
        store.add(job())  # the fresh database works
        assert store.get("job-1") is not None


def test_newer_database_is_set_aside_unchanged(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE jobs (job_id TEXT PRIMARY KEY, future_column TEXT)")
    conn.execute("INSERT INTO jobs VALUES ('from-the-future', 'x')")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    original = db_path.read_bytes()

    with JobStore(db_path, now=NOW) as store:
        aside = db_path.with_name("jobs.sqlite3.broken-20260304T050607Z")
        assert aside.read_bytes() == original  # not even switched to WAL
        assert "newer version" in store.notices[0] and str(aside) in store.notices[0]
        assert store.list_recent() == []


def test_migration_from_an_empty_version_0_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(db_path).close()  # an empty SQLite file: user_version 0, no tables
    with JobStore(db_path) as store:
        assert store.notices == []
        store.add(job())


def test_migration_from_version_1_keeps_existing_jobs(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO jobs (job_id, name, created_at, credits, estimated, status, progress, video_url) "
        "VALUES ('old-job', 'Made by version 1', '2026-01-01T09:00:00+00:00', '2.6', 0, 'completed', 100, "
        "'https://cdn.example/old.mp4')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with JobStore(db_path) as store:
        assert store.notices == []
        old = store.get("old-job")
        assert old is not None
        assert old.credits == Decimal("2.6") and old.status == "completed"
        assert old.video_url == "https://cdn.example/old.mp4"
        assert old.api_base_url is None and old.project_path is None and old.scene_count is None
        store.update("old-job", scene_count=2)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_two_instances_opening_an_old_file_together_migrate_it_once(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    stores: list[JobStore] = []
    start = threading.Barrier(2)

    def open_store() -> None:
        start.wait()
        stores.append(JobStore(db_path))

    threads = [threading.Thread(target=open_store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(stores) == 2
    assert [s.notices for s in stores] == [[], []]  # neither mistook the other's migration for damage
    assert not list(db_path.parent.glob("*.broken-*"))
    for store in stores:
        store.close()


def test_the_sent_body_and_its_digest_are_kept_and_a_repeat_is_found(tmp_path):
    """What the 'you rendered this before' question and 'Open its storyboard' stand on (issue 11)."""
    body = '{"videoName": "Launch", "scenes": [{"story": "Hello."}]}'
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        store.add(JobRecord.new("job-1", "Launch", Decimal(2), False, api_base_url="A", body_digest="d1"), body=body)
        store.add(JobRecord.new("job-2", "Launch", Decimal(2), False, api_base_url="B", body_digest="d1"))
        store.add(JobRecord.new("job-3", "Other", Decimal(1), False, api_base_url="A", body_digest="d2"))
        store.update("job-3", status="failed")
        found = store.latest_sent("d1", "A")
        assert found is not None and found.job_id == "job-1"
        assert store.latest_sent("d2", "A") is None  # a failed render cost nothing: sending it again is expected
        assert store.latest_sent("d1", "C") is None  # another server's job is not this one
        assert store.body_of("job-1") == body and store.body_of("job-2") is None
    with JobStore(tmp_path / "jobs.sqlite3") as reopened:
        again = reopened.get("job-1")
        assert again is not None and again.body_digest == "d1"


# ------------------------------------------------------------------------------------------ batches (v4)


def _schema_3_file(path: Path) -> None:
    """A history as version 3 wrote it, with real rows: a finished job with its body, and an unconfirmed one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    for version in range(3):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO jobs (job_id, name, created_at, credits, estimated, status, progress, video_url, api_base_url, "
        "project_path, scene_count, charged, body_digest) VALUES ('v3-job', 'Made by version 3', "
        "'2026-02-01T09:00:00+00:00', '1.8', 1, 'completed', 100, 'https://cdn.example/v3.mp4', 'https://api', "
        "'/p/launch.json', 3, '1.8', 'digest-3')"
    )
    conn.execute("INSERT INTO job_bodies (job_id, body) VALUES ('v3-job', '{\"videoName\": \"x\"}')")
    conn.execute(
        "INSERT INTO jobs (job_id, name, created_at, credits, estimated, status, error_message) VALUES "
        "('unconfirmed-abc', 'Lost answer', '2026-02-02T09:00:00+00:00', '0.6', 0, 'unknown', 'check first')"
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()


def test_migration_from_version_3_keeps_jobs_and_adds_batches(db_path: Path) -> None:
    _schema_3_file(db_path)
    with JobStore(db_path) as store:
        assert store.notices == []
        old = store.get("v3-job")
        assert old is not None and old.charged == Decimal("1.8") and old.body_digest == "digest-3"
        assert old.batch_id is None and old.batch_row is None
        assert store.body_of("v3-job") == '{"videoName": "x"}'
        lost = store.get("unconfirmed-abc")
        assert lost is not None and lost.unconfirmed and lost.error_message == "check first"
        assert store.list_batches() == []
        batch = store.create_batch("key", "Spring", template_digest="t", row_count=2, api_base_url="https://api")
        store.add(job("new-job"), batch=(batch, 1))
        assert list(store.batch_rows_sent(batch)) == [1]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_batch_is_found_again_by_its_key_with_the_rows_it_sent(db_path: Path) -> None:
    with JobStore(db_path) as store:
        first = store.create_batch("k1", "Spring", template_digest="t", row_count=3, api_base_url="A")
        assert store.create_batch("k1", "Spring", template_digest="t", row_count=3, api_base_url="A") == first
        other = store.create_batch("k2", "Autumn", template_digest="t", row_count=1, api_base_url="A")
        store.add(job("job-1"), batch=(first, 1))
        store.add(job("unconfirmed-2", status="unknown"), batch=(first, 3))
        store.add(job("job-3"), batch=(other, 1))
    with JobStore(db_path) as store:  # survives a restart
        sent = store.batch_rows_sent(first)
        assert {row: record.job_id for row, record in sent.items()} == {1: "job-1", 3: "unconfirmed-2"}
        assert sent[3].unconfirmed and not sent[1].unconfirmed
        found = store.batch_by_key("k1")
        assert found is not None and (found.batch_id, found.row_count, found.rows_sent) == (first, 3, 2)
        assert [b.name for b in store.list_batches()] == ["Autumn", "Spring"]
        assert store.batch_by_key("nope") is None


def test_a_batch_row_can_never_get_a_second_job(db_path: Path) -> None:
    from pictory_desktop.store.jobs_db import RowAlreadySent

    with JobStore(db_path) as store:
        batch = store.create_batch("k", "Spring", template_digest="t", row_count=2, api_base_url="A")
        store.add(job("unconfirmed-1", status="unknown"), batch=(batch, 1))
        with pytest.raises(RowAlreadySent, match="Row 1 .*not sent again"):
            store.add(job("job-other"), batch=(batch, 1))
        assert store.get("job-other") is None
        # Confirming the unconfirmed attempt keeps it on its row (one job per row at every moment).
        confirmed = store.confirm("unconfirmed-1", "job-1")
        assert (confirmed.batch_id, confirmed.batch_row) == (batch, 1)
        assert {r: j.job_id for r, j in store.batch_rows_sent(batch).items()} == {1: "job-1"}
    # Even a write that goes round the store's check is refused by the database itself.
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO jobs (job_id, name, created_at, credits, estimated, status, batch_id, batch_row) "
            "VALUES ('job-sneaky', 'x', '2026-01-01T00:00:00+00:00', '1', 0, 'submitted', ?, 1)",
            (batch,),
        )
    conn.close()
