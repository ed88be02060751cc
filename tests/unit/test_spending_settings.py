"""The two spending settings: ask above N credits, and the monthly AI-credit limit (store/options.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.domain.limits import SpendingLimits
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
NAMES = ("confirm_above_credits", "monthly_credit_limit")


@pytest.fixture
def settings_path(pictory_home: Path) -> Path:
    return AppPaths.from_environment().settings_file


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_by_default_always_ask_and_no_limit(settings_path: Path) -> None:
    settings = Settings.load(settings_path)
    assert settings["confirm_above_credits"] is None and settings["monthly_credit_limit"] is None
    assert settings.spending_limits() == SpendingLimits(confirm_above=None, monthly_limit=None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, Decimal(5)), (2.5, Decimal("2.5")), ("0.6", Decimal("0.6")), (" 12 ", Decimal(12)), (0, Decimal(0)),
     (Decimal("1000000"), Decimal(1_000_000)), ("-0", Decimal(0)), (None, None)],
)  # fmt: skip
def test_good_values_are_exact_decimals(settings_path: Path, value: Any, expected: Decimal | None) -> None:
    settings = Settings.load(settings_path)
    for name in NAMES:
        settings[name] = value
        assert settings[name] == expected
        assert settings[name] is None or isinstance(settings[name], Decimal)


def test_saved_as_numbers_a_person_can_edit_and_read_back_exactly(settings_path: Path) -> None:
    settings = Settings.load(settings_path)
    settings["confirm_above_credits"] = "2.5"
    settings["monthly_credit_limit"] = 300
    settings.save()
    data = json.loads(settings_path.read_text("utf-8"))
    assert data["confirm_above_credits"] == 2.5 and data["monthly_credit_limit"] == 300
    again = Settings.load(settings_path)
    assert again.spending_limits() == SpendingLimits(confirm_above=Decimal("2.5"), monthly_limit=Decimal(300))
    assert again.notices == []


@pytest.mark.parametrize(
    "value",
    [
        -1,
        "-0.01",
        True,
        False,
        "lots",
        "",
        "NaN",
        "Infinity",
        float("inf"),
        1_000_000.01,
        10**12,
        "0.001",
        [5],
        {"n": 5},
    ],
)
def test_broken_values_are_refused_with_a_sentence(settings_path: Path, value: Any) -> None:
    settings = Settings.load(settings_path)
    for name in NAMES:
        with pytest.raises(ValueError) as caught:
            settings[name] = value
        assert str(caught.value).startswith(f"The setting {name} must")


def test_a_broken_value_in_the_file_is_reset_to_no_limit_and_the_file_kept(settings_path: Path) -> None:
    write_json(settings_path, {"settingsVersion": 1, "monthly_credit_limit": -5, "confirm_above_credits": 3})
    settings = Settings.load(settings_path, now=NOW)
    assert settings["monthly_credit_limit"] is None and settings["confirm_above_credits"] == Decimal(3)
    assert "monthly_credit_limit" in settings.notices[0]
    assert settings_path.with_name("settings.json.broken-20260304T050607Z").exists()
