"""The sandbox's voices, music, brands and styles, and its checks of voiceOver/backgroundMusic/brand/subtitle
fields, seen from a plain HTTP client (``requests``), as Pictory documents them (pictory-api-more.md 2-4)."""

from __future__ import annotations

import io
import wave
from typing import Any

import pytest
import requests

from pictory_desktop.sandbox import Fault, SandboxServer
from tests.integration.conftest import SANDBOX_KEY

KEY = {"Authorization": SANDBOX_KEY}
TIMEOUT = 5

LIBRARY_CALLS: list[tuple[str, str]] = [
    ("GET", "/v1/voiceovers/tracks"),
    ("POST", "/v1/music/search"),
    ("GET", "/v1/music/moods"),
    ("GET", "/v1/music/genres"),
    ("GET", "/v1/music/genres/groups"),
    ("GET", "/v1/music/instruments"),
    ("GET", "/v1/music/purposes"),
    ("GET", "/v1/brands/video"),
    ("GET", "/v1/styles"),
]


def api(
    sandbox: SandboxServer, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> requests.Response:
    return requests.request(
        method, sandbox.base_url + path, json=body, headers=KEY if headers is None else headers, timeout=TIMEOUT
    )


def voices(sandbox: SandboxServer) -> list[dict[str, Any]]:
    response = api(sandbox, "GET", "/v1/voiceovers/tracks")
    assert response.status_code == 200
    return response.json()


def search(sandbox: SandboxServer, body: Any = None) -> requests.Response:
    return api(sandbox, "POST", "/v1/music/search", {} if body is None else body)


def titles(sandbox: SandboxServer, body: dict[str, Any]) -> list[str]:
    response = search(sandbox, body)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


def read_wav(data: bytes) -> tuple[wave._wave_params, bytes]:
    with wave.open(io.BytesIO(data)) as reader:
        return reader.getparams(), reader.readframes(reader.getnframes())


def assert_playable(data: bytes, shortest: float, longest: float) -> None:
    params, frames = read_wav(data)
    assert (params.nchannels, params.sampwidth, params.framerate, params.comptype) == (1, 2, 22_050, "NONE")
    assert shortest <= params.nframes / params.framerate <= longest
    loud = max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True)) for i in range(0, len(frames), 2))
    assert 8_000 < loud < 32_767  # clearly audible, and never clipped


# ---- authentication and faults --------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), LIBRARY_CALLS)
@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": f"Bearer {SANDBOX_KEY}"}, {"Authorization": "pictai_"}],
    ids=["missing", "bearer-prefix", "prefix-only"],
)  # fmt: skip
def test_every_library_route_needs_a_raw_pictai_key(
    sandbox: SandboxServer, method: str, path: str, headers: dict[str, str]
) -> None:
    response = api(sandbox, method, path, {} if method == "POST" else None, headers)
    assert response.status_code == 401 and response.json() == {"message": "Unauthorized"}
    assert api(sandbox, method, path, {} if method == "POST" else None).status_code == 200


def test_library_routes_obey_fault_injection(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("voices", "status", status=503))
    sandbox.faults.add(Fault("music_search", "status", status=429, headers={"Retry-After": "3"}))
    sandbox.faults.add(Fault("music_vocabulary", "non_json"))
    sandbox.faults.add(Fault("brands", "wrong_shape"))
    sandbox.faults.add(Fault("styles", "unauthorized"))
    assert api(sandbox, "GET", "/v1/voiceovers/tracks").status_code == 503
    limited = search(sandbox)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "3"
    assert api(sandbox, "GET", "/v1/music/moods").text.startswith("<html>")
    assert api(sandbox, "GET", "/v1/brands/video").json() == {"data": "x"}
    assert api(sandbox, "GET", "/v1/styles").status_code == 401
    # Each fault was used once; the next answers are the real ones.
    assert len(voices(sandbox)) >= 12 and search(sandbox).status_code == 200


