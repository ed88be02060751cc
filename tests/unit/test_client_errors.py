"""Every error mapping, GET retries with backoff, and renders that are never sent twice."""

from __future__ import annotations

import email.utils
import socket
import threading
import time

import pytest

from pictory_desktop.api.client import READ_TIMEOUT, PictoryClient
from pictory_desktop.api.errors import (
    BadResponse,
    Cancelled,
    InvalidRequest,
    JobNotFound,
    NetworkError,
    PictoryError,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)

from .test_client_fakeserver import KEY, FakeServer, Reply, server_fixture  # noqa: F401

RENDER = "/v2/video/storyboard/render"
BODY = {"videoName": "Launch", "scenes": [{"story": "Hello"}]}
QUOTA_OK = Reply(200, {"aiCredits": {"used": 1, "limit": 10}})


def make(
    server: FakeServer, delays: list[float] | None = None, *, get_attempts: int = 4, read_timeout: float = READ_TIMEOUT
) -> PictoryClient:
    sink = delays if delays is not None else []
    return PictoryClient(KEY, server.base_url, sleep=sink.append, get_attempts=get_attempts, read_timeout=read_timeout)


def test_401_anywhere_is_unauthorized_with_a_plain_sentence(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(401, {"message": "Unauthorized"}))
    server.on("POST", RENDER, Reply(401, {"message": "Unauthorized"}))
    server.on("GET", "/v1/jobs/x", Reply(401, b"<html>nope</html>"))
    client = make(server)
    for call in (client.quota, lambda: client.render(BODY), lambda: client.job("x")):
        with pytest.raises(Unauthorized) as caught:
            call()
        assert caught.value.user_message == ("Pictory did not accept your API key. Open Settings and enter it again.")
    assert len(server.hits("GET", "/v1/quota")) == 1  # 401 is not retried


@pytest.mark.parametrize(
    "path",
    [
        "scenes[1].background.aiVisual.prompt",
        "scenes.1.background.aiVisual.prompt",
        "scenes/1/background/aiVisual/prompt",
    ],
)
def test_400_fields_map_back_to_scene_numbers(server: FakeServer, path: str) -> None:
    server.on(
        "POST",
        RENDER,
        Reply(
            400,
            {
                "code": "INVALID_REQUEST_BODY",
                "message": "Invalid request",
                "fields": [
                    {"name": path, "errors": "must be at most 250 characters"},
                    {"name": "videoName", "errors": ["is required"]},
                ],
            },
        ),
    )
    with pytest.raises(InvalidRequest) as caught:
        make(server).render(BODY)
    first, second = caught.value.fields
    assert (first.path, first.scene_number, first.field) == (path, 2, "background.aiVisual.prompt")
    assert first.message == "must be at most 250 characters"
    assert (second.scene_number, second.field, second.message) == (None, "videoName", "is required")
    assert "Scene 2" in caught.value.user_message and caught.value.user_message.endswith(".")


def test_400_without_fields_still_reads_well(server: FakeServer) -> None:
    server.on("POST", RENDER, Reply(400, b"not json"))
    with pytest.raises(InvalidRequest) as caught:
        make(server).render(BODY)
    assert caught.value.fields == [] and "Fix" in caught.value.user_message


def test_get_retries_5xx_with_exponential_backoff_then_gives_up(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(503, b"down"))
    delays: list[float] = []
    with pytest.raises(ServerError) as caught:
        make(server, delays).quota()
    assert caught.value.status == 503
    assert delays == [1.0, 2.0, 4.0]
    assert len(server.hits("GET", "/v1/quota")) == 4


def test_backoff_is_capped_at_30_seconds(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(500))
    delays: list[float] = []
    with pytest.raises(ServerError):
        make(server, delays, get_attempts=8).quota()
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_get_recovers_after_transient_failures(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(502), Reply(drop=True), QUOTA_OK)
    delays: list[float] = []
    assert make(server, delays).quota().balance == 9
    assert delays == [1.0, 2.0]


def test_retry_after_seconds_and_http_date_are_honoured_and_capped(server: FakeServer) -> None:
    soon = email.utils.formatdate(time.time() + 45, usegmt=True)
    server.on(
        "GET",
        "/v1/quota",
        Reply(429, {"message": "slow down"}, {"Retry-After": "7"}),
        Reply(429, {}, {"Retry-After": soon}),
        Reply(429, {}, {"Retry-After": "9999"}),
        QUOTA_OK,
    )
    delays: list[float] = []
    make(server, delays).quota()
    assert delays[0] == 7.0
    assert 40 <= delays[1] <= 46
    assert delays[2] == 120.0


def test_rate_limited_error_carries_retry_after(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(429, {}, {"Retry-After": "12"}))
    with pytest.raises(RateLimited) as caught:
        make(server, get_attempts=1).quota()
    assert caught.value.retry_after == 12.0 and "12 seconds" in caught.value.user_message


def test_cancel_stops_retrying_at_once(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(500))
    cancel = threading.Event()
    delays: list[float] = []

    def sleep(delay: float) -> None:
        delays.append(delay)
        cancel.set()

    client = PictoryClient(KEY, server.base_url, sleep=sleep, cancel=cancel)
    with pytest.raises(Cancelled):
        client.quota()
    assert delays == [1.0] and len(server.hits("GET", "/v1/quota")) == 1


