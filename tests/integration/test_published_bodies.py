"""Pictory's published bodies and their broken copies (tests/published) against the real sandbox over HTTP.

The sandbox validates and prices without importing ``domain``: where it and the app's checks agree on every
published body and every mutation, the agreement is evidence, not an echo.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.credits import estimate
from pictory_desktop.sandbox import SandboxServer
from tests.integration.test_sandbox_server import credits_used, poll, submit, submit_ok
from tests.published import MUTATIONS, PUBLISHED, Mutation, Published
from tests.timing import SandboxClock

from .cli_runner import run_cli

PREVIEW = "/v2/video/storyboard"


@pytest.mark.parametrize("published", PUBLISHED, ids=[p.name for p in PUBLISHED])
def test_the_sandbox_takes_a_published_body_keeps_all_of_it_and_charges_pictorys_price(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, published: Published
) -> None:
    body = published.body()
    # What the app sends is what the file says (nothing dropped or added on the way).
    sent = storyboard_to_body(storyboard_from_body(body))
    assert sent == body
    preview = poll(sandbox, submit_ok(sandbox, sent, PREVIEW), sandbox_clock)[-1]["data"]
    assert preview["status"] == "completed"
    assert preview["renderParams"] == body  # every field is documented, so the sandbox dropped none
    used_before = credits_used(sandbox)  # the sandbox charges a preview's AI visuals too
    render = poll(sandbox, submit_ok(sandbox, sent), sandbox_clock)[-1]["data"]
    assert render["status"] == "completed"
    assert Decimal(str(render["aiCreditsUsed"])) == published.credits
    assert credits_used(sandbox) - used_before == published.credits
    assert estimate(storyboard_from_body(body), default_catalog()).total == published.credits


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_the_sandbox_treats_a_broken_copy_as_pictory_does(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, mutation: Mutation
) -> None:
    body = mutation.body()
    response = submit(sandbox, body, PREVIEW)
    if mutation.pictory == "rejects":
        assert response.status_code == 400, response.text
        assert (mutation.rejected_path or mutation.path) in [field["name"] for field in response.json()["fields"]]
        return
    assert response.status_code == 200, response.text
    params = poll(sandbox, response.json()["data"]["jobId"], sandbox_clock)[-1]["data"]["renderParams"]
    misspelled = mutation.path.rsplit(".", 1)[-1]
    assert (misspelled in json.dumps(params)) == (mutation.pictory == "accepts")


def test_estimate_json_counts_the_ai_media_of_elements(tmp_path: Path) -> None:
    example = next(p for p in PUBLISHED if p.name == "skills-example-3-ai-media-elements")
    result = run_cli("estimate", "--json", str(example.path), sandbox=None, home=tmp_path)
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert (record["total_credits"], record["estimated"], record["errors"]) == (14, False, 0)
    assert [s["credits"] for s in record["scenes"]] == [2, 2, 8, 2]
    assert [s["overlay_credits"] for s in record["scenes"]] == [2, 2, 8, 2]
    assert [s["ai_visuals"] for s in record["scenes"]] == [1, 1, 1, 1]
    assert {s["background_credits"] for s in record["scenes"]} == {0}


def test_validate_passes_every_published_body_without_an_undocumented_field(tmp_path: Path) -> None:
    result = run_cli("validate", *(str(p.path) for p in PUBLISHED), sandbox=None, home=tmp_path)
    assert result.code == 0, result.out
    assert result.out.count("ready to render") == len(PUBLISHED)
    assert "does not document" not in result.out and "Error" not in result.out
