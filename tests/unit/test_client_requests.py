"""What the client sends and how it reads good replies, over real HTTP to a local server."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest

import pictory_desktop
from pictory_desktop.api.client import READ_TIMEOUT, PictoryClient
from pictory_desktop.api.errors import NetworkError
from pictory_desktop.api.results import JobCompleted, JobFailed, JobInProgress

from .test_client_fakeserver import KEY, FakeServer, Reply, server_fixture  # noqa: F401

RENDER = "/v2/video/storyboard/render"
BODY = {"videoName": "Launch", "scenes": [{"story": "Hello"}], "someUnknownField": {"kept": True}}


def client_for(server: FakeServer, *, read_timeout: float = READ_TIMEOUT, get_attempts: int = 4) -> PictoryClient:
    return PictoryClient(KEY, server.base_url, read_timeout=read_timeout, get_attempts=get_attempts)


def test_render_sends_raw_key_user_agent_and_json(server: FakeServer) -> None:
    server.on("POST", RENDER, Reply(200, {"success": True, "data": {"jobId": "job-1"}}))
    assert client_for(server).render(BODY) == "job-1"
    (sent,) = server.hits("POST", RENDER)
    assert sent.headers["Authorization"] == KEY  # raw key, no "Bearer "
    assert sent.headers["User-Agent"] == f"pictory-desktop/{pictory_desktop.__version__}"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Accept"] == "application/json"
    assert json.loads(sent.body) == BODY  # every field survives, even ones the app does not know


def test_preview_and_render_preview_endpoints(server: FakeServer) -> None:
    server.on("POST", "/v2/video/storyboard", Reply(200, {"success": True, "data": {"jobId": "prev-1"}}))
    server.on("PUT", "/v2/video/render/prev-1", Reply(200, {"success": True, "data": {"jobId": "job-2"}}))
    client = client_for(server)
    assert client.preview(BODY) == "prev-1"
    assert client.render_preview("prev-1") == "job-2"
    (put,) = server.hits("PUT", "/v2/video/render/prev-1")
    assert put.headers["Content-Type"] == "application/json"


def test_get_has_no_content_type_but_has_key_and_agent(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(200, {"aiCredits": {"used": 12.5, "limit": 100}}))
    quota = client_for(server).quota()
    assert quota.credits_used == Decimal("12.5") and quota.balance == Decimal("87.5")
    (sent,) = server.hits("GET", "/v1/quota")
    assert sent.headers["Authorization"] == KEY
    assert "Content-Type" not in sent.headers


def test_job_statuses(server: FakeServer) -> None:
    server.on("GET", "/v1/jobs/q", Reply(200, {"job_id": "q", "success": True, "data": {"status": "in-progress"}}))
    server.on(
        "GET",
        "/v1/jobs/r",
        Reply(
            200,
            {
                "job_id": "r",
                "success": True,
                "data": {
                    "status": "in-progress",
                    "renderProgress": 42,
                    "renderProgressMessage": "Generating video",
                    "renderState": "RUNNING",
                },
            },
        ),
    )
    server.on(
        "GET",
        "/v1/jobs/c",
        Reply(
            200,
            {
                "job_id": "c",
                "success": True,
                "data": {
                    "status": "completed",
                    "videoURL": "https://cdn.example/v.mp4",
                    "shareVideoURL": "https://share.example/v",
                    "thumbnail": "https://cdn.example/t.jpg",
                    "srtFile": "https://cdn.example/s.srt",
                    "vttFile": "https://cdn.example/s.vtt",
                    "txtFile": "https://cdn.example/s.txt",
                    "audioURL": "https://cdn.example/a.mp3",
                    "videoDuration": 31.5,
                    "aiCreditsUsed": 2.4,
                },
            },
        ),
    )
    server.on(
        "GET",
        "/v1/jobs/f",
        Reply(
            200,
            {
                "success": False,
                "data": {"status": "failed", "error_code": "INSUFFICIENT_CREDITS", "error_message": "No credits"},
            },
        ),
    )
    server.on("GET", "/v1/jobs/g", Reply(200, {"success": False, "data": {"error_message": "Render crashed"}}))
    client = client_for(server)
    assert client.job("q") == JobInProgress("q", None, None, None)
    assert client.job("r") == JobInProgress("r", 42, "Generating video", "RUNNING")
    done = client.job("c")
    assert isinstance(done, JobCompleted)
    assert done.video_url == "https://cdn.example/v.mp4" and done.share_url == "https://share.example/v"
    assert done.srt_url and done.vtt_url and done.txt_url and done.audio_url and done.thumbnail_url
    assert done.duration_seconds == 31.5 and done.credits_used == Decimal("2.4")
    assert client.job("f") == JobFailed("f", "INSUFFICIENT_CREDITS", "No credits")
    failed = client.job("g")  # success:false without a status is a failure, not "in progress"
    assert isinstance(failed, JobFailed) and failed.error_message == "Render crashed"


def test_jobs_page_and_next_key(server: FakeServer) -> None:
    server.on(
        "GET",
        "/v1/jobs",
        Reply(
            200,
            {
                "items": [
                    {"success": True, "data": {"jobId": "a", "status": "completed", "videoURL": "https://x/a.mp4"}},
                    {"success": False, "data": {"jobId": "b"}},
                    "garbage",
                    {"data": {"status": "completed"}},
                ],
                "nextPageKey": "k2",
            },
        ),
    )
    client = client_for(server)
    page = client.jobs()
    assert [(i.job_id, i.status) for i in page.items] == [("a", "completed"), ("b", "failed")]
    assert page.next_page_key == "k2"
    client.jobs("k2")
    assert server.requests[-1].path == "/v1/jobs?nextPageKey=k2"


def test_job_id_is_path_escaped(server: FakeServer) -> None:
    server.on("GET", "/v1/jobs/a%2F..%2Fquota", Reply(200, {"success": True, "data": {"status": "in-progress"}}))
    assert isinstance(client_for(server).job("a/../quota"), JobInProgress)


def test_read_timeout_is_applied(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(200, {"aiCredits": {"used": 0, "limit": 1}}, delay=1.0))
    client = client_for(server, read_timeout=0.2, get_attempts=1)
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        client.quota()
    assert time.monotonic() - started < 0.9
    assert type(caught.value) is NetworkError
    assert caught.value.request_may_have_arrived is True
