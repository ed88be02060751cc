"""The user's own spending limits on the command line: `render` (and, when it comes, `batch`) call
``check_spending`` once for everything about to be sent, before asking and before sending anything.

The decision itself is ``domain.limits.spend_verdict``, which the window makes too; this module only reads
what it needs: the settings file the app uses, this month's ledger (only when a monthly limit is set and
something costs credits), and the renders this computer sent that have not finished (not charged yet).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from ..api.client import PictoryClient
from ..api.errors import PictoryError, Unauthorized
from ..api.results import JobInProgress
from ..domain.limits import SpendingLimits, SpendVerdict, ledger_month, spend_verdict
from ..store.jobs_db import JobRecord
from ..store.paths import AppPaths
from ..store.settings import Settings

ZERO = Decimal(0)


def read_limits(paths: AppPaths) -> SpendingLimits:
    """The limits from the app's own settings file; a notice about that file goes to stderr, as the window shows it."""
    settings = Settings.for_paths(paths)
    for notice in settings.notices:
        print(f"Note: {notice}", file=sys.stderr)
    return settings.spending_limits()


def pending_credits(client: PictoryClient, records: Iterable[JobRecord], now: datetime) -> Decimal:
    """The cost of renders sent to this server this month (UTC) that are still running: Pictory charges a render
    when it completes, so they are not in the ledger yet. The history alone cannot say (a render sent without
    --wait stays "submitted" there after Pictory finished and charged it, and would be counted twice), so each
    one is looked up; one whose status cannot be read is counted, on the safe side."""
    month = ledger_month(now)
    total = ZERO
    for record in records:
        if record.api_base_url not in (None, client.base_url) or record.credits <= 0:
            continue
        if ledger_month(datetime.fromisoformat(record.created_at)) != month:
            continue
        try:
            running = isinstance(client.job(record.job_id), JobInProgress)
        except Unauthorized:
            raise
        except PictoryError:
            running = True
        if running:
            total += record.credits
    return total


def check_spending(
    client: PictoryClient,
    limits: SpendingLimits,
    cost: Decimal,
    what: str,
    *,
    estimated: bool = False,
    unfinished: Iterable[JobRecord] = (),
    now: datetime | None = None,
) -> SpendVerdict:
    """Whether ``what`` (e.g. "this render", "these 3 renders") costing ``cost`` may be sent, and whether to ask.

    Reads the ledger only when a monthly limit is set and ``cost`` is above zero. A rejected key stops the
    command (it would fail the render too); any other failure to read leaves the month unknown, which refuses
    under a limit, with the reason in the sentence."""
    now = now or datetime.now(UTC)
    ledger = None
    problem: str | None = None
    pending = ZERO
    if limits.needs_ledger and cost > 0:
        year, month = ledger_month(now)
        try:
            ledger = client.credit_usage(year, month)
        except Unauthorized:
            raise
        except PictoryError as error:
            problem = error.user_message
        if ledger is not None:
            pending = pending_credits(client, unfinished, now)
    return spend_verdict(
        limits, cost, what, now=now, ledger=ledger, problem=problem, pending=pending, estimated=estimated
    )
