"""What a monthly limit is checked against: this month's AI-credit ledger as Pictory records it, and the
renders this computer sent that are still running (Pictory charges a render when it completes, so they are
not in the ledger yet). Read once before sending, by the command line (blocking) and by the window (in a
worker); both then decide with ``domain.limits.spend_verdict``, which this module does not import (the api
takes no domain values): it hands back plain values for the caller to pass on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from .errors import PictoryError, Unauthorized
from .results import JobInProgress, LedgerEntry

if TYPE_CHECKING:  # the window imports this module at start; requests (with the client) comes with the first worker
    from .client import PictoryClient

ZERO = Decimal(0)


class SentRender(Protocol):
    """What is read of one render in this computer's history (``store.jobs_db.JobRecord`` has these)."""

    @property
    def job_id(self) -> str: ...

    @property
    def created_at(self) -> str: ...  # ISO 8601; a time without a zone is taken as UTC

    @property
    def credits(self) -> Decimal: ...

    @property
    def api_base_url(self) -> str | None: ...


@dataclass(frozen=True)
class MonthSpending:
    """``ledger``: the month's transactions, or None when they could not be read (``problem`` says why, in a
    sentence for the user). ``pending``: the cost of this computer's renders of the month still running
    (zero when the ledger could not be read: the month is unknown anyway)."""

    ledger: list[LedgerEntry] | None
    problem: str | None = None
    pending: Decimal = ZERO


def _month_of(created_at: str) -> tuple[int, int]:
    when = datetime.fromisoformat(created_at)
    utc = when.astimezone(UTC) if when.tzinfo is not None else when
    return utc.year, utc.month


def pending_credits(
    client: PictoryClient, records: Iterable[SentRender], year: int, month: int, server_ids: Collection[str]
) -> Decimal:
    """The cost of renders sent to this server (a record's ``api_base_url`` in ``server_ids``, or unknown) in
    ``year``-``month`` (UTC) that are still running. The history alone cannot say (a render sent without
    following it stays "submitted" there after Pictory finished and charged it, and would be counted twice),
    so each one is looked up; one whose status cannot be read is counted, on the safe side. A rejected key
    stops the reading (it would fail the render too)."""
    total = ZERO
    for record in records:
        if (record.api_base_url is not None and record.api_base_url not in server_ids) or record.credits <= 0:
            continue
        try:
            if _month_of(record.created_at) != (year, month):
                continue
        except ValueError:
            pass  # a date this history cannot read: counted, on the safe side
        try:
            running = isinstance(client.job(record.job_id), JobInProgress)
        except Unauthorized:
            raise
        except PictoryError:
            running = True
        if running:
            total += record.credits
    return total


def month_spending(
    client: PictoryClient,
    year: int,
    month: int,
    *,
    unfinished: Iterable[SentRender] = (),
    server_ids: Collection[str] = (),
) -> MonthSpending:
    """This month's ledger and the renders still running. Any failure to read the ledger is kept as the
    ``problem`` (the caller refuses under a limit); a rejected key (``Unauthorized``) is raised."""
    try:
        ledger = client.credit_usage(year, month)
    except Unauthorized:
        raise
    except PictoryError as error:
        return MonthSpending(None, error.user_message)
    return MonthSpending(ledger, None, pending_credits(client, unfinished, year, month, server_ids))


def _months_from(start: datetime, end: datetime) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def debits_while(client: PictoryClient, start: datetime, end: datetime) -> Decimal:
    """The AI credits the ledger shows debited from ``start`` to ``end`` (both timezone-aware): what a job
    that does not report its own cost (a preview) spent, as closely as the account can tell — other spending
    in the same time is counted too, and the caller says so. Reads each calendar month (UTC) the span
    touches; any ``PictoryError`` is raised (a read, so the client has retried it already)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    total = ZERO
    for year, month in _months_from(start, end):
        for entry in client.credit_usage(year, month):
            if entry.is_debit and entry.date is not None and start <= entry.date <= end:
                total += entry.amount
    return total
