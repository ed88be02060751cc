"""`render` and the user's own limits (Settings: monthly_credit_limit, confirm_above_credits), in a real child
process against the sandbox's ledger over real HTTP. The guide example costs 6 credits."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pictory_desktop.cli.exit_codes import OVER_LIMIT, USAGE
from pictory_desktop.sandbox import Fault, SandboxServer
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings
from tests.timing import CLI_SPEED, SandboxClock

from .cli_runner import CliResult, run_cli

GUIDE = Path(__file__).parents[1] / "unit" / "data" / "guide_example.json"


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    return SandboxClock(rate=CLI_SPEED)


def project(tmp_path: Path) -> Path:
    path = tmp_path / "launch.json"
    path.write_text(GUIDE.read_text("utf-8"), "utf-8")
    return path


def settings_in(home: Path, monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    """Write the app's own settings file inside ``home``, where the child command will look for it."""
    monkeypatch.setenv("PICTORY_DESKTOP_HOME", str(home))
    settings = Settings.for_paths(AppPaths.from_environment().ensure())
    for name, value in values.items():
        settings[name] = value
    settings.save()


def render(sandbox: SandboxServer, tmp_path: Path, *extra: str) -> CliResult:
    return run_cli("render", str(project(tmp_path)), *extra, sandbox=sandbox, home=tmp_path / "home")


def spent(sandbox: SandboxServer, amount: str) -> None:
    sandbox.account.record_transaction("credit", Decimal(500), source="Monthly Reset", description="reset")
    sandbox.account.record_transaction("debit", Decimal(amount), source="Text-to-Image", description="earlier")


def test_a_render_that_would_cross_the_monthly_limit_is_refused_even_with_yes_and_nothing_is_sent(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=5)
    spent(sandbox, "3")
    result = render(sandbox, tmp_path, "--yes")
    assert result.code == OVER_LIMIT, result.out + result.err
    assert (
        "This render would cost 6 AI credits, but only 2 credits are left of your monthly limit of 5 credits this "
        "month (3 spent), so it would go 4 over the limit. Nothing was sent."
    ) in result.err
    assert "Traceback" not in result.err
    assert sandbox.requests_for("render") == []  # no POST reached the server
    [ledger] = sandbox.requests_for("usage")
    query = parse_qs(urlsplit(ledger.path).query)
    assert set(query) == {"year", "month"}  # asked for one month, never a year alone
    history = run_cli("jobs", sandbox=None, home=tmp_path / "home")
    assert "No renders yet." in history.out


def test_under_the_limit_it_says_what_is_left_and_sends_once(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=9)
    spent(sandbox, "3")
    result = render(sandbox, tmp_path, "--yes")
    assert result.code == 0, result.err
    assert (
        "This render will spend 6 AI credits; 0 of your monthly limit of 9 credits will be left this month."
        in result.out
    )
    assert len(sandbox.requests_for("render")) == 1


def test_a_ledger_that_cannot_be_read_refuses_under_a_limit(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=100)
    sandbox.faults.add(Fault("usage", "wrong_shape", times=None))
    result = render(sandbox, tmp_path, "--yes")
    assert result.code == OVER_LIMIT
    assert "this month's AI-credit spending could not be read from Pictory" in result.err
    assert "monthly limit of 100 credits cannot be checked" in result.err
    assert sandbox.requests_for("render") == []


def test_a_render_still_running_counts_against_the_limit(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=11)
    sandbox_clock.set_rate(0)  # the first render stays in Pictory's queue: not charged, not in the ledger
    first = render(sandbox, tmp_path, "--yes")
    assert first.code == 0, first.err
    second = render(sandbox, tmp_path, "--yes")
    assert second.code == OVER_LIMIT, second.out + second.err
    assert "(6 spent)" in second.err
    assert len(sandbox.requests_for("render")) == 1


def test_a_render_pictory_finished_is_counted_once_though_the_history_was_not_told(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=12)
    first = render(sandbox, tmp_path, "--yes")  # not followed: "submitted" in the history for good
    assert first.code == 0, first.err
    sandbox_clock.advance(60)  # Pictory finishes and charges it
    second = render(sandbox, tmp_path, "--yes")
    assert second.code == 0, second.out + second.err  # 6 in the ledger + 6 now = 12, not 6 + 6 + 6
    assert "0 of your monthly limit of 12 credits will be left" in second.out


def test_without_a_limit_the_ledger_is_not_read(sandbox: SandboxServer, tmp_path: Path) -> None:
    result = render(sandbox, tmp_path, "--yes")
    assert result.code == 0, result.err
    assert "This render will spend 6 AI credits." in result.out
    assert sandbox.requests_for("usage") == []


@pytest.mark.parametrize(("threshold", "asks"), [(6, False), (10, False), (5.99, True)])
def test_at_or_under_the_confirmation_threshold_it_goes_without_asking(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: float, asks: bool
) -> None:
    settings_in(tmp_path / "home", monkeypatch, confirm_above_credits=threshold)
    result = render(sandbox, tmp_path)  # no --yes, and not a terminal
    assert "This render will spend 6 AI credits." in result.out  # the cost is shown either way
    if asks:
        assert result.code == USAGE and "add --yes" in result.err
        assert sandbox.requests_for("render") == []
    else:
        assert result.code == 0, result.err
        assert len(sandbox.requests_for("render")) == 1


def test_the_limit_file_is_the_apps_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit="2.5")
    data = json.loads(AppPaths.from_environment().settings_file.read_text("utf-8"))
    assert data["monthly_credit_limit"] == 2.5


def test_a_batch_that_would_cross_the_monthly_limit_is_refused_as_a_whole_and_sends_no_row(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    settings_in(home, monkeypatch, monthly_credit_limit=10)
    spent(sandbox, "8")
    template = tmp_path / "template.json"
    template.write_text(GUIDE.read_text("utf-8").replace("ai_background_images_demo", "{{product}} demo"), "utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("product\nGizmo\nWidget\n", "utf-8")  # two videos at 6 credits: 12, with 2 left
    args = ("batch", str(template), str(rows), "--out", str(tmp_path / "out"), "--render", "--yes")
    result = run_cli(*args, sandbox=sandbox, home=home)
    assert result.code == OVER_LIMIT, result.out + result.err
    assert "These 2 videos would cost 12 AI credits, but only 2 credits are left" in result.err
    assert sandbox.requests_for("render") == []  # not even the row that would have fitted
