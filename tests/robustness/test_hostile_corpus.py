"""A corpus of bad project files (tests/robustness/corpus): each says where it is wrong and sends nothing.

The expectations are in the tables below: files that cannot be opened name a line/column, a byte, a field
path or the whole file; files that open but would be rejected or silently mis-rendered by Pictory get
errors on the exact field and scene; every one of them, given to `render --yes`, sends nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard
from pictory_desktop.domain.project_format import ProjectFileError
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.store.project_files import load_project_file

from .cli_inprocess import cli
from .reliability_rows import ROWS

CORPUS = Path(__file__).parent / "corpus"

# file -> where the loader says the problem is ("" = the whole file, said in the sentence itself)
UNREADABLE = {
    "empty.json": ("", "empty"),
    "whitespace-only.json": ("", "empty"),
    "not-json.json": ("line 1, column 1", "not valid JSON"),
    "truncated.json": ("line 1, column 46", "not valid JSON"),
    "trailing-comma.json": ("line 1, column 46", "not valid JSON"),
    "nan.json": ("line 1, column 65", "NaN is not a number JSON allows"),
    "binary.json": ("", "binary data"),
    "png-renamed.json": ("", "binary data"),
    "latin1.json": ("byte 18", "not UTF-8"),
    "deeply-nested.json": ("", "nested more than"),
    "duplicate-keys.json": ("", "“videoName” appears twice"),
    "duplicate-nested-keys.json": ("", "“color” appears twice"),
    "top-level-list.json": ("the whole file", "one JSON object"),
    "top-level-string.json": ("the whole file", "one JSON object"),
    "top-level-null.json": ("the whole file", "one JSON object"),
    "scenes-not-list.json": ("scenes", "list of scenes"),
    "scene-not-object.json": ("scenes[1]", "should be an object"),
    "story-not-string.json": ("scenes[0].story", "should be text"),
    "videoname-number.json": ("videoName", "should be text"),
    "background-not-object.json": ("scenes[0].background", "should be an object"),
    "split-flag-not-bool.json": ("scenes[0].createSceneOnEndOfSentence", "true or false"),
}

# file -> the error findings (path, code) the checks must report
REFUSED = {
    "videoname-missing.json": [("videoName", "video-name-missing")],
    "videoname-empty.json": [("videoName", "video-name-missing")],
    "scenes-missing.json": [("scenes", "no-scenes")],
    "scenes-empty.json": [("scenes", "no-scenes")],
    "aspect-ratio-unknown.json": [
        ("aspectRatio", "aspect-invalid"),
        ("scenes[0].background.aiVisual.model", "aspect-unsupported"),
    ],
    "story-too-long.json": [("scenes[0].story", "story-too-long")],
    "misspelled-top-field.json": [("videoname", "field-misspelled")],
    "misspelled-scene-field.json": [("scenes[0].createSceneOnEndOfSentance", "field-misspelled")],
    "misspelled-ai-field.json": [("scenes[0].background.aiVisual.mediastyle", "field-misspelled")],
    "background-two-kinds.json": [("scenes[0].background", "background-mixed")],
    "background-three-kinds.json": [("scenes[0].background", "background-mixed")],
    "ai-type-missing.json": [("scenes[0].background.type", "type-missing")],
    "ai-type-unknown.json": [("scenes[0].background.type", "type-invalid")],
    "ai-model-missing.json": [("scenes[0].background.aiVisual.model", "model-missing")],
    "ai-model-unknown.json": [("scenes[0].background.aiVisual.model", "model-unknown")],
    "ai-model-not-string.json": [("scenes[0].background.aiVisual.model", "wrong-type")],
    "ai-visual-not-object.json": [("scenes[0].background.aiVisual", "wrong-type")],
    "image-with-duration.json": [("scenes[0].background.aiVisual.videoDuration", "duration-on-image")],
    "image-model-as-video.json": [("scenes[0].background.aiVisual.model", "model-wrong-type")],
    "video-model-as-image.json": [("scenes[0].background.aiVisual.model", "model-wrong-type")],
    "video-without-duration.json": [("scenes[0].background.aiVisual.videoDuration", "duration-missing")],
    "video-bad-duration.json": [("scenes[0].background.aiVisual.videoDuration", "duration-unsupported")],
    "image-prompt-over-limit.json": [("scenes[0].background.aiVisual.prompt", "prompt-too-long")],
    "video-prompt-over-limit.json": [("scenes[0].background.aiVisual.prompt", "prompt-too-long")],
    "prompt-not-string.json": [("scenes[0].background.aiVisual.prompt", "wrong-type")],
    "media-style-unknown.json": [("scenes[0].background.aiVisual.mediaStyle", "style-unknown")],
    "visual-url-not-web.json": [("scenes[0].background.visualUrl", "url-invalid")],
    "visual-url-javascript.json": [("scenes[0].background.visualUrl", "url-invalid")],
    "model-wrong-aspect.json": [("scenes[0].background.aiVisual.model", "aspect-unsupported")],
    "error-in-third-scene.json": [("scenes[2].background.aiVisual.model", "model-missing")],
}

# Odd but acceptable: both the app's checks and the local server take them as they are.
ACCEPTED = ["bom-utf8.json", "utf16-bom.json", "utf16-no-bom.json", "background-empty.json", "colour-not-a-colour.json"]


def test_the_tables_cover_the_whole_corpus() -> None:
    on_disk = {p.name for p in CORPUS.iterdir()}
    assert on_disk == set(UNREADABLE) | set(REFUSED) | set(ACCEPTED)


@pytest.mark.reliability_row("corpus-unreadable")
@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_an_unreadable_file_says_where_and_sends_nothing(sandbox: SandboxServer, name: str) -> None:
    location, words = UNREADABLE[name]
    with pytest.raises(ProjectFileError) as caught:
        load_project_file(CORPUS / name)
    assert caught.value.location == location and words in caught.value.message
    said = cli("render", str(CORPUS / name), "--yes", base_url=sandbox.base_url)
    assert said.code == 2 and ROWS["corpus-unreadable"].quote in said.err
    assert (location or words) in said.err
    assert "Traceback" not in said.err and sandbox.requests == []


@pytest.mark.reliability_row("corpus-unreadable")
def test_a_huge_file_is_refused_before_it_is_read(sandbox: SandboxServer, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: 64 MB on paper, nothing on disk
        handle.truncate(64 * 1_048_576)
    said = cli("render", str(huge), "--yes", base_url=sandbox.base_url)
    assert said.code == 2 and ROWS["corpus-unreadable"].quote in said.err and "64.0 MB" in said.err
    assert sandbox.requests == []


@pytest.mark.reliability_row("corpus-bad-body")
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_body_names_scene_and_field_and_sends_nothing(sandbox: SandboxServer, name: str) -> None:
    storyboard = load_project_file(CORPUS / name)
    errors = [f for f in check_storyboard(storyboard, default_catalog()) if f.is_error]
    assert [(f.path, f.code) for f in errors] == REFUSED[name]
    for finding in errors:
        expected_scene = int(finding.path[7:].split("]")[0]) + 1 if finding.path.startswith("scenes[") else None
        assert finding.scene == expected_scene and finding.message
    said = cli("render", str(CORPUS / name), "--yes", base_url=sandbox.base_url)
    assert said.code == 2 and ROWS["corpus-bad-body"].quote in said.err
    for finding in errors:
        assert finding.location in said.err  # "Scene 3, model" / "Video name"
    assert sandbox.requests == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name, marks=[pytest.mark.reliability_row("corpus-bom-utf16")] if "bom" in name or "utf16" in name else []
        )
        for name in ACCEPTED
    ],
)
def test_odd_but_valid_files_are_sent_as_written(sandbox: SandboxServer, name: str) -> None:
    storyboard = load_project_file(CORPUS / name)
    assert not [f for f in check_storyboard(storyboard, default_catalog()) if f.is_error]
    said = cli("render", str(CORPUS / name), "--yes", base_url=sandbox.base_url)
    assert said.code == 0, said.err
    [post] = sandbox.requests_for("render")
    assert json.loads(post.body) == storyboard_to_body(storyboard)  # row "corpus-bom-utf16"
