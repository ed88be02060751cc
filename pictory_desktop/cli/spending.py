"""The user's own spending limits on the command line: `render` and `batch` call
``check_spending`` once for everything about to be sent, before asking and before sending anything.

The decision itself is ``domain.limits.spend_verdict``, which the window makes too; this module only reads
what it needs: the settings file the app uses, then (only when a monthly limit is set and something costs
credits) ``api.spending.month_spending``: this month's ledger and the renders this computer sent that have
not finished (not charged yet), read the same way the window reads them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

from ..api.client import PictoryClient
from ..api.spending import MonthSpending, month_spending
from ..domain.limits import SpendingLimits, SpendVerdict, ledger_month, spend_verdict
from ..store.jobs_db import JobRecord
from ..store.paths import AppPaths
from ..store.settings import Settings


def read_limits(paths: AppPaths) -> SpendingLimits:
    """The limits from the app's own settings file; a notice about that file goes to stderr, as the window shows it."""
    settings = Settings.for_paths(paths)
    for notice in settings.notices:
        print(f"Note: {notice}", file=sys.stderr)
    return settings.spending_limits()


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
    spending = MonthSpending(None)
    if limits.needs_ledger and cost > 0:
        year, month = ledger_month(now)
        spending = month_spending(client, year, month, unfinished=unfinished, server_ids=(client.base_url,))
    return spend_verdict(
        limits,
        cost,
        what,
        now=now,
        ledger=spending.ledger,
        problem=spending.problem,
        pending=spending.pending,
        estimated=estimated,
    )