# ---- voices ---------------------------------------------------------------------------------------------
def test_voices_are_a_bare_array_in_pictorys_shape(sandbox: SandboxServer) -> None:
    listed = voices(sandbox)
    assert len(listed) >= 12
    assert {"en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "nl-NL"} <= {v["language"] for v in listed}
    assert {v["gender"] for v in listed} == {"female", "male"}
    services = [v["service"] for v in listed]
    assert services.count("elevenlabs") >= 2 and set(services) == {"aws", "google", "elevenlabs"}
    for voice in listed:
        assert isinstance(voice["id"], int) and voice["name"] and voice["voice"] and voice["engine"]
    assert len({v["id"] for v in listed}) == len(listed)
    # The documented fallback names (pictory-api-more.md 2.1) exist, so published bodies name real voices.
    assert {"Martin", "Tim", "Gabriel", "Wilbur", "Hugo", "Brian", "Joanna"} <= {v["name"] for v in listed}


def test_voice_samples_are_real_wav_files_fetched_without_a_key(sandbox: SandboxServer) -> None:
    listed = voices(sandbox)
    samples: set[bytes] = set()
    for voice in listed:
        url = voice["sample"]
        assert url.startswith(sandbox.cdn_base_url + "/sandbox-media/voices/") and url.endswith(".wav")
        response = requests.get(url, timeout=TIMEOUT)  # no Authorization: a media player has no key
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "audio/wav"
        assert int(response.headers["Content-Length"]) == len(response.content) < 150_000
        assert_playable(response.content, 1.5, 3.0)
        samples.add(response.content)
    assert len(samples) == len(listed)  # every voice sounds different
    again = requests.get(listed[0]["sample"], timeout=TIMEOUT).content
    assert again == requests.get(listed[0]["sample"], timeout=TIMEOUT).content  # the same every time
    media = [r for r in sandbox.requests if r.route == "media"]
    assert media and all("authorization" not in {k.lower() for k in r.headers} for r in media)


def test_samples_answer_head_and_range_for_players_that_seek(sandbox: SandboxServer) -> None:
    url = voices(sandbox)[0]["sample"]
    whole = requests.get(url, timeout=TIMEOUT).content
    head = requests.head(url, timeout=TIMEOUT)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(whole)
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=TIMEOUT)
    assert part.status_code == 206 and part.content == whole[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"


@pytest.mark.parametrize(
    "path", ["/sandbox-media/voices/9999.wav", "/sandbox-media/music/1001.wav", "/sandbox-media/voices/1001.mp3"]
)
def test_unknown_media_is_404(sandbox: SandboxServer, path: str) -> None:
    assert requests.get(sandbox.cdn_base_url + path, timeout=TIMEOUT).status_code == 404


def test_the_api_origin_does_not_serve_media(sandbox: SandboxServer) -> None:
    # Samples live on the CDN origin only, so nothing that plays them ever talks to the API host.
    origin = sandbox.base_url.removesuffix("/pictoryapis")
    assert requests.get(origin + "/sandbox-media/voices/1001.wav", timeout=TIMEOUT).status_code == 404


# ---- music ----------------------------------------------------------------------------------------------
def test_search_without_filters_lists_the_library(sandbox: SandboxServer) -> None:
    response = search(sandbox)
    assert response.status_code == 200
    items = response.json()["items"]
    assert 6 <= len(items) <= 8 and set(response.json()) == {"items"}
    for item in items:
        assert set(item) == {"id", "title", "audioUrl", "duration", "genres", "instruments", "moods", "purposes"}
        assert 4 <= item["duration"] <= 8
    assert "Bio Journey" in [item["title"] for item in items]


def test_tracks_are_playable_wav_files_as_long_as_they_say(sandbox: SandboxServer) -> None:
    items = search(sandbox).json()["items"]
    bodies = set()
    for item in items:
        assert item["audioUrl"].startswith(sandbox.cdn_base_url + "/sandbox-media/music/")
        response = requests.get(item["audioUrl"], timeout=TIMEOUT)
        assert response.status_code == 200 and response.headers["Content-Type"] == "audio/wav"
        assert int(response.headers["Content-Length"]) == len(response.content) < 400_000
        params, _ = read_wav(response.content)
        assert params.nframes / params.framerate == pytest.approx(item["duration"], abs=0.01)
        assert_playable(response.content, 4.0, 8.0)
        bodies.add(response.content)
    assert len(bodies) == len(items)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"query": "journey"}, ["Bio Journey"]),
        ({"query": "CALM"}, ["Bio Journey", "Slow Tide"]),  # a mood, case-insensitively
        ({"query": "lo-fi"}, ["Slow Tide"]),  # a genre
        ({"query": "corporate"}, ["Bio Journey", "Morning Standup", "Quarterly Heights"]),  # a purpose
        ({"query": "nothing like this"}, []),
        ({"mood": ["Calm / Serene"]}, ["Bio Journey", "Slow Tide"]),
        ({"mood": ["calm / serene"]}, []),  # filters are case-sensitive, as Pictory's are
        ({"mood": ["Energetic", "Playful"]}, ["Neon Circuit", "Paper Boats", "Runway Pulse"]),
        ({"genre": ["Cinematic"]}, ["Quarterly Heights"]),
        ({"purpose": ["Corporate / Business"]}, ["Bio Journey", "Morning Standup", "Quarterly Heights"]),
        ({"purpose": ["Corporate / Business"], "mood": ["Feel Good"]}, ["Bio Journey", "Morning Standup"]),
        ({"purpose": ["Corporate / Business"], "notMood": ["Feel Good"]}, ["Quarterly Heights"]),
        ({"query": "good", "genre": ["Acoustic"]}, ["Morning Standup"]),
        ({"instrument": ["Piano"], "maxDuration": 7}, ["Last Light"]),
        ({"genreGroup": ["Electronic"], "minDuration": 5}, ["Bio Journey", "Slow Tide"]),
        ({"mood": []}, ["Bio Journey", "Morning Standup", "Quarterly Heights", "Neon Circuit", "Slow Tide",
                        "Paper Boats", "Last Light", "Runway Pulse"]),
        ({"page": 2, "pageSize": 20}, []),
        ({"purpose": ["Documentary"], "sort": "latest"}, ["Last Light", "Quarterly Heights"]),
        ({"query": "calm", "unknownField": True}, ["Bio Journey", "Slow Tide"]),
    ],
)  # fmt: skip
def test_search_filters(sandbox: SandboxServer, body: dict[str, Any], expected: list[str]) -> None:
    assert titles(sandbox, body) == expected


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "2"}, "page"),
        ({"pageSize": 19}, "pageSize"),
        ({"pageSize": 101}, "pageSize"),
        ({"mood": "Calm / Serene"}, "mood"),
        ({"genre": [1]}, "genre"),
        ({"query": 5}, "query"),
        ({"sort": "random"}, "sort"),
        ([], ""),
    ],
)
def test_bad_search_bodies_get_the_400_shape(sandbox: SandboxServer, body: Any, field: str) -> None:
    response = search(sandbox, body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "INVALID_REQUEST_BODY" and payload["message"]
    assert [f["name"] for f in payload["fields"]] == [field]


def test_search_body_that_is_not_json_is_400(sandbox: SandboxServer) -> None:
    response = requests.post(sandbox.base_url + "/v1/music/search", data=b"{mood", headers=KEY, timeout=TIMEOUT)
    assert response.status_code == 400 and response.json()["code"] == "INVALID_REQUEST_BODY"


def test_vocabularies_are_bare_string_arrays_covering_every_track(sandbox: SandboxServer) -> None:
    lists = {}
    for kind in ("moods", "genres", "genres/groups", "instruments", "purposes"):
        response = api(sandbox, "GET", f"/v1/music/{kind}")
        assert response.status_code == 200
        values = response.json()
        assert values and all(isinstance(v, str) and v for v in values) and len(set(values)) == len(values)
        lists[kind] = set(values)
    assert {"Calm / Serene", "Feel Good"} <= lists["moods"]
    assert "Corporate / Business" in lists["purposes"]
    assert lists["genres/groups"].isdisjoint(lists["genres"])  # groups/genres is not mistaken for genres
    for item in search(sandbox).json()["items"]:
        assert set(item["moods"]) <= lists["moods"] and set(item["genres"]) <= lists["genres"]
        assert set(item["purposes"]) <= lists["purposes"] and set(item["instruments"]) <= lists["instruments"]
        # every value a track shows finds that track when used as a filter
        assert item["title"] in titles(sandbox, {"mood": [item["moods"][0]], "genre": [item["genres"][0]]})


def test_brands_and_styles(sandbox: SandboxServer) -> None:
    brands = api(sandbox, "GET", "/v1/brands/video").json()
    styles = api(sandbox, "GET", "/v1/styles").json()
    assert len(brands) == 2 and all(set(b) == {"id", "name"} for b in brands)
    assert [s["name"] for s in styles] == ["Default", "Sleek", "Headliner", "Black Traditional Caption"]
    assert len({s["id"] for s in styles}) == 4


def test_quota_has_the_elevenlabs_meter(sandbox: SandboxServer) -> None:
    reply = api(sandbox, "GET", "/v1/quota").json()
    assert reply["elevenLabsVoiceOverMinutes"] == {"used": 0, "limit": 120}
    assert set(reply) == {"aiCredits", "videoMinutes", "elevenLabsVoiceOverMinutes"}


# ---- render/preview body: voiceOver, backgroundMusic, brand, subtitle style, size -----------------------
def body_with(scene: dict[str, Any] | None = None, **video: Any) -> dict[str, Any]:
    return {"videoName": "narrated", "scenes": [{"story": "One sentence.", **(scene or {})}], **video}


AI_VOICE = {"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 100, "amplificationLevel": 0}]}
EXTERNAL = {"voiceUrl": "https://example.com/voice.mp3", "syncVoice": True}
VO = "voiceOver.aiVoices[0]"
SVO = "scenes[0].voiceOver"

BODY_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("both voice sources", body_with(voiceOver={**AI_VOICE, "externalVoice": EXTERNAL}), ["voiceOver.externalVoice"]),
    ("both on a scene", body_with({"voiceOver": {**AI_VOICE, "externalVoice": EXTERNAL}}), [f"{SVO}.externalVoice"]),
    ("speed 49", body_with(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 49}]}),
     [f"{VO}.speed"]),
    ("speed 201", body_with(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": 201}]}),
     [f"{VO}.speed"]),
    ("speed text", body_with(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Martin", "speed": "fast"}]}),
     [f"{VO}.speed"]),
    ("amplification 1.5", body_with(voiceOver={"enabled": True, "aiVoices": [{"speaker": "Tim",
                                                                               "amplificationLevel": 1.5}]}),
     [f"{VO}.amplificationLevel"]),
    ("external amplification -2", body_with(voiceOver={"enabled": True, "externalVoice": {**EXTERNAL,
                                                                                          "amplificationLevel": -2}}),
     ["voiceOver.externalVoice.amplificationLevel"]),
    ("no speaker", body_with(voiceOver={"enabled": True, "aiVoices": [{"speed": 100}]}), [f"{VO}.speaker"]),
    ("blank speaker", body_with(voiceOver={"enabled": True, "aiVoices": [{"speaker": " "}]}), [f"{VO}.speaker"]),
    ("scene voice speed", body_with({"voiceOver": {"aiVoices": [{"speaker": "Hugo", "speed": 300}]}}),
     [f"{SVO}.aiVoices[0].speed"]),
    ("scene voice no speaker", body_with({"voiceOver": {"aiVoices": [{}]}}), [f"{SVO}.aiVoices[0].speaker"]),
    ("aiVoices not a list", body_with(voiceOver={"enabled": True, "aiVoices": {"speaker": "Tim"}}),
     ["voiceOver.aiVoices"]),
    ("autoMusic and musicUrl", body_with(backgroundMusic={"enabled": True, "autoMusic": True,
                                                           "musicUrl": "https://x/m.mp3"}),
     ["backgroundMusic.musicUrl"]),
    ("volume 1.2", body_with(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 1.2}),
     ["backgroundMusic.volume"]),
    ("volume -0.1", body_with(backgroundMusic={"enabled": True, "autoMusic": True, "volume": -0.1}),
     ["backgroundMusic.volume"]),
    ("volume true", body_with(backgroundMusic={"enabled": True, "autoMusic": True, "volume": True}),
     ["backgroundMusic.volume"]),
    ("brandId and brandName", body_with(brandId="eb67b4ba", brandName="Default Brand"), ["brandName"]),
    ("style id and name", body_with(subtitleStyleId="8f3d", subtitleStyleName="Sleek"), ["subtitleStyleName"]),
    ("scene style id and name", body_with({"subtitleStyleId": "8f3d", "subtitleStyleName": "Sleek"}),
     ["scenes[0].subtitleStyleName"]),
    ("width without height", body_with(videoWidth=1920), ["videoHeight"]),
    ("height without width", body_with(videoHeight=1080), ["videoWidth"]),
]  # fmt: skip

