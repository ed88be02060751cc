"""The AI-credit ledger (``GET /v1/aicredits/usage``): what the client asks for and how it reads the reply."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pictory_desktop.api import parsing
from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import BadResponse, PictoryError

from .test_client_fakeserver import KEY, FakeServer, Reply, server_fixture  # noqa: F401

USAGE = "/v1/aicredits/usage"
# The example of Pictory's reference page (D-ACU), newest first.
DOCUMENTED = [
    {"transactionId": "tx-3", "type": "debit", "amount": 0.6, "source": "Text-to-Image",
     "description": "Image generation", "plan": "API Annual", "transactionDate": "2026-03-14T09:30:00.000Z"},
    {"transactionId": "tx-2", "type": "debit", "amount": 12, "source": "AI Avatar",
     "description": "Avatar video", "plan": "API Annual", "transactionDate": "2026-03-10T18:00:00Z"},
    {"transactionId": "tx-1", "type": "credit", "amount": 22000, "source": "Monthly Reset",
     "description": "Monthly credit reset", "plan": "API Annual", "transactionDate": "2026-03-01T00:00:00Z"},
]  # fmt: skip


def raw(value: Any) -> bytes:
    return json.dumps(value).encode()


def test_the_documented_reply() -> None:
    entries = parsing.ledger(raw(DOCUMENTED))
    assert [(e.transaction_id, e.type, e.amount, e.source) for e in entries] == [
        ("tx-3", "debit", Decimal("0.6"), "Text-to-Image"),
        ("tx-2", "debit", Decimal(12), "AI Avatar"),
        ("tx-1", "credit", Decimal(22000), "Monthly Reset"),
    ]
    assert entries[0].date == datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    assert entries[0].plan == "API Annual" and entries[0].description == "Image generation"
    assert entries[0].is_debit and not entries[2].is_debit
    assert entries[0].raw == DOCUMENTED[0]


def test_amounts_are_exact_and_dates_keep_their_zone() -> None:
    (entry,) = parsing.ledger(raw([{"type": "DEBIT", "amount": "1.8", "transactionDate": "2026-03-01T01:00:00+02:00"}]))
    assert entry.type == "debit" and entry.amount == Decimal("1.8")
    assert entry.date == datetime(2026, 3, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    assert entry.transaction_id is None and entry.source is None


@pytest.mark.parametrize("date", [None, "", "yesterday", 1741900000, "2026-13-01T00:00:00Z"])
def test_a_date_that_cannot_be_read_is_none_not_a_failure(date: Any) -> None:
    (entry,) = parsing.ledger(raw([{"type": "debit", "amount": 1, "transactionDate": date}]))
    assert entry.date is None and entry.amount == 1


def test_a_date_without_a_zone_is_taken_as_utc() -> None:
    (entry,) = parsing.ledger(raw([{"type": "debit", "amount": 1, "transactionDate": "2026-03-01T00:00:00"}]))
    assert entry.date == datetime(2026, 3, 1, tzinfo=UTC)


def test_an_unknown_type_is_kept_as_sent() -> None:
    (entry,) = parsing.ledger(raw([{"type": "Adjustment", "amount": 3}]))
    assert entry.type == "adjustment" and not entry.is_debit


def test_an_empty_month_and_a_data_wrapper() -> None:
    assert parsing.ledger(raw([])) == []
    assert len(parsing.ledger(raw({"data": DOCUMENTED}))) == 3


@pytest.mark.parametrize(
    "item",
    [
        "garbage",
        {"type": "debit"},
        {"type": "debit", "amount": "lots"},
        {"type": "debit", "amount": True},
        {"type": "debit", "amount": None},
        {"amount": 5},
        {"type": "", "amount": 5},
    ],
)
def test_one_entry_that_cannot_be_read_makes_the_month_unknown_not_smaller(item: Any) -> None:
    # Skipping it could hide a debit, and a monthly limit is checked against these entries.
    with pytest.raises(BadResponse) as caught:
        parsing.ledger(raw([DOCUMENTED[0], item]))
    assert "spending is unknown" in caught.value.user_message


@pytest.mark.parametrize("body", [b"<html>502</html>", b'{"data": "x"}', b'{"success": false}', b"[{", b"5"])
def test_a_reply_that_is_not_a_list(body: bytes) -> None:
    with pytest.raises(BadResponse) as caught:
        parsing.ledger(body)
    assert "AI-credit history" in caught.value.user_message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
near_entries = st.fixed_dictionaries(
    {}, optional={key: json_values for key in ("transactionId", "type", "amount", "source", "transactionDate")}
)


@settings(max_examples=300, deadline=None)
@given(json_values | st.lists(near_entries | json_values, max_size=4))
def test_no_reply_escapes_as_anything_but_a_pictory_error(value: Any) -> None:
    try:
        parsing.ledger(json.dumps(value).encode())
    except PictoryError:
        pass


# ---- the request --------------------------------------------------------------------------------------


def client_for(server: FakeServer) -> PictoryClient:
    return PictoryClient(KEY, server.base_url, sleep=lambda _: None)


def test_without_arguments_it_asks_for_pictorys_current_month(server: FakeServer) -> None:
    server.on("GET", USAGE, Reply(200, DOCUMENTED))
    assert len(client_for(server).credit_usage()) == 3
    assert server.requests[-1].path == USAGE


def test_year_and_month_go_together(server: FakeServer) -> None:
    server.on("GET", USAGE, Reply(200, []))
    assert client_for(server).credit_usage(2026, 3) == []
    assert server.requests[-1].path == f"{USAGE}?year=2026&month=3"


@pytest.mark.parametrize(("year", "month"), [(2026, None), (None, 3), (2026, 0), (2026, 13), (0, 1)])
def test_a_partial_or_impossible_month_is_refused_before_anything_is_sent(
    server: FakeServer, year: int | None, month: int | None
) -> None:
    # Pictory answers year without month with 400; month without year would leave the year to guesswork.
    with pytest.raises(ValueError):
        client_for(server).credit_usage(year, month)
    assert server.requests == []


def test_a_5xx_is_retried_like_a_get(server: FakeServer) -> None:
    server.on("GET", USAGE, Reply(500, {"message": "boom"}), Reply(200, DOCUMENTED))
    assert len(client_for(server).credit_usage(2026, 3)) == 3
    assert len(server.hits("GET", USAGE)) == 2
