"""The sandbox server, seen from a client: real HTTP over 127.0.0.1 with ``requests``.

These tests pin what Pictory documents (pictory-api.md) so the app's own tests, which talk to this
server, are tests against Pictory's behaviour and not against whatever the sandbox happened to do.
"""

from __future__ import annotations

import copy
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from pictory_desktop.sandbox import Fault, SandboxServer
from tests.integration.conftest import QUEUE_SECONDS, RENDER_SECONDS, SANDBOX_KEY
from tests.timing import STOP_POLL, SandboxClock

KEY = {"Authorization": SANDBOX_KEY}
TIMEOUT = 5

# The complete example from the AI background images guide: seedream3.0 (2) + nanobanana (4) = 6 credits.
GUIDE_BODY: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "unit" / "data" / "guide_example.json").read_text("utf-8")
)
OUTPUT_KEYS = ("videoURL", "videoShareURL", "thumbnail", "srtFile", "vttFile", "txtFile", "audioURL")


def guide_body() -> dict[str, Any]:
    return copy.deepcopy(GUIDE_BODY)


def one_scene(background: dict[str, Any] | None = None, **scene: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"videoName": "test", "scenes": [{"story": "One short sentence.", **scene}]}
    if background is not None:
        body["scenes"][0]["background"] = background
    return body


def ai_image(model: str = "flux-schnell", **extra: Any) -> dict[str, Any]:
    return {"type": "image", "aiVisual": {"model": model, **extra}}


def ai_video(model: str = "pixverse5.5", duration: str = "5s", **extra: Any) -> dict[str, Any]:
    return {"type": "video", "aiVisual": {"model": model, "videoDuration": duration, **extra}}


def submit(sandbox: SandboxServer, body: Any, route: str = "/v2/video/storyboard/render") -> requests.Response:
    return requests.post(sandbox.base_url + route, json=body, headers=KEY, timeout=TIMEOUT)


def submit_ok(sandbox: SandboxServer, body: Any, route: str = "/v2/video/storyboard/render") -> str:
    response = submit(sandbox, body, route)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["success"] is True
    return payload["data"]["jobId"]


def get_job(sandbox: SandboxServer, job_id: str) -> requests.Response:
    return requests.get(f"{sandbox.base_url}/v1/jobs/{job_id}", headers=KEY, timeout=TIMEOUT)


def poll(sandbox: SandboxServer, job_id: str, clock: SandboxClock, limit: float = 5.0) -> list[dict[str, Any]]:
    """Every answer, 0.05 s of the sandbox's time apart, until the job leaves in-progress (or ``limit``
    seconds of its time pass). ``clock`` is the sandbox's: each gap passes at once instead of being slept."""
    answers: list[dict[str, Any]] = []
    waited = 0.0
    while waited < limit:
        answer = get_job(sandbox, job_id).json()
        answers.append(answer)
        if answer["data"].get("status") != "in-progress":
            return answers
        clock.advance(0.05)
        waited += 0.05
    return answers


def quota(sandbox: SandboxServer) -> dict[str, Any]:
    response = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    assert response.status_code == 200
    return response.json()


def credits_used(sandbox: SandboxServer) -> Decimal:
    return Decimal(str(quota(sandbox)["aiCredits"]["used"]))


def shipped(name: str) -> bytes:
    return files("pictory_desktop.resources").joinpath("sandbox", name).read_bytes()


@pytest.fixture
def clocked() -> Any:
    """A sandbox on a clock that only the test moves (1 s queued, 4 s rendering), for exact lifecycle steps."""
    clock = SandboxClock(start=1_800_000_000.0)
    server = SandboxServer(queue_seconds=1.0, render_seconds=4.0, clock=clock, stop_poll_seconds=STOP_POLL).start()
    try:
        yield server, clock
    finally:
        server.stop()
    assert server.errors == []


# ---- authentication ---------------------------------------------------------------------------------
API_CALLS: list[tuple[str, str]] = [
    ("POST", "/v2/video/storyboard/render"),
    ("POST", "/v2/video/storyboard"),
    ("PUT", "/v2/video/render/some-preview"),
    ("GET", "/v1/jobs/some-job"),
    ("GET", "/v1/jobs"),
    ("GET", "/v1/quota"),
    ("GET", "/v1/aicredits/usage?year=2026&month=1"),
]


