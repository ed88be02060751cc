"""Reply parsing never lets KeyError/TypeError/JSONDecodeError escape, whatever the server sends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pictory_desktop.api import parsing
from pictory_desktop.api.errors import PictoryError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
# Shapes close to real replies reach the deeper branches more often than fully random JSON.
near_misses = st.fixed_dictionaries(
    {},
    optional={
        "success": json_values,
        "job_id": json_values,
        "data": st.fixed_dictionaries(
            {},
            optional={
                k: json_values for k in ("status", "jobId", "renderProgress", "videoURL", "aiCreditsUsed", "error_code")
            },
        )
        | json_values,
        "aiCredits": st.fixed_dictionaries({}, optional={"used": json_values, "limit": json_values}) | json_values,
        "items": st.lists(json_values, max_size=3) | json_values,
        "nextPageKey": json_values,
        "fields": st.lists(st.fixed_dictionaries({}, optional={"name": json_values, "errors": json_values})),
    },
)


def _all_parsers(body: bytes) -> None:
    for parse in (
        lambda: parsing.job_status(body, "j"),
        lambda: parsing.quota(body),
        lambda: parsing.jobs_page(body),
        lambda: parsing.job_id_from_submit(body),
    ):
        try:
            parse()
        except PictoryError:
            pass
    for status in (200, 301, 400, 401, 402, 403, 404, 429, 500, 503):
        parsing.error_for_status(status, {"Retry-After": "x"}, body, job_lookup=True)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(body: bytes) -> None:
    _all_parsers(body)


@settings(max_examples=500, deadline=None)
@given(json_values | near_misses)
def test_random_json(value: Any) -> None:
    _all_parsers(json.dumps(value).encode())


@pytest.mark.parametrize(
    ("path", "scene", "field"),
    [
        ("scenes[0].background.aiVisual.prompt", 1, "background.aiVisual.prompt"),
        ("scenes.3.story", 4, "story"),
        ("scenes/2/background/color", 3, "background.color"),
        ("/scenes/0/background", 1, "background"),
        ("body.scenes[9]", 10, ""),
        ("scenes[1]", 2, ""),
        ("videoName", None, "videoName"),
        ("body.voiceOver.speaker", None, "voiceOver.speaker"),
        ("backgroundMusic/volume", None, "backgroundMusic.volume"),
    ],
)
def test_field_paths_map_to_scene_numbers(path: str, scene: int | None, field: str) -> None:
    problem = parsing.field_problem(path, "bad")
    assert (problem.path, problem.scene_number, problem.field) == (path, scene, field)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), (" 2.5 ", 2.5), ("-3", 0.0), ("soon", None), ("", None), (None, None), ("nan", None)],
)
def test_retry_after_values(header: str | None, expected: float | None) -> None:
    assert parsing.parse_retry_after(header) == expected


def test_retry_after_http_date() -> None:
    assert parsing.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
