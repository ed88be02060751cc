"""`pictory-desktop image`: the real command in a child process against the sandbox over real HTTP."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pictory_desktop.cli.exit_codes import API_ERROR, OK, OVER_LIMIT, USAGE
from pictory_desktop.sandbox import Fault, SandboxServer
from tests.timing import CLI_SPEED, SandboxClock

from .cli_runner import TEST_KEY, CliResult, run_cli
from .test_cli_spending import settings_in, spent

PROMPT = "A lighthouse at dawn, waves crashing below"


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    return SandboxClock(rate=CLI_SPEED)


def image(sandbox: SandboxServer, home: Path, *extra: str) -> CliResult:
    result = run_cli("image", *extra, sandbox=sandbox, home=home)
    assert "Traceback" not in result.err, result.err
    assert TEST_KEY not in result.out + result.err
    return result


def test_an_image_is_priced_sent_once_followed_and_saved(sandbox: SandboxServer, tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    result = image(sandbox, tmp_path / "home", PROMPT, "--model", "flux-schnell", "--style", "vintage",
                   "--aspect-ratio", "16:9", "--yes", "--download", str(folder))  # fmt: skip
    assert result.code == OK, result.out + result.err
    assert "One AI Studio image (flux-schnell, vintage, 16:9): 0.6 credits" in result.out
    assert "Balance: 500 credits; after this image: 499.4" in result.out
    assert "Credits used: 0.6" in result.out
    assert f"{sandbox.cdn_base_url}/images/user/sandbox/" in result.out
    (saved,) = folder.glob("*.png")
    assert saved.name.startswith("A-lighthouse-at-dawn") and saved.read_bytes().startswith(b"\x89PNG")
    assert len(sandbox.requests_for("image")) == 1
    assert sandbox.account.quota()["aiCredits"]["used"] == 0.6
    assert all("Authorization" not in r.headers for r in sandbox.requests if r.origin == "cdn")


def test_without_yes_and_without_a_terminal_nothing_is_sent(sandbox: SandboxServer, tmp_path: Path) -> None:
    result = image(sandbox, tmp_path / "home", PROMPT)
    assert result.code == USAGE and "add --yes" in result.err
    assert sandbox.requests_for("image") == []


def test_a_prompt_too_short_is_refused_before_anything_is_sent(sandbox: SandboxServer, tmp_path: Path) -> None:
    result = image(sandbox, tmp_path / "home", "cat", "--yes")
    assert result.code == USAGE and "at least 5 characters" in result.err
    assert sandbox.requests == []


def test_the_monthly_limit_refuses_an_image_even_with_yes(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_in(tmp_path / "home", monkeypatch, monthly_credit_limit=5)
    spent(sandbox, "2")
    result = image(sandbox, tmp_path / "home", PROMPT, "--model", "nanobanana", "--yes")
    assert result.code == OVER_LIMIT, result.out + result.err
    assert sandbox.requests_for("image") == []


def test_a_lost_answer_is_not_sent_again_and_the_image_is_found_in_the_list(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.faults.add(Fault("image", "truncated"))  # made, but the answer is cut mid-way
    folder = tmp_path / "pictures"
    result = image(sandbox, tmp_path / "home", PROMPT, "--yes", "--download", str(folder))
    assert result.code == OK, result.out + result.err
    assert "may have started" in result.err and "NOT sent again" in result.err
    assert "Found it in your AI Studio images:" in result.out
    assert len(sandbox.requests_for("image")) == 1
    assert len(list(folder.glob("*.png"))) == 1


def test_a_lost_answer_with_nothing_made_says_to_look_before_trying_again(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.faults.add(Fault("image", "status", status=502))
    result = image(sandbox, tmp_path / "home", PROMPT, "--yes")
    assert result.code == API_ERROR
    assert "may have started" in result.err and "not in your AI Studio images yet" in result.err
    assert len(sandbox.requests_for("image")) == 1


def test_an_image_the_account_cannot_pay_for_is_not_sent(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.set_credits(limit=Decimal(1))
    result = image(sandbox, tmp_path / "home", PROMPT, "--yes")
    assert result.code == API_ERROR and "does not cover this image" in result.err
    assert sandbox.requests_for("image") == []


def test_a_failed_image_exits_3_and_says_why(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.faults.add(Fault("job", "job_failed", error_code="IMAGE_FAILED", error_message="The model failed."))
    result = image(sandbox, tmp_path / "home", PROMPT, "--yes")
    assert result.code == 3, result.out + result.err
    assert "could not make the image: The model failed. (code IMAGE_FAILED)" in result.err
