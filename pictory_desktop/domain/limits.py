"""The user's own spending limits: ask above N credits, and never cross a monthly AI-credit limit.

Pure: the ledger comes in as values (anything with ``type``, ``amount`` and ``date``, such as the api's
``LedgerEntry``), the time as an argument. The window and the command line both decide with
``spend_verdict``; they differ only in how they read the ledger (a worker thread, or a blocking call).

Decisions, where Pictory documents nothing:

* **What counts as spending.** Every ``debit`` of the month, at its full amount. Credits are not subtracted:
  a "Monthly Reset" is Pictory refilling the balance, not the user spending less, and what a refund looks
  like is not documented; counting gross debits can only make the month look more spent, never less. Entries
  of any other type are not spending. A debit whose date cannot be read is counted (it came back for the
  month asked for). The ledger is the account's, so spending made elsewhere (Pictory's web app, another tool
  with the same key) counts too: the limit is on the account's month, as the user's budget is.
* **Which month.** The calendar month in UTC. The ledger is asked for by ``year`` and ``month`` and Pictory
  says nothing about a zone, so the app asks for, and counts, the month in UTC (a server's month); counting
  the user's local month would disagree with what the ledger answers for the first or last hours of every
  month. Pictory's own monthly reset date is not documented and may be a billing anniversary: the limit is
  the user's budget per calendar month, not Pictory's credit cycle.
* **When the ledger cannot be read** while a monthly limit is set, a render that costs anything is refused,
  with the reason: a limit the app cannot check is not silently skipped. A render that costs nothing is
  never refused (it cannot cross a limit). Without a monthly limit, the ledger is not read at all.
* **At the limit** is allowed: spent + cost == limit goes; one hundredth more is refused. An estimate (≈)
  counts at its estimated figure, which the estimate makes high rather than low.
* **Renders still running** have not been charged yet (Pictory charges when a job completes); the caller
  passes their cost as ``pending`` so two renders sent a minute apart cannot both fit under the limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from .catalog import format_credits

ZERO = Decimal(0)


class LedgerLine(Protocol):
    """What the limits read of one ledger transaction (``api.results.LedgerEntry`` has these)."""

    @property
    def type(self) -> str: ...

    @property
    def amount(self) -> Decimal: ...

    @property
    def date(self) -> datetime | None: ...


@dataclass(frozen=True)
class SpendingLimits:
    """``confirm_above``: None asks before every render; N asks only when a render costs more than N (the cost
    is still shown). ``monthly_limit``: None is no limit; N refuses a render that would take this month's
    debits above N."""

    confirm_above: Decimal | None = None
    monthly_limit: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("confirm_above", "monthly_limit"):
            value = getattr(self, name)
            if value is not None and (not value.is_finite() or value < 0):
                raise ValueError(f"{name} must be a number of credits of 0 or more.")

    @property
    def needs_ledger(self) -> bool:
        """Whether deciding needs this month's ledger (only with a monthly limit)."""
        return self.monthly_limit is not None


@dataclass(frozen=True)
class SpendVerdict:
    allowed: bool
    needs_confirmation: bool  # ask the user before sending (False when refused: there is nothing to ask)
    sentence: str  # says the cost, and what is left of the monthly limit or why it was refused


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware time.")
    return now.astimezone(UTC)


def ledger_month(now: datetime) -> tuple[int, int]:
    """(year, month) of ``now`` in UTC: the month whose ledger the limit is checked against."""
    utc = _utc(now)
    return utc.year, utc.month


def debits_this_month(entries: Iterable[LedgerLine], now: datetime) -> Decimal:
    """The month's spending: every debit dated in ``now``'s calendar month (UTC), or undated; nothing taken off."""
    year, month = ledger_month(now)
    spent = ZERO
    for entry in entries:
        if entry.type.strip().lower() != "debit":
            continue
        when = entry.date
        if when is not None:
            utc = when.astimezone(UTC) if when.tzinfo is not None else when
            if (utc.year, utc.month) != (year, month):
                continue
        spent += abs(entry.amount)  # a ledger that writes debits as negative numbers still spends
    return spent


def _credits(value: Decimal, *, estimated: bool = False) -> str:
    mark = "≈" if estimated else ""
    unit = "AI credit" if value == 1 and not estimated else "AI credits"
    return f"{mark}{format_credits(value)} {unit}"


def _plain(value: Decimal) -> str:
    return format_credits(value)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_spend(
    limits: SpendingLimits, spent_this_month: Decimal | None, cost: Decimal, what: str, *, estimated: bool = False,
    problem: str | None = None,
) -> SpendVerdict:  # fmt: skip
    """May ``what`` (e.g. "this render", "these 3 renders") that costs ``cost`` be sent, and must the user be asked?

    ``spent_this_month``: this month's debits (plus renders still running), or None when they could not be
    read; ``problem`` then says why, for the sentence. ``estimated``: the cost is an estimate (≈)."""
    if not cost.is_finite() or cost < 0:
        raise ValueError("cost must be a number of credits of 0 or more.")
    subject = _capital(what.strip() or "this render")
    asks = limits.confirm_above is None or cost > limits.confirm_above
    limit = limits.monthly_limit
    price = _credits(cost, estimated=estimated)
    if cost == 0:
        return SpendVerdict(True, asks, f"{subject} spends no AI credits.")
    if limit is None:
        return SpendVerdict(True, asks, f"{subject} will spend {price}.")
    if spent_this_month is None:
        why = f" ({problem.strip().rstrip('.')})" if problem and problem.strip() else ""
        return SpendVerdict(
            False,
            False,
            f"{subject} would cost {price}, but this month's AI-credit spending could not be read from Pictory"
            f"{why}, so your monthly limit of {_plain(limit)} credits cannot be checked. Nothing was sent. "
            "Try again in a few minutes, or remove the monthly limit in Settings.",
        )
    left = max(ZERO, limit - spent_this_month)
    over = spent_this_month + cost - limit
    if over > 0:
        left_text = "nothing is" if left == 0 else f"only {_plain(left)} {'credit is' if left == 1 else 'credits are'}"
        return SpendVerdict(
            False,
            False,
            f"{subject} would cost {price}, but {left_text} left of your monthly limit of {_plain(limit)} "
            f"credits this month ({_plain(spent_this_month)} spent), so it would go {_plain(over)} over the "
            "limit. Nothing was sent. Choose cheaper models, wait until next month, or raise the limit in Settings.",
        )
    after = limit - spent_this_month - cost
    return SpendVerdict(
        True,
        asks,
        f"{subject} will spend {price}; {_plain(after)} of your monthly limit of {_plain(limit)} credits "
        f"will be left this month.",
    )


def spend_verdict(
    limits: SpendingLimits,
    cost: Decimal,
    what: str,
    *,
    now: datetime,
    ledger: Iterable[LedgerLine] | None,
    problem: str | None = None,
    pending: Decimal = ZERO,
    estimated: bool = False,
) -> SpendVerdict:
    """The one decision the window and the command line both make before sending renders that cost ``cost``.

    ``ledger``: this month's transactions as read (``ledger_month(now)``), or None when they could not be
    read (``problem`` says why) or were not asked for because ``limits.needs_ledger`` is False. ``pending``:
    the cost of renders already sent that have not finished (not in the ledger yet)."""
    spent: Decimal | None = None
    if ledger is not None:
        spent = debits_this_month(ledger, now) + max(ZERO, pending)
    return check_spend(limits, spent, cost, what, estimated=estimated, problem=problem)
