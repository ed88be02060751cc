"""What the Jobs panel says about a job's cost: the estimate, then what Pictory charged (issue 11, item 7)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pictory_desktop.store.job_text import charged_text, credits_text
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID, JobRecord

PICTORY = "https://api.pictory.ai/pictoryapis"
JOB = JobRecord.new("job-1", "Autumn launch", Decimal(6), True, status="completed", api_base_url=PICTORY)


def test_before_pictory_says_the_column_shows_the_estimate():
    assert credits_text(JOB) == "about 6"
    assert charged_text(JOB) is None


def test_a_charge_equal_to_the_estimate_is_said_once():
    done = replace(JOB, charged=Decimal(6))
    assert credits_text(done) == "6"
    assert charged_text(done) == "Pictory charged 6 AI credits, as estimated."


def test_a_different_charge_is_marked_and_explained():
    done = replace(JOB, charged=Decimal("8.4"))
    assert credits_text(done) == "8.4 ≠ est. 6"
    assert charged_text(done) == (
        "Pictory charged 8.4 AI credits; the estimate was 6, so this render cost more than shown before sending."
    )


def test_sandbox_amounts_stay_pretend():
    done = replace(JOB, api_base_url=SANDBOX_SERVER_ID, charged=Decimal("4.8"))
    assert credits_text(done) == "4.8 ≠ est. 6 (pretend)"
    assert "pretend credits" in (charged_text(done) or "")


def test_a_previews_cost_from_the_ledger_is_said_as_a_reading_of_the_account_not_a_charge():
    preview = replace(JOB, kind="preview", ledger_debits=Decimal("4.6"))
    assert credits_text(preview) == "4.6 in ledger, est. ≤ 6"
    assert charged_text(preview) == (
        "Pictory does not report what a preview costs. Your AI-credit ledger shows 4.6 AI credits debited while it "
        "was being made (other spending at the same time counts too); the most it could cost was 6."
    )
    assert charged_text(replace(preview, charged=Decimal(6))) == "Pictory charged 6 AI credits, as estimated."
