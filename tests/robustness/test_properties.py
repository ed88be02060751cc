"""Property-based tests (hypothesis) over the loader, the checks and the credit estimate.

Bounded and deterministic: derandomized, no example database, 100-200 examples per property. Rows
"property-loader" and "property-sandbox-agrees".
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard
from pictory_desktop.domain.credits import estimate
from pictory_desktop.domain.project_format import ProjectFileError, parse_project
from pictory_desktop.sandbox import SandboxServer

from .cli_inprocess import cli
from .helpers import KEY

BOUNDED = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
CATALOG = default_catalog()
# Whole-file problems say so in their sentence instead of a location.
WHOLE_FILE_WORDS = ("empty", "binary data", "not valid JSON", "nested more than", "appears twice", "MB")


def assert_says_where(error: ProjectFileError) -> None:
    assert error.message.strip()
    assert error.location or any(words in error.message for words in WHOLE_FILE_WORDS), str(error)


def check_findings(storyboard: Any) -> list[Any]:
    findings = check_storyboard(storyboard, CATALOG)
    for finding in findings:
        # A field literally named "" sits at the path "" (its finding names it as “”).
        assert (
            finding.path or finding.message.startswith("Pictory does not document a field called “”")
        ) and finding.message
        if finding.path.startswith("scenes["):
            assert finding.scene == int(finding.path[7:].split("]")[0]) + 1
        else:
            assert finding.scene is None
    cost = estimate(storyboard, CATALOG)
    assert cost.total >= 0 and len(cost.scenes) == len(storyboard.scenes)
    return findings


@pytest.mark.reliability_row("property-loader")
@BOUNDED
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_any_bytes_open_or_say_where(data: bytes) -> None:
    try:
        storyboard = parse_project(data)
    except ProjectFileError as error:
        assert_says_where(error)
        return
    check_findings(storyboard)


KEYS = st.sampled_from(
    ["videoName", "scenes", "aspectRatio", "story", "background", "aiVisual", "type", "model", "prompt",
     "mediaStyle", "videoDuration", "color", "visualUrl", "createSceneOnEndOfSentence", "createSceneOnNewLine",
     "voiceOver", "mediastyle", "pictoryDesktop", "schemaVersion"]
) | st.text(max_size=8)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON_TREES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6), max_leaves=30
)


@pytest.mark.reliability_row("property-loader")
@BOUNDED
@given(st.dictionaries(KEYS, JSON_TREES, max_size=6))
def test_any_json_object_opens_or_names_the_field(tree: dict[str, Any]) -> None:
    try:
        storyboard = parse_project(json.dumps(tree).encode())
    except ProjectFileError as error:
        assert error.location, str(error)  # a JSON object that is not a storyboard: the field path
        return
    check_findings(storyboard)


# ---- storyboards close to valid: passing the checks means the local server accepts them ----------------
MODELS = [m.id for m in CATALOG.image_models] + [m.id for m in CATALOG.video_models]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def backgrounds(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["none", "color", "url", "image", "video", "odd"]))
    if kind == "none":
        return None
    if kind == "color":
        return {"color": draw(st.sampled_from(["#1f2937", "#fff", "red", ""]))}
    if kind == "url":
        return {"visualUrl": draw(st.sampled_from(["https://example.com/a.jpg", "ftp://x/y", "not a url"]))}
    ai: dict[str, Any] = {"model": draw(st.sampled_from([*MODELS, "dall-e-9"]))}
    if draw(st.booleans()):
        ai["prompt"] = draw(TEXT | st.sampled_from(["x" * 250, "y" * 251, "z" * 500, "😀" * 125, "😀" * 126]))
    if draw(st.booleans()):
        ai["mediaStyle"] = draw(st.sampled_from(["photorealistic", "cartoon", "steampunk"]))
    if kind == "video" or draw(st.booleans()):
        ai["videoDuration"] = draw(st.sampled_from(["4s", "5s", "6s", "8s", "10s", "7s"]))
    background: dict[str, Any] = {"aiVisual": ai}
    if kind != "odd" or draw(st.booleans()):
        background["type"] = "video" if kind == "video" else draw(st.sampled_from(["image", "image", "video"]))
    if kind == "odd" and draw(st.booleans()):
        background["color"] = "#000000"
    return background


@st.composite
def storyboards(draw: st.DrawFn) -> dict[str, Any]:
    scenes = []
    for _ in range(draw(st.integers(1, 3))):
        scene: dict[str, Any] = {"story": draw(TEXT)}
        if draw(st.booleans()):
            scene["createSceneOnEndOfSentence"] = draw(st.booleans())
        background = draw(backgrounds())
        if background is not None:
            scene["background"] = background
        scenes.append(scene)
    body: dict[str, Any] = {"videoName": draw(st.sampled_from(["Launch", "", "Été 🚀"])), "scenes": scenes}
    if draw(st.booleans()):
        body["aspectRatio"] = draw(st.sampled_from(["16:9", "9:16", "1:1", "4:5", "21:9"]))
    return body


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(queue_seconds=30, render_seconds=30, credit_limit=Decimal(10**9)).start()
    try:
        yield server
    finally:
        server.stop()
    assert server.errors == []


# The property below and the guard after it draw the same 120 storyboards: same strategy, same settings, and
# this seed (which hypothesis then uses instead of one derived from each test's own source code). With this
# one, 26 of the 120 pass the checks. (The generator's share of storyboards that pass is 11-31 of 120
# depending on the seed; the one derived from the property's source used to give 22.)
SENT_OR_REFUSED = settings(BOUNDED, max_examples=120)
STORYBOARD_SEED = 2


def passes_the_checks(raw: dict[str, Any]) -> bool:
    storyboard = parse_project(json.dumps(raw).encode())
    return not [f for f in check_findings(storyboard) if f.is_error]


@pytest.mark.reliability_row("property-sandbox-agrees")
@seed(STORYBOARD_SEED)
@SENT_OR_REFUSED
@given(storyboards())
def test_passing_the_checks_means_the_server_accepts_and_failing_sends_nothing(
    shared_sandbox: SandboxServer, raw: dict[str, Any]
) -> None:
    storyboard = parse_project(json.dumps(raw).encode())
    errors = [f for f in check_findings(storyboard) if f.is_error]
    before = len(shared_sandbox.requests)
    if not errors:
        client = PictoryClient(KEY, shared_sandbox.base_url)
        try:
            assert client.render(storyboard_to_body(storyboard))  # a 400 here is a disagreement
        finally:
            client.close()
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.json"
        path.write_text(json.dumps(raw), "utf-8")
        said = cli("render", str(path), "--yes", base_url=shared_sandbox.base_url)
    assert said.code == 2 and "Nothing was sent" in said.err
    assert len(shared_sandbox.requests) == before


def test_the_property_sent_a_fair_share_of_storyboards() -> None:
    """Guards the generator: a property that only ever exercised one branch would prove little. It draws the
    property's own storyboards itself (no server needed to sort them), so it holds alone and in any order."""
    outcomes: list[bool] = []

    @seed(STORYBOARD_SEED)
    @SENT_OR_REFUSED
    @given(storyboards())
    def sort(raw: dict[str, Any]) -> None:
        outcomes.append(passes_the_checks(raw))

    sort()
    assert len(outcomes) == 120
    sent = sum(outcomes)
    assert 20 <= sent <= len(outcomes) - 20, (sent, len(outcomes))
