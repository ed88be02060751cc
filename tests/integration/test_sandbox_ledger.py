"""The sandbox's AI-credit ledger (``GET /v1/aicredits/usage``) against what Pictory documents (D-ACU):
a bare array, newest first, of ``{transactionId, type, amount, source, description, plan, transactionDate}``;
the current month without parameters; ``year`` without ``month`` is 400 ``INVALID_REQUEST``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.sandbox.catalog import load_catalog
from pictory_desktop.sandbox.jobs import Account
from tests.integration.conftest import SANDBOX_KEY
from tests.timing import STOP_POLL, SandboxClock

KEY = {"Authorization": SANDBOX_KEY}
TIMEOUT = 5
DOCUMENTED_KEYS = {"transactionId", "type", "amount", "source", "description", "plan", "transactionDate"}
# 2026-03-31 23:58:00 UTC: two minutes before April begins (in UTC).
END_OF_MARCH = datetime(2026, 3, 31, 23, 58, tzinfo=UTC).timestamp()
FLUX_BODY = {
    "videoName": "ledger",
    "scenes": [{"story": "One.", "background": {"type": "image", "aiVisual": {"model": "flux-schnell"}}}],
}


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock(start=END_OF_MARCH)


@pytest.fixture
def server(clock: SandboxClock) -> Iterator[SandboxServer]:
    sandbox = SandboxServer(queue_seconds=0.2, render_seconds=0.6, clock=clock, stop_poll_seconds=STOP_POLL).start()
    try:
        yield sandbox
    finally:
        sandbox.stop()
    assert sandbox.errors == []


def usage(server: SandboxServer, query: str = "") -> requests.Response:
    return requests.get(f"{server.base_url}/v1/aicredits/usage{query}", headers=KEY, timeout=TIMEOUT)


def render_and_finish(server: SandboxServer, clock: SandboxClock) -> str:
    reply = requests.post(f"{server.base_url}/v2/video/storyboard/render", json=FLUX_BODY, headers=KEY, timeout=TIMEOUT)
    job_id: str = reply.json()["data"]["jobId"]
    clock.advance(1.0)
    assert (
        requests.get(f"{server.base_url}/v1/jobs/{job_id}", headers=KEY, timeout=TIMEOUT).json()["data"]["status"]
        == "completed"
    )
    return job_id


def test_a_render_is_one_debit_in_the_documented_shape(server: SandboxServer, clock: SandboxClock) -> None:
    job_id = render_and_finish(server, clock)
    entries = usage(server).json()
    assert isinstance(entries, list) and len(entries) == 1
    entry = entries[0]
    assert set(entry) == DOCUMENTED_KEYS
    assert entry["type"] == "debit" and entry["amount"] == 0.6  # flux-schnell: 0.6 credits, a JSON number
    assert job_id in entry["description"]
    assert entry["plan"] and entry["source"]
    when = datetime.fromisoformat(entry["transactionDate"].replace("Z", "+00:00"))
    assert when.tzinfo is not None and when.strftime("%Y-%m") == "2026-03"


def test_every_charge_is_recorded_once_and_the_quota_agrees(server: SandboxServer, clock: SandboxClock) -> None:
    for _ in range(3):
        render_and_finish(server, clock)
    entries: list[dict[str, Any]] = []
    for _ in range(3):  # looking again settles nothing twice
        entries = usage(server).json()
        assert [e["amount"] for e in entries] == [0.6, 0.6, 0.6]
    used = requests.get(f"{server.base_url}/v1/quota", headers=KEY, timeout=TIMEOUT).json()["aiCredits"]["used"]
    assert Decimal(str(used)) == sum((Decimal(str(e["amount"])) for e in entries), Decimal(0))


def test_newest_first_and_only_the_current_month_without_parameters(server: SandboxServer, clock: SandboxClock) -> None:
    server.account.record_transaction("debit", Decimal("3"), source="Text-to-Image", description="march")
    clock.advance(60)
    server.account.record_transaction("debit", Decimal("1.5"), source="AI Avatar", description="march later")
    assert [e["description"] for e in usage(server).json()] == ["march later", "march"]
    clock.advance(120)  # now 2026-04-01 00:01 UTC
    server.account.record_transaction("credit", Decimal("500"), source="Monthly Reset", description="reset")
    assert [(e["type"], e["source"]) for e in usage(server).json()] == [("credit", "Monthly Reset")]
    march = usage(server, "?year=2026&month=3").json()
    assert [e["amount"] for e in march] == [1.5, 3]
    assert usage(server, "?month=3").json() == march  # month alone: that month of the current year
    assert usage(server, "?year=2025&month=3").json() == []


@pytest.mark.parametrize("query", ["?year=2026", "?year=2026&month=13", "?year=2026&month=0", "?year=x&month=1"])
def test_bad_parameters_are_400_invalid_request(server: SandboxServer, query: str) -> None:
    reply = usage(server, query)
    assert reply.status_code == 400
    assert reply.json()["code"] == "INVALID_REQUEST"


def test_a_monthly_reset_credit_gives_the_credits_back(server: SandboxServer) -> None:
    server.account.record_transaction("debit", Decimal("7"), source="Text-to-Image")
    assert server.account.credit_used == Decimal(7)
    server.account.record_transaction("credit", Decimal("500"), source="Monthly Reset")
    assert server.account.credit_used == Decimal(0)


def test_ledger_entries_saved_before_the_documented_shape_are_answered_in_it(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    old_entry = {"transactionId": "t1", "type": "debit", "amount": "6", "source": "AI visuals", "jobId": "j1",
                 "createdAt": "2026-03-02T10:00:00Z"}  # fmt: skip
    state.write_text(json.dumps({"version": 1, "aiCredits": {"limit": "500", "used": "6"},
                                 "videoMinutes": {"limit": "600", "used": "0"}, "ledger": [old_entry], "jobs": []}))  # fmt: skip
    account = Account(catalog=load_catalog(), clock=lambda: END_OF_MARCH, credit_limit=Decimal(500), state_path=state)
    entries: list[dict[str, Any]] = account.usage(2026, 3)
    assert [set(e) for e in entries] == [DOCUMENTED_KEYS]
    assert entries[0]["transactionDate"] == "2026-03-02T10:00:00Z" and "j1" in entries[0]["description"]


def test_what_the_ledger_shows_debited_while_a_preview_ran_spans_the_months_it_touched(server: SandboxServer) -> None:
    """A preview's cost, which Pictory does not report on the job, read as the debits between its sending and
    its end (api.spending.debits_while): debits only, inside the span, across the turn of the month."""
    from pictory_desktop.api.client import PictoryClient
    from pictory_desktop.api.spending import debits_while

    account = server.account
    account.record_transaction("debit", Decimal("0.6"), source="Text-to-Image", when=END_OF_MARCH - 3600)  # before
    account.record_transaction("debit", Decimal(4), source="AI Visuals", when=END_OF_MARCH + 30)  # 31 March
    account.record_transaction("credit", Decimal(500), source="Monthly Reset", when=END_OF_MARCH + 150)  # 1 April
    account.record_transaction("debit", Decimal("2.5"), source="AI Visuals", when=END_OF_MARCH + 170)  # 1 April
    account.record_transaction("debit", Decimal(8), source="AI Visuals", when=END_OF_MARCH + 900)  # after
    client = PictoryClient(SANDBOX_KEY, server.base_url)
    start = datetime.fromtimestamp(END_OF_MARCH, UTC)
    end = datetime.fromtimestamp(END_OF_MARCH + 300, UTC)
    assert debits_while(client, start, end) == Decimal("6.5")
    asked = [r.path for r in server.requests_for("usage")]
    assert len(asked) == 2  # March and April, each once
