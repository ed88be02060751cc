"""Odd text: emoji, right-to-left scripts, combining marks, 15,000-character stories, prompts at and one
over the limit. The app's checks and the local server must agree on every limit (UTF-16 units: an emoji
counts 2), and the text must reach the server exactly as typed. Row "odd-text"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import InvalidRequest
from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_storyboard
from pictory_desktop.domain.storyboard import JsonObject
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.store.project_files import load_project_file, save_project_file

from .helpers import KEY, body
from .reliability_rows import ROWS

RTL = "مرحبا بكم في إطلاق الربيع. שלום לכולם! "
COMBINING = "e\u0301te\u0301 cafe\u0301 n\u0303 Z\u0351\u0352\u0353a\u0360l\u0361g\u0362o "  # never normalised
EMOJI = "😀"  # two UTF-16 units
FAMILY = "👨‍👩‍👧‍👦"  # one grapheme, eleven UTF-16 units


def image_prompt(prompt: str) -> dict[str, object]:
    return body(scenes=[{"story": "Hi.", "background": {"type": "image",
                                                       "aiVisual": {"model": "flux-schnell", "prompt": prompt}}}])  # fmt: skip


def video_prompt(prompt: str) -> dict[str, object]:
    return body(scenes=[{"story": "Hi.", "background": {"type": "video", "aiVisual": {
        "model": "pixverse5.5", "videoDuration": "5s", "prompt": prompt}}}])  # fmt: skip


def story(text: str) -> dict[str, object]:
    return body(scenes=[{"story": text, "background": {"color": "#123456"}}])


def repeat_to(unit: str, length_units: int) -> str:
    text = unit * (length_units // (len(unit.encode("utf-16-le")) // 2))
    return text + "a" * (length_units - len(text.encode("utf-16-le")) // 2)


CASES = [
    ("image prompt: 250 letters", image_prompt("a" * 250), None),
    ("image prompt: 251 letters", image_prompt("a" * 251), "scenes[0].background.aiVisual.prompt"),
    ("image prompt: 125 emoji = 250 units", image_prompt(EMOJI * 125), None),
    ("image prompt: 125 emoji + 1 letter", image_prompt(EMOJI * 125 + "a"), "scenes[0].background.aiVisual.prompt"),
    ("image prompt: families to 250 units", image_prompt(repeat_to(FAMILY, 250)), None),
    ("image prompt: RTL + combining, 250", image_prompt(repeat_to(RTL + COMBINING, 250)), None),
    ("image prompt: RTL + combining, 251", image_prompt(repeat_to(RTL + COMBINING, 251)), "scenes[0].background.aiVisual.prompt"),
    ("video prompt: 500", video_prompt(repeat_to(RTL, 500)), None),
    ("video prompt: 501", video_prompt(repeat_to(RTL, 501)), "scenes[0].background.aiVisual.prompt"),
    ("story: 15,000 mixed", story(repeat_to(RTL + COMBINING + EMOJI + "Launch day. ", 15000)), None),
    ("story: 15,001 mixed", story(repeat_to(RTL + COMBINING + EMOJI + "Launch day. ", 15001)), "scenes[0].story"),
    ("story: 7,500 emoji", story(EMOJI * 7500), None),
    ("story: 7,501 emoji", story(EMOJI * 7501), "scenes[0].story"),
]  # fmt: skip


@pytest.mark.reliability_row("odd-text")
@pytest.mark.parametrize(("label", "raw", "error_path"), CASES, ids=[c[0] for c in CASES])
def test_checks_and_server_agree_on_every_limit(
    sandbox: SandboxServer, tmp_path: Path, label: str, raw: JsonObject, error_path: str | None
) -> None:
    storyboard = storyboard_from_body(raw)
    errors = [f for f in check_storyboard(storyboard, default_catalog()) if f.is_error]
    assert [f.path for f in errors] == ([error_path] if error_path else [])
    if errors:
        assert errors[0].scene == 1 and ROWS["odd-text"].quote in errors[0].message
    client = PictoryClient(KEY, sandbox.base_url)
    sent = storyboard_to_body(storyboard)
    if error_path is None:
        client.render(sent)
        [post] = sandbox.requests_for("render")
        assert json.loads(post.body.decode("utf-8")) == raw  # byte for byte the text typed, not normalised
    else:
        # Sent anyway (bypassing the checks) to prove the server draws the line at the same place.
        with pytest.raises(InvalidRequest) as caught:
            client.render(sent)
        assert [p.path for p in caught.value.fields] == [error_path]
    # Saving and reopening keeps every code point.
    save_project_file(tmp_path / "odd.json", storyboard)
    assert storyboard_to_body(load_project_file(tmp_path / "odd.json")) == raw