VALID_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("documented voice", body_with(voiceOver=AI_VOICE)),
    ("speed and level at the ends", body_with(voiceOver={"enabled": True, "aiVoices": [
        {"speaker": "Martin", "speed": 50, "amplificationLevel": -1}, {"speaker": 1001, "speed": 200,
                                                                         "amplificationLevel": 1}]})),
    ("external voice", body_with(voiceOver={"enabled": True, "externalVoice": {**EXTERNAL, "amplificationLevel": 0.5}})),
    ("scene overrides", body_with({"voiceOver": {"aiVoices": [{"speaker": "Hugo", "speed": 90}]},
                                   "subtitleStyleName": "Sleek", "backgroundMusic": {"enabled": False}},
                                  voiceOver=AI_VOICE)),
    ("music at the ends", body_with(backgroundMusic={"enabled": True, "musicUrl": "https://x/m.mp3", "volume": 0})),
    ("music full volume", body_with(backgroundMusic={"enabled": True, "autoMusic": True, "volume": 1})),
    ("autoMusic false with url", body_with(backgroundMusic={"enabled": True, "autoMusic": False,
                                                             "musicUrl": "https://x/m.mp3", "volume": 0.12})),
    ("brand and style ids", body_with(brandId="eb67b4ba", subtitleStyleId="8f3d")),
    ("width and height", body_with(videoWidth=1920, videoHeight=1080)),
]  # fmt: skip


@pytest.mark.parametrize(("body", "fields"), [c[1:] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES])
def test_narration_music_brand_and_size_rules(sandbox: SandboxServer, body: dict[str, Any], fields: list[str]) -> None:
    for route in ("/v2/video/storyboard/render", "/v2/video/storyboard"):
        response = api(sandbox, "POST", route, body)
        assert response.status_code == 400, response.text
        payload = response.json()
        assert payload["code"] == "INVALID_REQUEST_BODY" and payload["message"]
        assert [f["name"] for f in payload["fields"]] == fields
        assert all(isinstance(f["errors"], str) and f["errors"] for f in payload["fields"])
    assert sandbox.account.job_ids_newest_first() == []


@pytest.mark.parametrize("body", [c[1] for c in VALID_BODIES], ids=[c[0] for c in VALID_BODIES])
def test_valid_narration_and_music_are_accepted(sandbox: SandboxServer, body: dict[str, Any]) -> None:
    response = api(sandbox, "POST", "/v2/video/storyboard/render", body)
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True
