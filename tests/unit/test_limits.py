"""domain.limits: the user's confirmation threshold and monthly AI-credit limit, with the ledger as values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pictory_desktop.domain.limits import (
    SpendingLimits,
    check_spend,
    debits_this_month,
    ledger_month,
    spend_verdict,
)

D = Decimal
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Line:
    type: str
    amount: Decimal
    date: datetime | None


def debit(amount: str, when: datetime | None = NOW) -> Line:
    return Line("debit", D(amount), when)


# ---- what counts as spending ------------------------------------------------------------------------------


def test_only_debits_count_and_credits_are_not_taken_off() -> None:
    entries = [
        debit("0.6"),
        debit("12"),
        Line("credit", D(22000), datetime(2026, 3, 1, tzinfo=UTC)),  # Monthly Reset
        Line("credit", D(5), NOW),  # a refund, say: not subtracted
        Line("adjustment", D(7), NOW),  # a type Pictory does not document: not spending
    ]
    assert debits_this_month(entries, NOW) == D("12.6")


def test_the_type_is_read_whatever_its_case_and_negative_debits_still_spend() -> None:
    assert debits_this_month([Line(" Debit ", D(2), NOW), Line("debit", D(-3), NOW)], NOW) == D(5)


def test_only_the_current_calendar_month_in_utc() -> None:
    entries = [
        debit("1", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),  # first second of March: counts
        debit("2", datetime(2026, 2, 28, 23, 59, 59, tzinfo=UTC)),  # February: does not
        debit("4", datetime(2026, 4, 1, 0, 0, tzinfo=UTC)),  # April: does not
        debit("8", datetime(2025, 3, 10, tzinfo=UTC)),  # March of last year: does not
        # 01:30 on 1 March in UTC+2 is still February in UTC: not this month.
        debit("16", datetime(2026, 3, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))),
        # 20:00 on 31 March in UTC-5 is already April in UTC: not this month either.
        debit("32", datetime(2026, 3, 31, 20, 0, tzinfo=timezone(timedelta(hours=-5)))),
    ]
    assert debits_this_month(entries, NOW) == D(1)


def test_now_in_another_zone_means_the_same_utc_month() -> None:
    # 23:00 on 31 March in UTC-2 is 01:00 on 1 April UTC: April's debits count.
    late = datetime(2026, 3, 31, 23, 0, tzinfo=timezone(timedelta(hours=-2)))
    assert ledger_month(late) == (2026, 4)
    entries = [debit("1", datetime(2026, 3, 31, 12, tzinfo=UTC)), debit("2", datetime(2026, 4, 1, 0, 30, tzinfo=UTC))]
    assert debits_this_month(entries, late) == D(2)


def test_an_undated_debit_counts_on_the_safe_side() -> None:
    assert debits_this_month([debit("3", None)], NOW) == D(3)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        debits_this_month([], datetime(2026, 3, 15))
    with pytest.raises(ValueError):
        ledger_month(datetime(2026, 3, 15))


def test_an_empty_month_spent_nothing() -> None:
    assert debits_this_month([], NOW) == 0


# ---- the confirmation threshold ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("confirm_above", "cost", "asks"),
    [
        (None, "0", True),  # the default: always ask, even for a free render
        (None, "0.6", True),
        ("5", "4.9", False),
        ("5", "5", False),  # at the threshold: goes without asking
        ("5", "5.01", True),  # above it: asks
        ("0", "0", False),
        ("0", "0.01", True),
    ],
)
def test_confirmation_only_above_the_threshold(confirm_above: str | None, cost: str, asks: bool) -> None:
    limits = SpendingLimits(confirm_above=None if confirm_above is None else D(confirm_above))
    verdict = check_spend(limits, D(0), D(cost), "this render")
    assert verdict.allowed and verdict.needs_confirmation is asks


def test_a_render_that_goes_without_asking_still_says_its_cost() -> None:
    verdict = check_spend(SpendingLimits(confirm_above=D(10)), None, D("4.2"), "this render")
    assert not verdict.needs_confirmation
    assert verdict.sentence == "This render will spend 4.2 AI credits."


# ---- the monthly limit -------------------------------------------------------------------------------------

LIMIT_5 = SpendingLimits(monthly_limit=D(5))


def test_crossing_the_limit_is_refused_with_what_is_left_and_by_how_much() -> None:
    verdict = check_spend(LIMIT_5, D(3), D(6), "this render")
    assert not verdict.allowed and not verdict.needs_confirmation
    assert verdict.sentence == (
        "This render would cost 6 AI credits, but only 2 credits are left of your monthly limit of 5 credits "
        "this month (3 spent), so it would go 4 over the limit. Nothing was sent. Choose cheaper models, wait "
        "until next month, or raise the limit in Settings."
    )


def test_exactly_at_the_limit_is_allowed_and_a_hundredth_more_is_not() -> None:
    at = check_spend(LIMIT_5, D(3), D(2), "this render")
    assert at.allowed
    assert (
        at.sentence
        == "This render will spend 2 AI credits; 0 of your monthly limit of 5 credits will be left this month."
    )
    over = check_spend(LIMIT_5, D(3), D("2.01"), "this render")
    assert not over.allowed and "0.01 over the limit" in over.sentence and "only 2 credits are left" in over.sentence


def test_one_credit_left_is_said_in_the_singular() -> None:
    verdict = check_spend(LIMIT_5, D(4), D("1.2"), "this render")
    assert "only 1 credit is left" in verdict.sentence


def test_already_over_the_limit_says_nothing_is_left() -> None:
    verdict = check_spend(LIMIT_5, D(7), D("0.6"), "these 2 renders")
    assert not verdict.allowed
    assert verdict.sentence.startswith("These 2 renders would cost 0.6 AI credits, but nothing is left")
    assert "(7 spent)" in verdict.sentence and "2.6 over the limit" in verdict.sentence


def test_an_estimate_counts_at_its_estimate_and_says_so() -> None:
    allowed = check_spend(LIMIT_5, D(3), D("1.8"), "this render", estimated=True)
    assert allowed.allowed and "≈1.8 AI credits" in allowed.sentence
    refused = check_spend(LIMIT_5, D(3), D("2.4"), "this render", estimated=True)
    assert not refused.allowed and "≈2.4 AI credits" in refused.sentence and "0.4 over" in refused.sentence


def test_a_free_render_is_never_refused_even_over_the_limit_or_with_the_ledger_unknown() -> None:
    for spent in (D(0), D(5), D(99), None):
        verdict = check_spend(LIMIT_5, spent, D(0), "this render")
        assert verdict.allowed and verdict.sentence == "This render spends no AI credits."


def test_a_zero_limit_allows_only_free_renders() -> None:
    limits = SpendingLimits(monthly_limit=D(0))
    assert check_spend(limits, D(0), D(0), "this render").allowed
    assert not check_spend(limits, D(0), D("0.6"), "this render").allowed


def test_a_limit_that_cannot_be_checked_refuses_and_says_why() -> None:
    verdict = check_spend(LIMIT_5, None, D("0.6"), "this render", problem="Could not reach Pictory.")
    assert not verdict.allowed and not verdict.needs_confirmation
    assert verdict.sentence == (
        "This render would cost 0.6 AI credits, but this month's AI-credit spending could not be read from "
        "Pictory (Could not reach Pictory), so your monthly limit of 5 credits cannot be checked. Nothing was "
        "sent. Try again in a few minutes, or remove the monthly limit in Settings."
    )


def test_without_a_monthly_limit_the_unknown_ledger_does_not_matter() -> None:
    assert not SpendingLimits().needs_ledger and LIMIT_5.needs_ledger
    assert check_spend(SpendingLimits(), None, D(1000), "this batch").allowed


def test_allowed_under_a_limit_still_asks_as_the_threshold_says() -> None:
    limits = SpendingLimits(confirm_above=D(1), monthly_limit=D(10))
    assert check_spend(limits, D(0), D(1), "this render").needs_confirmation is False
    assert check_spend(limits, D(0), D(2), "this render").needs_confirmation is True


@pytest.mark.parametrize("bad", [D(-1), D("NaN"), D("Infinity")])
def test_impossible_numbers_are_refused(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        SpendingLimits(monthly_limit=bad)
    with pytest.raises(ValueError):
        SpendingLimits(confirm_above=bad)
    with pytest.raises(ValueError):
        check_spend(SpendingLimits(), D(0), bad, "this render")


@given(
    limit=st.decimals(min_value=0, max_value=1000, places=2),
    spent=st.decimals(min_value=0, max_value=1000, places=2),
    cost=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_allowed_exactly_when_the_month_stays_within_the_limit(limit: Decimal, spent: Decimal, cost: Decimal) -> None:
    verdict = check_spend(SpendingLimits(monthly_limit=limit), spent, cost, "this render")
    assert verdict.allowed is (cost == 0 or spent + cost <= limit)


# ---- the one decision, from the ledger ---------------------------------------------------------------------


def test_spend_verdict_reads_the_month_and_adds_renders_still_running() -> None:
    ledger = [debit("2"), debit("9", datetime(2026, 2, 20, tzinfo=UTC)), Line("credit", D(500), NOW)]
    ok = spend_verdict(LIMIT_5, D(2), "this render", now=NOW, ledger=ledger, pending=D(1))
    assert ok.allowed and "0 of your monthly limit" in ok.sentence  # 2 debited + 1 running + 2 = 5
    refused = spend_verdict(LIMIT_5, D(2), "this render", now=NOW, ledger=ledger, pending=D("1.5"))
    assert not refused.allowed and "(3.5 spent)" in refused.sentence


def test_spend_verdict_without_a_ledger_refuses_under_a_limit() -> None:
    verdict = spend_verdict(
        LIMIT_5, D(1), "this render", now=NOW, ledger=None, problem="Pictory's servers had a problem"
    )
    assert not verdict.allowed and "Pictory's servers had a problem" in verdict.sentence
    assert spend_verdict(SpendingLimits(), D(1), "this render", now=NOW, ledger=None).allowed