@pytest.mark.parametrize(("method", "path"), API_CALLS)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": f"Bearer {SANDBOX_KEY}"}, {"Authorization": "sk_live_123"}, {"Authorization": "pictai_"}],
    ids=["missing", "bearer-prefix", "wrong-prefix", "prefix-only"],
)
def test_every_api_route_answers_401_without_a_raw_pictai_key(
    sandbox: SandboxServer, method: str, path: str, headers: dict[str, str]
) -> None:
    response = requests.request(method, sandbox.base_url + path, json=guide_body(), headers=headers, timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_a_rejected_key_creates_no_job(sandbox: SandboxServer) -> None:
    requests.post(sandbox.base_url + "/v2/video/storyboard/render", json=guide_body(), timeout=TIMEOUT)
    assert requests.get(sandbox.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()["items"] == []


def test_any_raw_pictai_key_is_accepted(sandbox: SandboxServer) -> None:
    response = requests.get(sandbox.base_url + "/v1/quota", headers={"Authorization": "pictai_x"}, timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.json()["aiCredits"] == {"used": 0, "limit": 500}


def test_unknown_paths_and_wrong_methods_are_404(sandbox: SandboxServer) -> None:
    for method, url in [
        ("GET", sandbox.base_url + "/v2/nothing"),
        ("GET", sandbox.base_url + "/v2/video/storyboard/render"),
        ("GET", sandbox.cdn_base_url + "/elsewhere.mp4"),
    ]:
        assert requests.request(method, url, headers=KEY, timeout=TIMEOUT).status_code == 404


# ---- validation -------------------------------------------------------------------------------------
def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation of the one-scene body: ``path`` like "scenes.0.background" (missing keys are created)."""

    def mutate(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


_DELETE = object()
SCENE0 = "scenes[0]"
AI = "scenes[0].background.aiVisual"

VALIDATION_CASES: list[tuple[str, dict[str, Any] | None, Callable[[dict[str, Any]], None], str]] = [
    ("videoName missing", None, _set("videoName", _DELETE), "videoName"),
    ("videoName empty", None, _set("videoName", ""), "videoName"),
    ("videoName blank", None, _set("videoName", "   "), "videoName"),
    ("videoName number", None, _set("videoName", 5), "videoName"),
    ("scenes missing", None, _set("scenes", _DELETE), "scenes"),
    ("scenes empty", None, _set("scenes", []), "scenes"),
    ("scenes object", None, _set("scenes", {"story": "x"}), "scenes"),
    ("scene not object", None, _set("scenes.0", "story"), SCENE0),
    ("story number", None, _set("scenes.0.story", 12), f"{SCENE0}.story"),
    ("story too long", None, _set("scenes.0.story", "a" * 15_001), f"{SCENE0}.story"),
    (
        "split flag text",
        None,
        _set("scenes.0.createSceneOnEndOfSentence", "yes"),
        f"{SCENE0}.createSceneOnEndOfSentence",
    ),
    ("newline flag null", None, _set("scenes.0.createSceneOnNewLine", None), f"{SCENE0}.createSceneOnNewLine"),
    ("background list", None, _set("scenes.0.background", []), f"{SCENE0}.background"),
    ("url and aiVisual", {**ai_image(), "visualUrl": "https://x/y.jpg"}, lambda b: None, f"{SCENE0}.background"),
    ("color and url", {"color": "#000000", "visualUrl": "https://x/y.jpg"}, lambda b: None, f"{SCENE0}.background"),
    ("aiVisual without type", {"aiVisual": {"model": "flux-schnell"}}, lambda b: None, f"{SCENE0}.background.type"),
    ("type unknown", {"type": "gif", "color": "#000"}, lambda b: None, f"{SCENE0}.background.type"),
    ("aiVisual not object", {"type": "image", "aiVisual": "flux"}, lambda b: None, AI),
    ("model missing", {"type": "image", "aiVisual": {"prompt": "x"}}, lambda b: None, f"{AI}.model"),
    ("model unknown", ai_image("dall-e-3"), lambda b: None, f"{AI}.model"),
    ("image model as video", {"type": "video", "aiVisual": {"model": "flux-schnell"}}, lambda b: None, f"{AI}.model"),
    ("video model as image", {"type": "image", "aiVisual": {"model": "veo3.1"}}, lambda b: None, f"{AI}.model"),
    ("mediaStyle unknown", ai_image(mediaStyle="noir"), lambda b: None, f"{AI}.mediaStyle"),
    ("videoDuration on image", ai_image(videoDuration="5s"), lambda b: None, f"{AI}.videoDuration"),
    ("videoDuration not offered", ai_video("pixverse5.5", "4s"), lambda b: None, f"{AI}.videoDuration"),
    (
        "videoDuration missing",
        {"type": "video", "aiVisual": {"model": "veo3.1"}},
        lambda b: None,
        f"{AI}.videoDuration",
    ),
    ("image prompt 251", ai_image(prompt="p" * 251), lambda b: None, f"{AI}.prompt"),
    ("image prompt 126 emoji", ai_image(prompt="🎬" * 126), lambda b: None, f"{AI}.prompt"),
    ("video prompt 501", ai_video(prompt="p" * 501), lambda b: None, f"{AI}.prompt"),
    ("prompt number", ai_image(prompt=7), lambda b: None, f"{AI}.prompt"),
    ("aspectRatio unknown", None, _set("aspectRatio", "21:9"), "aspectRatio"),
    ("aspectRatio number", None, _set("aspectRatio", 1.5), "aspectRatio"),
    ("4:5 with image model", ai_image(), _set("aspectRatio", "4:5"), f"{AI}.model"),
    ("1:1 with veo", ai_video("veo3.1_fast", "4s"), _set("aspectRatio", "1:1"), f"{AI}.model"),
]


@pytest.mark.parametrize(
    ("background", "mutate", "field"),
    [case[1:] for case in VALIDATION_CASES],
    ids=[case[0] for case in VALIDATION_CASES],
)
def test_invalid_bodies_get_pictorys_400_naming_the_field(
    sandbox: SandboxServer,
    background: dict[str, Any] | None,
    mutate: Callable[[dict[str, Any]], None],
    field: str,
) -> None:
    body = one_scene(background)
    mutate(body)
    for route in ("/v2/video/storyboard/render", "/v2/video/storyboard"):
        response = submit(sandbox, body, route)
        assert response.status_code == 400, response.text
        payload = response.json()
        assert payload["code"] == "INVALID_REQUEST_BODY"
        assert isinstance(payload["message"], str) and payload["message"]
        assert [f["name"] for f in payload["fields"]] == [field]
        assert all(isinstance(f["errors"], str) and f["errors"] for f in payload["fields"])


VALID_EDGE_CASES: list[tuple[str, dict[str, Any]]] = [
    ("image prompt exactly 250", one_scene(ai_image(prompt="p" * 250))),
    ("image prompt 125 emoji = 250 UTF-16 units", one_scene(ai_image(prompt="🎬" * 125))),
    ("video prompt exactly 500", one_scene(ai_video(prompt="p" * 500))),
    ("story exactly 15000", one_scene(story="a" * 15_000)),
    ("4:5 without AI visuals", {**one_scene({"color": "#112233"}), "aspectRatio": "4:5"}),
    ("pixverse in 1:1", {**one_scene(ai_video("pixverse5.5", "10s")), "aspectRatio": "1:1"}),
    ("no background at all", one_scene()),
    ("stock visual", one_scene({"type": "image", "visualUrl": "https://example.com/a.jpg"})),
    ("prompt omitted", one_scene(ai_image("nanobanana-pro", mediaStyle="vintage"))),
]


@pytest.mark.parametrize("body", [c[1] for c in VALID_EDGE_CASES], ids=[c[0] for c in VALID_EDGE_CASES])
def test_bodies_at_the_limits_are_accepted(sandbox: SandboxServer, body: dict[str, Any]) -> None:
    submit_ok(sandbox, body)


def test_every_problem_is_reported_at_once(sandbox: SandboxServer) -> None:
    body = {
        "videoName": "",
        "aspectRatio": "2:1",
        "scenes": [
            {"story": "ok", "background": ai_image(mediaStyle="noir", prompt="x" * 300)},
            {"story": "ok", "background": ai_image("flux-schnell", videoDuration="5s")},
        ],
    }
    response = submit(sandbox, body)
    assert response.status_code == 400
    names = {f["name"] for f in response.json()["fields"]}
    assert names == {
        "videoName",
        "aspectRatio",
        "scenes[0].background.aiVisual.mediaStyle",
        "scenes[0].background.aiVisual.prompt",
        "scenes[1].background.aiVisual.videoDuration",
    }


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"", b'{"videoName": NaN, "scenes": []}', b"\xff\xfe\x00", b"[]", b'"text"'],
    ids=["broken", "empty", "nan", "not-utf8", "list", "string"],
)
def test_malformed_or_non_object_json_is_400(sandbox: SandboxServer, raw: bytes) -> None:
    response = requests.post(
        sandbox.base_url + "/v2/video/storyboard/render",
        data=raw,
        headers={**KEY, "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_REQUEST_BODY"


def test_rejected_bodies_create_no_job_and_cost_nothing(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    submit(sandbox, one_scene(ai_image("nanobanana-pro", prompt="x" * 400)))
    sandbox_clock.advance(1.0)  # long enough for any job it had made to finish and be charged
    assert requests.get(sandbox.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()["items"] == []
    assert credits_used(sandbox) == 0


def test_unknown_and_misspelt_fields_are_dropped_silently(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    # Three sentences with a misspelt split flag: Pictory ignores the flag, so ONE image is made, not three.
    body = one_scene(
        {
            "type": "image",
            "aiVisual": {"model": "flux-schnell", "mediaStlye": "noir", "seed": "not-a-number"},
            "opacity": "lots",
        },
        story="First one. Second one. Third one.",
        createSceneOnEndOfSentance=True,
    )
    body["videoNmae"] = 42
    body["scenes"][0]["sceneDuration"] = {"nested": [1, 2]}
    preview_id = submit_ok(sandbox, body, "/v2/video/storyboard")
    answers = poll(sandbox, preview_id, sandbox_clock)
    data = answers[-1]["data"]
    assert data["status"] == "completed"
    assert "aiCreditsUsed" not in data  # Pictory documents none for a preview: its cost is in the ledger (below)
    assert len(data["preview"]["scenes"]) == 1
    params = data["renderParams"]
    assert "videoNmae" not in params
    assert params["scenes"][0] == {
        "story": "First one. Second one. Third one.",
        "background": {"type": "image", "aiVisual": {"model": "flux-schnell"}},
    }
    assert credits_used(sandbox) == Decimal("0.6")


def test_documented_top_level_fields_survive(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    body = {
        **one_scene(),
        "voiceOver": {"enabled": True},
        "backgroundMusic": {"volume": 0.2},
        "webhook": "https://example.com/hook",
        "subtitleStyleName": "bold",
    }
    preview_id = submit_ok(sandbox, body, "/v2/video/storyboard")
    params = poll(sandbox, preview_id, sandbox_clock)[-1]["data"]["renderParams"]
    assert params["voiceOver"] == {"enabled": True}
    assert params["backgroundMusic"] == {"volume": 0.2}
    assert params["webhook"] == "https://example.com/hook"
    assert params["subtitleStyleName"] == "bold"


# ---- job lifecycle ----------------------------------------------------------------------------------
def test_job_goes_queued_then_rendering_then_completed(clocked: Any) -> None:
    server, clock = clocked
    job_id = submit_ok(server, guide_body())

    queued = get_job(server, job_id).json()
    assert queued == {"job_id": job_id, "success": True, "data": {"status": "in-progress"}}
    clock.advance(0.9)
    assert get_job(server, job_id).json()["data"] == {"status": "in-progress"}  # still queued: no progress
    clock.advance(0.1)

    progress = []
    for _ in range(8):
        clock.advance(0.5)
        answer = get_job(server, job_id).json()
        if answer["data"]["status"] != "in-progress":
            break
        data = answer["data"]
        assert data["renderState"] == "RUNNING"
        assert isinstance(data["renderProgress"], int) and 0 <= data["renderProgress"] <= 100
        assert isinstance(data["renderProgressMessage"], str) and data["renderProgressMessage"]
        progress.append(data["renderProgress"])
    assert len(progress) >= 6
    assert progress == sorted(progress) and progress[-1] > progress[0]

    clock.advance(1.0)
    done = get_job(server, job_id).json()
    assert done["success"] is True and done["job_id"] == job_id
    data = done["data"]
    assert data["status"] == "completed"
    cdn = urlsplit(server.cdn_base_url)
    api = urlsplit(server.base_url)
    for key in OUTPUT_KEYS:
        url = urlsplit(data[key])
        assert (url.scheme, url.netloc) == (cdn.scheme, cdn.netloc), key
        assert url.netloc != api.netloc
    assert data["aiCreditsUsed"] == 6
    assert isinstance(data["videoDuration"], (int, float)) and data["videoDuration"] > 0


def test_ai_jobs_say_they_are_generating_ai_visuals_first(clocked: Any) -> None:
    server, clock = clocked
    job_id = submit_ok(server, guide_body())
    clock.advance(1.2)
    assert get_job(server, job_id).json()["data"]["renderProgressMessage"] == "Generating AI visuals"
    clock.advance(2.5)
    assert get_job(server, job_id).json()["data"]["renderProgressMessage"] == "Generating video"


def test_a_real_time_render_completes_under_the_fixture_timings() -> None:
    # The one sandbox here on the real clock (the default, as in the app's sandbox mode), with the fixture's
    # timings: a render really takes its 0.2 + 0.6 seconds, seen through real-time polls.
    with SandboxServer(
        queue_seconds=QUEUE_SECONDS, render_seconds=RENDER_SECONDS, stop_poll_seconds=STOP_POLL
    ) as sandbox:
        job_id = submit_ok(sandbox, guide_body())
        started = time.monotonic()
        answers: list[dict[str, Any]] = []
        while time.monotonic() - started < 5 and (not answers or answers[-1]["data"]["status"] == "in-progress"):
            time.sleep(0.05)
            answers.append(get_job(sandbox, job_id).json())
        assert answers[-1]["data"]["status"] == "completed"
        assert 0.7 <= time.monotonic() - started < 3
        assert any("renderProgress" in a["data"] for a in answers[:-1])


def test_unknown_job_id_is_job_not_found(sandbox: SandboxServer) -> None:
    response = get_job(sandbox, "00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    payload = response.json()
    assert payload["success"] is False
    assert payload["data"]["error_code"] == "JOB_NOT_FOUND"


def test_job_ids_are_unique_uuids(sandbox: SandboxServer) -> None:
    import uuid

    ids = {submit_ok(sandbox, one_scene()) for _ in range(5)}
    assert len(ids) == 5
    assert all(uuid.UUID(i).version == 4 for i in ids)


# ---- CDN --------------------------------------------------------------------------------------------
def test_outputs_download_from_the_cdn_without_the_api_key(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    body = guide_body()
    job_id = submit_ok(sandbox, body)
    data = poll(sandbox, job_id, sandbox_clock)[-1]["data"]

    video = requests.get(data["videoURL"], timeout=TIMEOUT)
    assert video.status_code == 200
    assert video.headers["Content-Type"] == "video/mp4"
    assert int(video.headers["Content-Length"]) == len(video.content)
    assert video.content == shipped("video.mp4")
    assert video.content[4:8] == b"ftyp"

    thumbnail = requests.get(data["thumbnail"], timeout=TIMEOUT)
    assert thumbnail.headers["Content-Type"] == "image/jpeg" and thumbnail.content[:3] == b"\xff\xd8\xff"
    audio = requests.get(data["audioURL"], timeout=TIMEOUT)
    assert audio.headers["Content-Type"] == "audio/mpeg" and audio.content == shipped("audio.mp3")

    stories = [scene["story"] for scene in body["scenes"]]
    srt = requests.get(data["srtFile"], timeout=TIMEOUT)
    assert srt.headers["Content-Type"].startswith("application/x-subrip")
    assert srt.text.startswith("1\n00:00:00,000 --> ")
    assert all(story in srt.text for story in stories)
    vtt = requests.get(data["vttFile"], timeout=TIMEOUT)
    assert vtt.headers["Content-Type"].startswith("text/vtt") and vtt.text.startswith("WEBVTT\n")
    assert all(story in vtt.text for story in stories)
    txt = requests.get(data["txtFile"], timeout=TIMEOUT)
    assert txt.text.splitlines() == stories

    cdn_requests = [r for r in sandbox.requests if r.origin == "cdn"]
    assert len(cdn_requests) == 6
    assert {r.route for r in cdn_requests} == {"download"}
    assert all("authorization" not in {k.lower() for k in r.headers} for r in cdn_requests)


def test_sentence_split_scenes_each_get_a_subtitle(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    body = one_scene(story="Hello there. How are you? Fine!", createSceneOnEndOfSentence=True)
    data = poll(sandbox, submit_ok(sandbox, body), sandbox_clock)[-1]["data"]
    srt = requests.get(data["srtFile"], timeout=TIMEOUT).text
    assert [block.splitlines()[2] for block in srt.strip().split("\n\n")] == ["Hello there.", "How are you?", "Fine!"]


def test_cdn_answers_404_for_unknown_or_unfinished_jobs(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    assert requests.get(f"{sandbox.cdn_base_url}/renders/nope/video.mp4", timeout=TIMEOUT).status_code == 404
    job_id = submit_ok(sandbox, one_scene())
    assert requests.get(f"{sandbox.cdn_base_url}/renders/{job_id}/video.mp4", timeout=TIMEOUT).status_code == 404
    poll(sandbox, job_id, sandbox_clock)
    assert requests.get(f"{sandbox.cdn_base_url}/renders/{job_id}/video.mp4", timeout=TIMEOUT).status_code == 200
    assert requests.get(f"{sandbox.cdn_base_url}/renders/{job_id}/secret.txt", timeout=TIMEOUT).status_code == 404


def test_big_payload_and_resumed_download(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    sandbox.cdn_payload_bytes = 3 * 1024 * 1024 + 17
    data = poll(sandbox, submit_ok(sandbox, one_scene()), sandbox_clock)[-1]["data"]
    full = requests.get(data["videoURL"], timeout=TIMEOUT)
    assert len(full.content) == 3 * 1024 * 1024 + 17
    real = shipped("video.mp4")
    assert full.content.startswith(real)
    assert full.content[len(real) + 4 : len(real) + 8] == b"free"  # padding is an MP4 box, still playable

    rest = requests.get(data["videoURL"], headers={"Range": "bytes=1000000-"}, timeout=TIMEOUT)
    assert rest.status_code == 206
    assert rest.headers["Content-Range"] == f"bytes 1000000-{len(full.content) - 1}/{len(full.content)}"
    assert rest.content == full.content[1_000_000:]
    head = requests.get(data["videoURL"], headers={"Range": "bytes=0-99"}, timeout=TIMEOUT)
    assert head.content == real[:100]


# ---- credits ----------------------------------------------------------------------------------------
def test_quota_drops_by_exactly_the_guide_example_cost_when_the_job_completes(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    before = quota(sandbox)
    assert before["aiCredits"] == {"used": 0, "limit": 500}
    job_id = submit_ok(sandbox, guide_body())
    assert credits_used(sandbox) == 0  # charged on completion, not on submit
    assert poll(sandbox, job_id, sandbox_clock)[-1]["data"]["status"] == "completed"
    assert credits_used(sandbox) == Decimal(6)
    assert quota(sandbox)["aiCredits"]["limit"] == 500
    assert quota(sandbox)["videoMinutes"]["used"] > before["videoMinutes"]["used"]

    ledger = requests.get(sandbox.base_url + "/v1/aicredits/usage", headers=KEY, timeout=TIMEOUT).json()
    assert [(e["type"], e["amount"]) for e in ledger] == [("debit", 6)]
    assert job_id in ledger[0]["description"]


@pytest.mark.parametrize(
    ("scene", "cost"),
    [
        ({"background": ai_image("flux-schnell"), "story": "A. B. C.", "createSceneOnEndOfSentence": True}, "1.8"),
        (
            {"background": ai_image("nanobanana-pro"), "story": "one\n\n two \nthree", "createSceneOnNewLine": True},
            "42",
        ),
        (
            {
                "background": ai_image("seedream3.0"),
                "story": "A. B.\nC.",
                "createSceneOnNewLine": True,
                "createSceneOnEndOfSentence": True,
            },
            "6",
        ),
        ({"background": ai_video("pixverse5.5", "5s"), "story": "Clip."}, "8"),
        ({"background": ai_video("veo3.1", "8s"), "story": "One. Two.", "createSceneOnEndOfSentence": True}, "320"),
        ({"background": {"type": "image", "visualUrl": "https://example.com/a.jpg"}, "story": "Free."}, "0"),
    ],
    ids=["flux-3-sentences", "pro-3-lines", "lines-and-sentences", "pixverse-5s", "veo-2x8s", "stock"],
)
def test_charges_follow_the_catalog_and_scene_splitting(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, scene: dict[str, Any], cost: str
) -> None:
    sandbox.set_credits(limit=Decimal(1000))
    job_id = submit_ok(sandbox, {"videoName": "cost", "scenes": [scene]})
    data = poll(sandbox, job_id, sandbox_clock)[-1]["data"]
    assert data["status"] == "completed"
    assert Decimal(str(data["aiCreditsUsed"])) == Decimal(cost)
    assert credits_used(sandbox) == Decimal(cost)


def test_insufficient_credits_at_submit_fail_the_job_and_charge_nothing(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    sandbox.set_credits(limit=Decimal("5.9"))
    job_id = submit_ok(sandbox, guide_body())  # accepted: the failure arrives later, as a failed job
    answer = poll(sandbox, job_id, sandbox_clock)[-1]
    assert answer["success"] is False
    assert answer["data"]["status"] == "failed"
    assert answer["data"]["error_code"] == "INSUFFICIENT_CREDITS"
    assert answer["data"]["error_message"]
    assert quota(sandbox)["aiCredits"] == {"used": 0, "limit": 5.9}
    assert requests.get(answer_url(sandbox, job_id), timeout=TIMEOUT).status_code == 404


def answer_url(sandbox: SandboxServer, job_id: str) -> str:
    return f"{sandbox.cdn_base_url}/renders/{job_id}/video.mp4"


def test_exact_balance_is_enough(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    sandbox.set_credits(limit=Decimal(10), used=Decimal(4))
    assert poll(sandbox, submit_ok(sandbox, guide_body()), sandbox_clock)[-1]["data"]["status"] == "completed"
    assert quota(sandbox)["aiCredits"] == {"used": 10, "limit": 10}


def test_concurrent_jobs_cannot_overdraw_the_account(clocked: Any) -> None:
    server, clock = clocked
    server.set_credits(limit=Decimal(10))
    first = submit_ok(server, guide_body())
    clock.advance(0.1)
    second = submit_ok(server, guide_body())  # balance still 10 at submit
    clock.advance(10)
    assert get_job(server, first).json()["data"]["status"] == "completed"
    assert get_job(server, second).json()["data"]["error_code"] == "INSUFFICIENT_CREDITS"
    assert credits_used(server) == 6


# ---- preview ----------------------------------------------------------------------------------------
def test_preview_then_render_from_preview(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    preview_id = submit_ok(sandbox, guide_body(), "/v2/video/storyboard")
    early = requests.put(f"{sandbox.base_url}/v2/video/render/{preview_id}", headers=KEY, timeout=TIMEOUT)
    assert early.status_code == 400

    preview = poll(sandbox, preview_id, sandbox_clock)[-1]["data"]
    assert preview["status"] == "completed"
    assert "videoURL" not in preview
    assert len(preview["preview"]["scenes"]) == 2
    assert credits_used(sandbox) == 6

    response = requests.put(f"{sandbox.base_url}/v2/video/render/{preview_id}", json={}, headers=KEY, timeout=TIMEOUT)
    assert response.status_code == 200
    render_id = response.json()["data"]["jobId"]
    assert render_id != preview_id
    data = poll(sandbox, render_id, sandbox_clock)[-1]["data"]
    assert data["status"] == "completed"
    assert requests.get(data["videoURL"], timeout=TIMEOUT).content == shipped("video.mp4")
    assert credits_used(sandbox) == 6  # the preview's AI visuals are reused, not bought twice

    missing = requests.put(f"{sandbox.base_url}/v2/video/render/not-a-job", headers=KEY, timeout=TIMEOUT)
    assert missing.status_code == 404 and missing.json()["data"]["error_code"] == "JOB_NOT_FOUND"
    not_preview = requests.put(f"{sandbox.base_url}/v2/video/render/{render_id}", headers=KEY, timeout=TIMEOUT)
    assert not_preview.status_code == 400


# ---- listing ----------------------------------------------------------------------------------------
def test_jobs_list_paginates_newest_first(clocked: Any) -> None:
    server, clock = clocked
    submitted = []
    for _ in range(12):
        submitted.append(submit_ok(server, one_scene()))
        clock.advance(0.01)
    first = requests.get(server.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()
    assert len(first["items"]) == 10 and first["nextPageKey"]
    second = requests.get(
        server.base_url + "/v1/jobs", params={"nextPageKey": first["nextPageKey"]}, headers=KEY, timeout=TIMEOUT
    ).json()
    assert "nextPageKey" not in second
    listed = [item["data"]["jobId"] for item in first["items"] + second["items"]]
    assert listed == list(reversed(submitted))
    assert all(item["success"] is True and item["data"]["status"] == "in-progress" for item in first["items"])
    bad = requests.get(server.base_url + "/v1/jobs", params={"nextPageKey": "zzz"}, headers=KEY, timeout=TIMEOUT)
    assert bad.status_code == 400


# ---- faults -----------------------------------------------------------------------------------------
def test_status_fault_with_html_body(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("quota", "status", status=502, body=b"<html>Bad gateway</html>", content_type="text/html"))
    response = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    assert response.status_code == 502
    assert response.headers["Content-Type"] == "text/html"
    assert response.text == "<html>Bad gateway</html>"
    assert requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize("retry_after", [{"Retry-After": "2"}, {}], ids=["with-retry-after", "without"])
def test_429_fault_on_render_creates_no_job(sandbox: SandboxServer, retry_after: dict[str, str]) -> None:
    sandbox.faults.add(Fault("render", "status", status=429, headers=retry_after))
    response = submit(sandbox, guide_body())
    assert response.status_code == 429
    assert response.headers.get("Retry-After") == retry_after.get("Retry-After")
    assert requests.get(sandbox.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()["items"] == []


def test_non_json_fault(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("quota", "non_json"))
    response = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


@pytest.mark.parametrize(("body", "expected"), [(None, {"data": "x"}), (b"[]", [])])
def test_wrong_shape_fault(sandbox: SandboxServer, body: bytes | None, expected: Any) -> None:
    job_id = submit_ok(sandbox, one_scene())
    sandbox.faults.add(Fault("job", "wrong_shape", body=body))
    response = get_job(sandbox, job_id)
    assert response.status_code == 200 and response.json() == expected


def test_truncated_render_answer_still_creates_the_job(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("render", "truncated"))
    with pytest.raises(requests.exceptions.RequestException):
        submit(sandbox, guide_body())
    items = requests.get(sandbox.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()["items"]
    assert len(items) == 1  # the ambiguous case: the client got no id, but the job exists


def test_truncated_download(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    data = poll(sandbox, submit_ok(sandbox, one_scene()), sandbox_clock)[-1]["data"]
    sandbox.faults.add(Fault("download", "truncated"))
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(data["videoURL"], timeout=TIMEOUT)
    assert requests.get(data["videoURL"], timeout=TIMEOUT).content == shipped("video.mp4")


def test_download_status_fault(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    data = poll(sandbox, submit_ok(sandbox, one_scene()), sandbox_clock)[-1]["data"]
    sandbox.faults.add(Fault("download", "status", status=503))
    assert requests.get(data["videoURL"], timeout=TIMEOUT).status_code == 503


def test_drop_fault_closes_without_answer_and_does_not_process(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("render", "drop"))
    with pytest.raises(requests.exceptions.ConnectionError):
        submit(sandbox, guide_body())
    assert len(sandbox.requests_for("render")) == 1
    assert requests.get(sandbox.base_url + "/v1/jobs", headers=KEY, timeout=TIMEOUT).json()["items"] == []


def test_slow_fault_delays_then_answers_normally(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("quota", "slow", delay=0.5))
    started = time.monotonic()
    response = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    assert time.monotonic() - started >= 0.5
    assert response.status_code == 200 and "aiCredits" in response.json()
    with pytest.raises(requests.exceptions.Timeout):
        sandbox.faults.add(Fault("quota", "slow", delay=2.0))
        requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=0.3)


def test_unauthorized_fault_rejects_a_good_key_once(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("quota", "unauthorized"))
    first = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    assert first.status_code == 401 and first.json() == {"message": "Unauthorized"}
    assert requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code == 200


def test_times_routes_and_clear(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("quota", "status", status=503, times=2))
    job_id = submit_ok(sandbox, one_scene())  # other routes are untouched
    assert get_job(sandbox, job_id).status_code == 200
    codes = [requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code for _ in range(3)]
    assert codes == [503, 503, 200]

    sandbox.faults.add(Fault("*", "status", status=500, times=None))
    for _ in range(3):
        assert get_job(sandbox, job_id).status_code == 500
    sandbox.faults.clear()
    assert get_job(sandbox, job_id).status_code == 200


def test_job_failed_fault_fails_that_job_for_good_and_charges_nothing(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    job_id = submit_ok(sandbox, guide_body())
    sandbox.faults.add(Fault("job", "job_failed", error_code="TEXT_TO_VIDEO_FAILED", error_message="Render broke."))
    for _ in range(2):
        answer = get_job(sandbox, job_id).json()
        assert answer["success"] is False
        assert answer["data"] == {
            "status": "failed",
            "error_code": "TEXT_TO_VIDEO_FAILED",
            "error_message": "Render broke.",
        }
    sandbox_clock.advance(1.0)  # past the time it would have completed (and been charged)
    assert get_job(sandbox, job_id).json()["data"]["status"] == "failed"
    assert credits_used(sandbox) == 0


def test_job_not_found_fault_answers_the_not_found_shape_once(sandbox: SandboxServer) -> None:
    job_id = submit_ok(sandbox, one_scene())
    sandbox.faults.add(Fault("job", "job_not_found"))
    response = get_job(sandbox, job_id)
    assert response.status_code == 404
    assert response.json()["success"] is False and response.json()["data"]["error_code"] == "JOB_NOT_FOUND"
    assert get_job(sandbox, job_id).json()["success"] is True


def test_success_false_without_status_fault(sandbox: SandboxServer) -> None:
    job_id = submit_ok(sandbox, one_scene())
    sandbox.faults.add(Fault("job", "success_false_no_status"))
    response = get_job(sandbox, job_id)
    assert response.status_code == 200 and response.json() == {"success": False, "data": {}}


def test_never_finishes_fault_keeps_the_job_in_progress(clocked: Any) -> None:
    server, clock = clocked
    job_id = submit_ok(server, guide_body())
    clock.advance(2)
    server.faults.add(Fault("job", "never_finishes"))
    get_job(server, job_id)
    server.faults.clear()
    clock.advance(3600)
    data = get_job(server, job_id).json()["data"]
    assert data["status"] == "in-progress" and data["renderState"] == "RUNNING"
    assert credits_used(server) == 0
    other = submit_ok(server, one_scene())  # only that job is stuck
    clock.advance(10)
    assert get_job(server, other).json()["data"]["status"] == "completed"


def test_job_faults_ignore_other_routes(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault("*", "job_not_found"))
    assert requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code == 200
    job_id = submit_ok(sandbox, one_scene())
    assert get_job(sandbox, job_id).status_code == 404  # still pending, so it hits the job poll


def test_stop_returns_quickly_while_a_hang_is_in_flight() -> None:
    server = SandboxServer().start()
    server.faults.add(Fault("quota", "hang"))
    outcome: list[BaseException | requests.Response] = []

    def call() -> None:
        try:
            outcome.append(requests.get(server.base_url + "/v1/quota", headers=KEY, timeout=30))
        except requests.RequestException as exc:
            outcome.append(exc)

    client = threading.Thread(target=call)
    client.start()
    deadline = time.monotonic() + 5
    while not server.requests_for("quota") and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.requests_for("quota"), "the hanging request never arrived"
    time.sleep(0.2)
    assert outcome == []  # it really is hanging

    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.0
    client.join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], requests.ConnectionError)
    assert server.live_threads == []


def test_stop_is_quick_with_idle_keep_alive_connections() -> None:
    server = SandboxServer().start()
    with requests.Session() as session:
        for _ in range(3):
            assert session.get(server.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code == 200
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 1.0
    assert server.live_threads == []


def test_answer_delay_applies_to_every_api_answer(sandbox: SandboxServer) -> None:
    sandbox.answer_delay = 0.3
    started = time.monotonic()
    requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
    requests.get(sandbox.base_url + "/v1/quota", timeout=TIMEOUT)
    assert time.monotonic() - started >= 0.6


# ---- recording --------------------------------------------------------------------------------------
def test_requests_are_recorded_with_route_headers_and_body(sandbox: SandboxServer) -> None:
    body = guide_body()
    job_id = submit_ok(sandbox, body)
    get_job(sandbox, job_id)
    recorded = sandbox.requests
    assert [(r.origin, r.route, r.method) for r in recorded] == [("api", "render", "POST"), ("api", "job", "GET")]
    assert json.loads(recorded[0].body) == body
    assert recorded[0].headers["Authorization"] == SANDBOX_KEY
    assert recorded[1].path == f"/pictoryapis/v1/jobs/{job_id}"
    assert recorded[0].time <= recorded[1].time
    assert sandbox.requests_for("job") == [recorded[1]]


def test_parallel_clients_are_all_served_and_recorded(sandbox: SandboxServer) -> None:
    codes: list[int] = []
    lock = threading.Lock()

    def call() -> None:
        code = requests.get(sandbox.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT).status_code
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert codes == [200] * 20
    assert len(sandbox.requests_for("quota")) == 20


# ---- persistence ------------------------------------------------------------------------------------
def test_jobs_and_credits_survive_a_restart_with_the_same_state_file(tmp_path: Path) -> None:
    state = tmp_path / "sandbox-state.json"
    clock = SandboxClock()  # one clock across the restart, as the real one would be
    with SandboxServer(
        queue_seconds=0.2, render_seconds=0.6, state_path=state, clock=clock, stop_poll_seconds=STOP_POLL
    ) as first:
        first.set_credits(limit=Decimal(100), used=Decimal("1.5"))
        done = submit_ok(first, guide_body())
        assert poll(first, done, clock)[-1]["data"]["status"] == "completed"
        pending = submit_ok(first, guide_body())
    assert state.exists()

    with SandboxServer(
        queue_seconds=0.2, render_seconds=0.6, state_path=state, clock=clock, stop_poll_seconds=STOP_POLL
    ) as second:
        finished = get_job(second, done).json()["data"]
        assert finished["status"] == "completed"
        assert finished["videoURL"].startswith(second.cdn_base_url + "/")
        assert requests.get(finished["videoURL"], timeout=TIMEOUT).content == shipped("video.mp4")
        assert poll(second, pending, clock)[-1]["data"]["status"] == "completed"
        assert quota(second)["aiCredits"] == {"used": 13.5, "limit": 100}

    with SandboxServer(state_path=state, credit_limit=Decimal(999), stop_poll_seconds=STOP_POLL) as third:
        assert quota(third)["aiCredits"] == {"used": 13.5, "limit": 100}  # the saved account wins


def test_an_unreadable_state_file_is_kept_aside_and_a_fresh_account_starts(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{ half a file", encoding="utf-8")
    with SandboxServer(state_path=state, stop_poll_seconds=STOP_POLL) as server:
        assert quota(server)["aiCredits"] == {"used": 0, "limit": 500}
        submit_ok(server, one_scene())
    assert json.loads(state.read_text(encoding="utf-8"))["jobs"]
    assert [p.name.startswith("state.json.unreadable-") for p in tmp_path.iterdir() if p != state] == [True]


# ---- command line -----------------------------------------------------------------------------------
def test_serve_forever_prints_how_to_connect_and_exits_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    code = "from pictory_desktop.sandbox import serve_forever; serve_forever(port=0)"
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        assert first_line.startswith("Pictory sandbox API: http://127.0.0.1:")
        base_url = first_line.split(": ", 1)[1].strip()
        assert base_url.endswith("/pictoryapis")
        rest = [process.stdout.readline() for _ in range(3)]
        assert any("pictai_" in line for line in rest)
        response = requests.get(base_url + "/v1/quota", headers={"Authorization": "pictai_cli"}, timeout=TIMEOUT)
        assert response.status_code == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
    assert process.returncode == 0
    assert "Sandbox stopped." in out
    assert "Traceback" not in err


def test_faults_and_vanishing_clients_print_nothing_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    clock = SandboxClock()
    server = SandboxServer(queue_seconds=0, render_seconds=0, clock=clock, stop_poll_seconds=STOP_POLL).start()
    try:
        data = poll(server, submit_ok(server, one_scene()), clock)[-1]["data"]
        server.cdn_payload_bytes = 20 * 1024 * 1024
        # A client that walks away mid-download (the server's write fails).
        with requests.get(data["videoURL"], stream=True, timeout=TIMEOUT) as response:
            next(response.iter_content(1024))
        for kind in ("drop", "truncated"):
            server.faults.add(Fault("quota", kind))
            with pytest.raises(requests.RequestException):
                requests.get(server.base_url + "/v1/quota", headers=KEY, timeout=TIMEOUT)
        server.faults.add(Fault("*", "hang"))
        hanging = threading.Thread(target=lambda: _ignore_errors(server.base_url + "/v1/quota"))
        hanging.start()
        time.sleep(0.2)
    finally:
        server.stop()
    hanging.join(5)
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def _ignore_errors(url: str) -> None:
    try:
        requests.get(url, headers=KEY, timeout=10)
    except requests.RequestException:
        pass


def test_cdn_throttle_slows_the_padded_video_to_the_given_rate(sandbox, sandbox_clock):
    import time as _time

    sandbox.cdn_payload_bytes = 1024 * 1024
    sandbox.cdn_bytes_per_second = 4 * 1024 * 1024
    key = {"Authorization": "pictai_throttle"}
    job_id = requests.post(
        f"{sandbox.base_url}/v2/video/storyboard/render",
        json={"videoName": "v", "scenes": [{"story": "Hello."}]},
        headers=key,
        timeout=5,
    ).json()["data"]["jobId"]
    sandbox_clock.advance(1.0)  # the render's 0.8 s pass at once
    data = requests.get(f"{sandbox.base_url}/v1/jobs/{job_id}", headers=key, timeout=5).json()["data"]
    assert data["status"] == "completed"
    started = _time.monotonic()
    body = requests.get(data["videoURL"], timeout=10).content
    took = _time.monotonic() - started
    assert len(body) == 1024 * 1024
    assert took >= 0.2  # 1 MB at 4 MB/s, where loopback alone takes a few milliseconds
