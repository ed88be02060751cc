"""The API key stays secret and stays with the API: repr, logs, errors, other hosts, plain http."""

from __future__ import annotations

import logging
import pickle
import traceback
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import InsecureBaseUrl, InvalidRequest, PictoryError, Unauthorized
from pictory_desktop.api.urls import DEFAULT_BASE_URL

from .test_client_fakeserver import KEY, FakeServer, Reply, cdn_fixture, server_fixture  # noqa: F401

RENDER = "/v2/video/storyboard/render"
BODY = {"videoName": "Launch", "scenes": [{"story": "Hello"}]}


def _all_text(error: BaseException) -> str:
    return " ".join(
        [str(error), repr(error), str(error.args), "".join(traceback.format_exception(error))]
        + [str(value) for value in vars(error).values()]
    )


def test_repr_and_pickle_never_show_the_key(server: FakeServer) -> None:
    client = PictoryClient(KEY, server.base_url)
    assert KEY not in repr(client) and KEY not in str(client)
    assert "hidden" in repr(client)
    with pytest.raises(TypeError) as caught:
        pickle.dumps(client)
    assert KEY not in str(caught.value)


def test_key_absent_from_logs_and_errors(server: FakeServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, urllib3 included
    server.on("GET", "/v1/quota", Reply(500), Reply(200, {"aiCredits": {"used": 0, "limit": 5}}))
    server.on("GET", "/v1/jobs/a", Reply(401, {"message": "Unauthorized"}))
    server.on("POST", RENDER, Reply(drop=True))
    # A server that echoes the key back must not get it into a dialog either.
    server.on("POST", "/v2/video/storyboard", Reply(400, {"message": f"key {KEY} is odd", "fields": []}))
    client = PictoryClient(KEY, server.base_url, sleep=lambda _: None)
    client.quota()
    errors: list[PictoryError] = []
    for call in (lambda: client.job("a"), lambda: client.render(BODY), lambda: client.preview(BODY)):
        with pytest.raises(PictoryError) as caught:
            call()
        errors.append(caught.value)
    assert isinstance(errors[2], InvalidRequest) and "[API key hidden]" in errors[2].user_message
    for error in errors:
        assert KEY not in _all_text(error)
    assert caplog.records, "the client should log what it does"
    assert KEY not in caplog.text
    assert all(KEY not in str(record.args) for record in caplog.records)


def test_bad_key_characters_are_refused_without_echoing_the_key() -> None:
    for bad in (KEY + "\nX-Evil: 1", "pictai_é", "   "):
        with pytest.raises(Unauthorized) as caught:
            PictoryClient(bad, DEFAULT_BASE_URL)
        assert bad.strip() == "" or bad not in _all_text(caught.value)


def test_download_never_sends_the_key_to_the_cdn(
    server: FakeServer, cdn: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Even a ~/.netrc entry for the CDN host must not add credentials.
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    cdn.on("GET", "/files/v.mp4", Reply(200, b"\x00\x00\x00\x18ftypmp42" * 100, {"Content-Type": "video/mp4"}))
    server.on("GET", "/v1/quota", Reply(200, {"aiCredits": {"used": 0, "limit": 5}}))
    client = PictoryClient(KEY, server.base_url)
    client.quota()
    client.download(f"{cdn.base_url}/files/v.mp4", tmp_path / "out.mp4")
    (api_request,) = server.hits("GET", "/v1/quota")
    assert api_request.headers["Authorization"] == KEY  # the raw key, not netrc's Basic auth
    (cdn_request,) = cdn.hits("GET", "/files/v.mp4")
    assert "Authorization" not in cdn_request.headers
    assert all(KEY not in value for value in cdn_request.headers.values())


def test_cdn_redirects_are_followed_without_the_key(cdn: FakeServer, server: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/short", Reply(302, b"", {"Location": f"{server.base_url}/real.mp4"}))
    server.on("GET", "/real.mp4", Reply(200, b"movie"))
    PictoryClient(KEY, server.base_url).download(f"{cdn.base_url}/short", tmp_path / "v.mp4")
    assert (tmp_path / "v.mp4").read_bytes() == b"movie"
    (followed,) = server.hits("GET", "/real.mp4")
    assert "Authorization" not in followed.headers


@pytest.mark.parametrize(
    "url", ["http://api.pictory.ai/pictoryapis", "http://192.168.1.10:8080", "ftp://127.0.0.1", "api.pictory.ai", ""]
)
def test_insecure_or_malformed_base_urls_are_refused(url: str) -> None:
    with pytest.raises(InsecureBaseUrl) as caught:
        PictoryClient(KEY, url)
    assert isinstance(caught.value, ValueError) and caught.value.user_message.endswith(".")
    assert KEY not in _all_text(caught.value)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("https://api.pictory.ai/pictoryapis/", False),
        ("http://127.0.0.1:8123", True),
        ("http://127.4.5.6", True),
        ("http://localhost:9000/base", True),
        ("http://[::1]:9000", True),
        ("https://localhost", True),
    ],
)
def test_allowed_base_urls(url: str, loopback: bool) -> None:
    client = PictoryClient(KEY, url)
    assert client.is_loopback is loopback
    assert not client.base_url.endswith("/")