def test_cancel_interrupts_a_real_wait(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(429, {}, {"Retry-After": "60"}))
    cancel = threading.Event()
    client = PictoryClient(KEY, server.base_url, cancel=cancel)  # default sleep: waits on the event
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.quota()
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("reply", [Reply(500), Reply(503), Reply(drop=True), Reply(200, {"success": True}, delay=1.0)])
def test_render_is_sent_exactly_once_whatever_happens(server: FakeServer, reply: Reply) -> None:
    server.on("POST", RENDER, reply)
    delays: list[float] = []
    with pytest.raises(PictoryError):
        make(server, delays, read_timeout=0.3).render(BODY)
    time.sleep(0.05)
    assert len(server.hits("POST", RENDER)) == 1
    assert delays == []


@pytest.mark.parametrize("reply", [Reply(drop=True), Reply(200, {"success": True}, delay=1.0)])
def test_render_network_error_after_sending_says_check_jobs(server: FakeServer, reply: Reply) -> None:
    server.on("POST", RENDER, reply)
    with pytest.raises(NetworkError) as caught:
        make(server, read_timeout=0.3).render(BODY)
    assert caught.value.request_may_have_arrived is True
    assert "Jobs list" in caught.value.user_message and "before sending it again" in caught.value.user_message


def test_render_preview_is_never_retried_either(server: FakeServer) -> None:
    server.on("PUT", "/v2/video/render/p1", Reply(502))
    with pytest.raises(ServerError):
        make(server).render_preview("p1")
    assert len(server.hits("PUT", "/v2/video/render/p1")) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_means_nothing_was_sent() -> None:
    client = PictoryClient(KEY, f"http://127.0.0.1:{_closed_port()}", sleep=lambda _: None)
    with pytest.raises(NetworkError) as caught:
        client.render(BODY)
    assert caught.value.request_may_have_arrived is False
    assert "not sent" in caught.value.user_message and "no credits" in caught.value.user_message
    with pytest.raises(NetworkError) as caught:
        client.quota()
    assert caught.value.request_may_have_arrived is False


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (b"<html>gateway</html>", "quota"),
        (b'{"aiCredits": {"used": 1, "li', "quota"),
        (b'{"aiCredits": [1, 2]}', "quota"),
        (b'["a list"]', "job"),
        (b'{"success": true, "data": "text"}', "job"),
        (b'{"success": true, "data": {"jobId": 5}}', "render"),
        (b"\xff\xfe\x00", "render"),
        (b'{"items": {"no": "list"}}', "jobs"),
        (b"", "job"),
    ],
)
def test_odd_bodies_are_bad_responses(server: FakeServer, body: bytes, call: str) -> None:
    for method, path in [("GET", "/v1/quota"), ("GET", "/v1/jobs/j"), ("POST", RENDER), ("GET", "/v1/jobs")]:
        server.on(method, path, Reply(200, body))
    client = make(server)
    calls = {"quota": client.quota, "job": lambda: client.job("j"), "render": lambda: client.render(BODY)}
    calls["jobs"] = client.jobs
    with pytest.raises(BadResponse):
        calls[call]()


def test_truncated_body_is_a_network_error_and_retried(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(200, {"aiCredits": {"used": 1, "limit": 10}}, truncate_to=10), QUOTA_OK)
    delays: list[float] = []
    assert make(server, delays).quota().balance == 9
    assert delays == [1.0]


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, {"success": False, "data": {"error_code": "5000", "error_message": "Job not found"}}),
        Reply(200, {"success": False, "data": {"error_code": "JOB_NOT_FOUND"}}),
        Reply(400, {"error_code": 5000}),
        Reply(404, b"Not Found"),
    ],
)
def test_unknown_job(server: FakeServer, reply: Reply) -> None:
    server.on("GET", "/v1/jobs/nope", reply)
    with pytest.raises(JobNotFound) as caught:
        make(server).job("nope")
    assert "does not know this job" in caught.value.user_message


def test_other_4xx_are_rejections_with_sentences(server: FakeServer) -> None:
    server.on("POST", RENDER, Reply(403, b"<html>bot check</html>"))
    with pytest.raises(RequestRejected) as caught:
        make(server).render(BODY)
    assert caught.value.status == 403 and caught.value.user_message.endswith(".")


def test_submit_with_success_false_is_rejected_not_a_job(server: FakeServer) -> None:
    server.on("POST", RENDER, Reply(200, {"success": False, "message": "Template not found"}))
    with pytest.raises(RequestRejected) as caught:
        make(server).render(BODY)
    assert "Template not found" in caught.value.user_message


def test_redirect_from_the_api_is_not_followed(server: FakeServer) -> None:
    server.on("GET", "/v1/quota", Reply(302, b"", {"Location": "/elsewhere"}))
    server.on("GET", "/elsewhere", QUOTA_OK)
    with pytest.raises(BadResponse) as caught:
        make(server).quota()
    assert "redirect" in caught.value.user_message
    assert server.hits("GET", "/elsewhere") == []


def test_every_error_message_is_a_sentence() -> None:
    for error in (
        Unauthorized(),
        InvalidRequest(),
        RateLimited(),
        RateLimited(retry_after=3),
        ServerError(status=502),
        NetworkError(request_may_have_arrived=True),
        NetworkError(request_may_have_arrived=False),
        BadResponse(),
        JobNotFound(),
        Cancelled(),
    ):
        text = error.user_message
        assert text[0].isupper() and text.endswith(".") and str(error) == text
