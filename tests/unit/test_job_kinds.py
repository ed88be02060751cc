"""Image tries are in the job history with what they cost (schema 5: each job's kind), and the Jobs panel says so."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.store.job_text import charged_text, failure_explanation, status_text, title_text
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID, SCHEMA_VERSION, JobRecord, JobStore

CATALOG = default_catalog()
PICTORY = "https://api.pictory.ai/pictoryapis"
# Written by the released version-4 code (main at e55834a), not rebuilt from today's migrations: a render with its
# body, a batch, and a batch row still being rendered.
SCHEMA_4_FILE = Path(__file__).parent / "data" / "jobs_schema4.sqlite3"

TRY = JobRecord.new(
    "img-job-1", "Launch teaser", Decimal("0.6"), False, api_base_url=PICTORY, kind="image", scene_number=2,
    model="flux-schnell",
)  # fmt: skip


def test_a_real_schema_4_history_migrates_and_its_jobs_become_renders(tmp_path: Path):
    path = tmp_path / "jobs.sqlite3"
    shutil.copyfile(SCHEMA_4_FILE, path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.close()
    with JobStore(path) as store:
        assert store.notices == []
        render = store.get("job-render-1")
        assert render is not None and render.kind == "render" and render.charged == Decimal("4.6")
        assert (render.scene_number, render.model) == (None, None)
        assert store.body_of("job-render-1") == '{"videoName": "Spring launch"}'
        row = store.get("job-batch-1")
        assert row is not None and row.kind == "render" and row.progress == 40 and row.batch_row == 1
        assert [j.job_id for j in store.unfinished()] == ["job-batch-1"]
        store.add(TRY)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    conn.close()
    with JobStore(path) as store:
        assert store.get("img-job-1") == TRY


def test_a_try_keeps_its_kind_scene_and_model_and_an_unknown_kind_is_refused(tmp_path: Path):
    with JobStore(tmp_path / "jobs.sqlite3") as store:
        store.add(TRY)
        done = store.update("img-job-1", status="completed", charged=Decimal("0.6"))
        assert (done.kind, done.scene_number, done.model) == ("image", 2, "flux-schnell")
        assert store.list_recent()[0] == done
    with pytest.raises(ValueError, match="kind"):
        replace(TRY, kind="song")  # the store's run-time guard: a wrong kind from elsewhere is refused


def test_the_jobs_panel_says_what_a_try_was_for_and_what_it_cost():
    assert title_text(TRY, CATALOG) == "Image try for scene 2 · Flux · 0.6 credits"
    charged = replace(TRY, status="completed", charged=Decimal("2"))
    assert title_text(charged, CATALOG) == "Image try for scene 2 · Flux · 2 credits"
    assert charged_text(charged) == (
        "Pictory charged 2 AI credits; the estimate was 0.6, so this try cost more than shown before sending."
    )
    sandbox = replace(TRY, api_base_url=SANDBOX_SERVER_ID, credits=Decimal(1))
    assert title_text(sandbox, CATALOG) == "Image try for scene 2 · Flux · 1 pretend credit"
    loose = replace(TRY, scene_number=None, model="mystery")
    assert title_text(loose, CATALOG) == "Image try · unknown model “mystery” · 0.6 credits"
    assert status_text(replace(TRY, status="in-progress"), watching=True, downloading=False) == "Making the image"


def test_renders_and_previews_read_as_before():
    render = JobRecord.new("job-1", "Spring launch", Decimal(6), True, api_base_url=PICTORY)
    assert title_text(render, CATALOG) == "Spring launch"
    assert title_text(replace(render, kind="preview"), CATALOG) == "Preview of Spring launch"
    failed = replace(render, status="failed", error_message="Boom")
    assert (failure_explanation(failed) or "").startswith("Pictory could not make this video: Boom.")


def test_a_failed_try_is_explained_as_a_try():
    failed = replace(TRY, status="failed", error_message="Prompt rejected", error_code="INSUFFICIENT_CREDITS")
    text = failure_explanation(failed) or ""
    assert text.startswith("Pictory could not make this image: Prompt rejected.")
    assert "cheaper model" in text and "render" not in text
    assert "try again" in (failure_explanation(replace(failed, error_code=None)) or "")
