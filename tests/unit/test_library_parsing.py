"""Parsing the voices, music, brand and style lists, and the ElevenLabs meter of the quota: what the app
gets out of good replies, what it skips, and the sentence the user reads when a reply is garbage."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pictory_desktop.api import parsing
from pictory_desktop.api.errors import BadResponse, PictoryError
from pictory_desktop.api.results import MusicQuery, Quota, VoiceTrack


def raw(value: Any) -> bytes:
    return json.dumps(value).encode()


# Pictory's documented examples (pictory-api-more.md 2.2 and 3.2), verbatim apart from ssmlHelp.
JOANNA = {
    "accent": "American accent", "category": "standard", "engine": "neural", "gender": "female", "id": 1001,
    "language": "en-US", "name": "Joanna",
    "sample": "https://pictory-static.pictorycontent.com/polly/samples/Joanna_100_sample.mp3",
    "service": "aws", "ssmlHelp": "https://docs.pictory.ai/docs/supported-ssml-tags#category-b",
    "ssmlSupportCategory": "B", "voice": "Joanna",
}  # fmt: skip
BIO_JOURNEY = {
    "id": 279, "title": "Bio Journey",
    "audioUrl": "https://tracks.melod.ie/track_versions/570/MEL142_06_1_Bio_Journey_%28Full%29_David_Godfrey_stream.mp3?1736295063",
    "duration": 161, "genres": ["Downtempo"], "instruments": ["Bass - Electric", "Keyboard"],
    "moods": ["Calm / Serene", "Feel Good"], "purposes": ["Atmospheric", "Corporate / Business"],
}  # fmt: skip


def test_documented_voice_reply() -> None:
    rachel = {"id": 2001, "name": "Rachel", "service": "elevenlabs", "voice": "21m00Tcm4TlvDq8ikWAM"}
    joanna, eleven = parsing.voices(raw([JOANNA, rachel]))
    assert joanna == VoiceTrack(
        id="1001", name="Joanna", language="en-US", gender="female", accent="American accent", service="aws",
        engine="neural", sample_url=JOANNA["sample"], voice="Joanna",
    )  # fmt: skip
    assert joanna.raw["ssmlSupportCategory"] == "B"  # everything else is kept for later use
    assert not joanna.is_elevenlabs
    assert eleven.is_elevenlabs and eleven.language is None and eleven.sample_url is None


def test_malformed_voices_are_skipped_not_fatal() -> None:
    items = [
        "Joanna",
        None,
        {"name": "no id"},
        {"id": 7, "name": "  "},
        {"id": True, "name": "bool id"},
        {"id": 1.5, "name": "fractional id"},
        {"id": 8, "name": "Odd fields", "language": 12, "sample": ["x"], "gender": ""},
        JOANNA,
    ]
    odd, joanna = parsing.voices(raw(items))
    assert (odd.id, odd.name, odd.language, odd.sample_url, odd.gender) == ("8", "Odd fields", None, None, None)
    assert joanna.name == "Joanna"


@pytest.mark.parametrize(
    "body",
    [b"<html>502 Bad Gateway</html>", b'{"data": "x"}', b"{}", b'"voices"', b"[1, 2", b""],
    ids=["html", "wrong-shape", "object", "string", "truncated", "empty"],
)
def test_a_reply_that_is_not_a_list_says_what_could_not_be_read(body: bytes) -> None:
    with pytest.raises(BadResponse) as caught:
        parsing.voices(body)
    assert caught.value.user_message.startswith("Pictory sent a list of voices this app could not read.")
    assert "check for an app update" in caught.value.user_message


def test_a_data_wrapper_around_the_list_is_accepted() -> None:
    assert [v.name for v in parsing.voices(raw({"data": [JOANNA]}))] == ["Joanna"]


def test_documented_music_reply() -> None:
    (track,) = parsing.music_tracks(raw({"items": [BIO_JOURNEY]}))
    assert (track.id, track.title, track.audio_url, track.duration_seconds) == (
        "279", "Bio Journey", BIO_JOURNEY["audioUrl"], 161.0,
    )  # fmt: skip
    assert track.moods == ("Calm / Serene", "Feel Good")
    assert track.genres == ("Downtempo",) and track.purposes == ("Atmospheric", "Corporate / Business")
    assert track.raw["instruments"] == ["Bass - Electric", "Keyboard"]


def test_music_items_without_a_playable_url_are_skipped() -> None:
    items = [
        {**BIO_JOURNEY, "audioUrl": None},
        {**BIO_JOURNEY, "title": ""},
        {**BIO_JOURNEY, "id": 280, "duration": "long", "moods": "Calm", "genres": ["Pop", 3, None, ""]},
        {**BIO_JOURNEY, "id": 281, "duration": -4},
        [],
    ]
    odd, negative = parsing.music_tracks(raw({"items": items}))
    assert (odd.id, odd.duration_seconds, odd.moods, odd.genres) == ("280", None, (), ("Pop",))
    assert negative.duration_seconds is None


@pytest.mark.parametrize("body", [raw([BIO_JOURNEY]), raw({"items": "none"}), raw({"data": "x"}), b"<html>"])
def test_music_reply_of_the_wrong_shape(body: bytes) -> None:
    with pytest.raises(BadResponse) as caught:
        parsing.music_tracks(body)
    assert "list of music tracks this app could not read" in caught.value.user_message


def test_vocabulary_keeps_values_exactly_and_in_order() -> None:
    values = ["Calm / Serene", "Feel Good", "", 3, None, "Calm / Serene", " Dreamy "]
    assert parsing.vocabulary(raw(values), "music moods") == ["Calm / Serene", "Feel Good", " Dreamy "]
    with pytest.raises(BadResponse) as caught:
        parsing.vocabulary(raw({"moods": []}), "music moods")
    assert "list of music moods" in caught.value.user_message


def test_brands_and_styles() -> None:
    reply = [{"id": "eb67b4ba", "name": "Default Brand"}, {"id": 42, "name": "Numeric"}, {"id": "x"}, "Sleek"]
    assert [(i.id, i.name) for i in parsing.named_items(raw(reply), "brands")] == [
        ("eb67b4ba", "Default Brand"),
        ("42", "Numeric"),
    ]
    with pytest.raises(BadResponse) as caught:
        parsing.named_items(b'{"data": "x"}', "subtitle styles")
    assert "list of subtitle styles" in caught.value.user_message


def test_quota_reads_the_elevenlabs_meter() -> None:
    reply = {
        "videoMinutes": {"used": 98, "limit": 14400},
        "elevenLabsVoiceOverMinutes": {"used": 33, "limit": 480},
        "aiCredits": {"used": 690, "limit": 22000},
    }
    quota = parsing.quota(raw(reply))
    assert quota.balance == Decimal(21310)
    assert (quota.elevenlabs_minutes_used, quota.elevenlabs_minutes_limit) == (Decimal(33), Decimal(480))
    assert quota.elevenlabs_minutes_remaining == Decimal(447)


@pytest.mark.parametrize(
    "meter", [None, "33 of 480", {"used": 33}, {"used": "x", "limit": 480}], ids=["absent", "text", "half", "bad"]
)
def test_quota_without_a_readable_meter_still_gives_the_balance(meter: Any) -> None:
    reply: dict[str, Any] = {"aiCredits": {"used": 20, "limit": 120}}
    if meter is not None:
        reply["elevenLabsVoiceOverMinutes"] = meter
    quota = parsing.quota(raw(reply))
    assert quota.balance == Decimal(100)
    assert quota.elevenlabs_minutes_used is None and quota.elevenlabs_minutes_remaining is None


def test_remaining_minutes_never_go_below_zero() -> None:
    quota = Quota(Decimal(0), Decimal(1), elevenlabs_minutes_used=Decimal(500), elevenlabs_minutes_limit=Decimal(480))
    assert quota.elevenlabs_minutes_remaining == Decimal(0)


def test_music_query_body_holds_only_what_was_asked() -> None:
    assert MusicQuery().body() == {"page": 1, "pageSize": 20}
    assert MusicQuery(text="  ").body() == {"page": 1, "pageSize": 20}
    query = MusicQuery(text=" launch ", moods=("Calm / Serene",), genres=("Pop", "Funk"), purposes=("Education",),
                       page=2, page_size=50)  # fmt: skip
    assert query.body() == {
        "query": "launch", "mood": ["Calm / Serene"], "genre": ["Pop", "Funk"], "purpose": ["Education"],
        "page": 2, "pageSize": 50,
    }  # fmt: skip
    extra = MusicQuery(instruments=("Piano",), genre_groups=("Acoustic & Folk",), min_duration_seconds=30,
                       max_duration_seconds=90, sort="latest")  # fmt: skip
    assert extra.body() == {
        "instrument": ["Piano"], "genreGroup": ["Acoustic & Folk"], "minDuration": 30, "maxDuration": 90,
        "sort": "latest", "page": 1, "pageSize": 20,
    }  # fmt: skip


@pytest.mark.parametrize(("page", "size"), [(0, 20), (1, 19), (1, 101)])
def test_music_query_refuses_what_pictory_does_not_document(page: int, size: int) -> None:
    with pytest.raises(ValueError):
        MusicQuery(page=page, page_size=size)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
item_fields = ("id", "name", "title", "audioUrl", "sample", "language", "duration", "moods", "genres")
near_items = st.fixed_dictionaries({}, optional={key: json_values for key in item_fields})
near_replies = st.lists(near_items | json_values, max_size=4) | st.fixed_dictionaries(
    {}, optional={"items": st.lists(near_items | json_values, max_size=4) | json_values, "data": json_values}
)


@settings(max_examples=300, deadline=None)
@given(json_values | near_replies)
def test_no_reply_escapes_as_anything_but_a_pictory_error(value: Any) -> None:
    body = json.dumps(value).encode()
    for parse in (
        lambda: parsing.voices(body),
        lambda: parsing.music_tracks(body),
        lambda: parsing.vocabulary(body, "music moods"),
        lambda: parsing.named_items(body, "brands"),
    ):
        try:
            parse()
        except PictoryError:
            pass
