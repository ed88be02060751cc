"""AI Studio images and uploads against every fault of the matrix, over real HTTP to the local server.

* ``generate_image`` spends credits: like the render POST it is sent exactly once whatever happens, a lost or
  unreadable answer says it may have started, and an image the server did make (the answer cut mid-way) is
  then found, read-only, in the account's image list by ``find_lost_image``.
* ``ai_images`` and ``upload_url`` only read or hand out an address, and the PUT of an upload writes the same
  key again: all three are retried with the client's backoff, and a lasting fault ends in a sentence that
  never says "may have started".
* The CDN/storage origin never receives ``Authorization`` (the sandbox records every request per origin).

Backoff sleeps are recorded, not slept; the sandbox clock stands still until a test moves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import (
    BadResponse,
    NetworkError,
    PictoryError,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)
from pictory_desktop.api.results import ImageRequest, JobCompleted
from pictory_desktop.api.studio import find_lost_image
from pictory_desktop.api.upload import UploadCancelled, UploadFailed
from pictory_desktop.sandbox import SandboxServer
from tests.timing import SandboxClock

from .conftest import QUEUE_SECONDS, RENDER_SECONDS
from .faults import make_fault
from .helpers import KEY, closed_port

HANG_READ_TIMEOUT = 0.2
REQUEST = ImageRequest("A lighthouse at dawn, waves below", model="flux-schnell", aspect_ratio="16:9", style="vintage")


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def _client(sandbox: SandboxServer, fault: str, sleeps: Sleeps) -> PictoryClient:
    base = f"http://127.0.0.1:{closed_port()}/pictoryapis" if fault == "refused" else sandbox.base_url
    return PictoryClient(KEY, base, sleep=sleeps, read_timeout=HANG_READ_TIMEOUT if fault == "timeout" else 2.0)


def _no_key_on_cdn(sandbox: SandboxServer) -> None:
    cdn = [r for r in sandbox.requests if r.origin == "cdn"]
    assert all("authorization" not in {k.lower() for k in r.headers} for r in cdn), cdn


# ---- generate_image: sent once ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostCase:
    fault: str
    error: type[PictoryError]
    posts: int
    made: bool = False  # the server made the image although the answer was lost
    maybe: bool = True  # the message says it may have started


POST_CASES = [
    PostCase("500", ServerError, 1),
    PostCase("502-html", ServerError, 1),
    PostCase("429-retry-after", RateLimited, 1, maybe=False),
    PostCase("429", RateLimited, 1, maybe=False),
    PostCase("refused", NetworkError, 0, maybe=False),
    PostCase("drop", NetworkError, 1),
    PostCase("cut-mid-response", NetworkError, 1, made=True),
    PostCase("timeout", NetworkError, 1),
    PostCase("truncated-json", BadResponse, 1),
    PostCase("non-json", BadResponse, 1),
    PostCase("wrong-shape", BadResponse, 1),
    PostCase("401", Unauthorized, 1, maybe=False),
    PostCase("success-false", RequestRejected, 1, maybe=False),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.fault) for c in POST_CASES])
def test_an_image_is_posted_once_and_a_lost_one_is_found_in_the_list(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, case: PostCase
) -> None:
    fault = make_fault("image", case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = _client(sandbox, case.fault, sleeps)
    sent_at = datetime.now(UTC)
    with pytest.raises(case.error) as caught:
        client.generate_image(REQUEST)
    text = caught.value.user_message
    assert ("may have started" in text and "NOT sent again" in text) is case.maybe, text
    assert KEY not in text
    assert len(sandbox.requests_for("image")) == case.posts  # never a second POST
    assert sleeps.delays == []  # not even a wait to retry

    sandbox_clock.advance(QUEUE_SECONDS + RENDER_SECONDS + 1)
    reader = PictoryClient(KEY, sandbox.base_url)
    found = find_lost_image(reader, REQUEST.prompt, REQUEST.model, sent_at)
    if case.made:
        assert found is not None and found.model == "flux-schnell" and found.prompt == REQUEST.prompt
        assert requests.get(found.url, timeout=5).headers["Content-Type"] == "image/png"
    else:
        assert found is None
    assert len(sandbox.requests_for("image")) == case.posts  # looking sends nothing
    _no_key_on_cdn(sandbox)


def test_a_good_image_completes_with_its_url_size_and_credits(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    client = PictoryClient(KEY, sandbox.base_url)
    job_id = client.generate_image(REQUEST)
    sandbox_clock.advance(QUEUE_SECONDS + RENDER_SECONDS)
    status = client.job(job_id)
    assert isinstance(status, JobCompleted) and status.is_image
    assert (status.width, status.height, str(status.credits_used)) == (1280, 720, "0.6")
    assert status.image_url is not None and status.image_url.startswith(sandbox.cdn_base_url)
    assert requests.get(status.image_url, timeout=5).content.startswith(b"\x89PNG")
    _no_key_on_cdn(sandbox)


# ---- reads and uploads: retried -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    name: str
    route: str
    origin: str
    run: Callable[[PictoryClient, Path], object]


def _upload(client: PictoryClient, file: Path) -> object:
    slot = client.upload_url("logo.png", "image/png")
    client.upload_file(slot.signed_url, file, "image/png")
    return slot


CALLS = [
    Call("ai-images", "images", "api", lambda c, _f: c.ai_images()),
    Call("upload-url", "upload_url", "api", lambda c, _f: c.upload_url("logo.png", "image/png")),
    Call("upload-put", "upload", "cdn", _upload),
]


@dataclass(frozen=True)
class RetryCase:
    fault: str
    error: type[PictoryError] | None
    backoff: tuple[float, ...]
    requests: int


ONCE = [
    RetryCase("500", None, (1,), 2),
    RetryCase("502-html", None, (1,), 2),
    RetryCase("429-retry-after", None, (2,), 2),
    RetryCase("429", None, (1,), 2),
    RetryCase("drop", None, (1,), 2),
    RetryCase("cut-mid-response", None, (1,), 2),
    RetryCase("timeout", None, (1,), 2),
]
API_ONLY = [
    RetryCase("truncated-json", BadResponse, (), 1),
    RetryCase("non-json", BadResponse, (), 1),
    RetryCase("wrong-shape", BadResponse, (), 1),
    RetryCase("401", Unauthorized, (), 1),
]
LASTING = [
    RetryCase("500", ServerError, (1, 2, 4), 4),
    RetryCase("429", RateLimited, (1, 2, 4), 4),
    RetryCase("drop", NetworkError, (1, 2, 4), 4),
    RetryCase("timeout", NetworkError, (1, 2, 4), 4),
]


def _params(cases: list[RetryCase], calls: list[Call]) -> list[object]:
    return [pytest.param(call, case, id=f"{call.name}-{case.fault}") for call in calls for case in cases]


@pytest.fixture
def png(tmp_path: Path) -> Path:
    file = tmp_path / "logo.png"
    file.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return file


@pytest.mark.parametrize(("call", "case"), _params(ONCE, CALLS) + _params(API_ONLY, CALLS[:2]))
def test_a_passing_fault_is_retried_or_explained(
    sandbox: SandboxServer, png: Path, call: Call, case: RetryCase
) -> None:
    fault = make_fault(call.route, case.fault)
    assert fault is not None
    sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = _client(sandbox, case.fault, sleeps)
    if case.error is None:
        call.run(client, png)
    else:
        with pytest.raises(case.error) as caught:
            call.run(client, png)
        assert "may have started" not in caught.value.user_message
    assert tuple(sleeps.delays) == case.backoff
    assert len(sandbox.requests_for(call.route)) == case.requests
    if call.route == "upload" and case.error is None:
        (key,) = {r.path.split("?")[0].removeprefix("/upload/") for r in sandbox.requests_for("upload")}
        assert sandbox.state.uploads[key] == ("image/png", png.read_bytes())
    _no_key_on_cdn(sandbox)


@pytest.mark.parametrize(("call", "case"), _params(LASTING, CALLS))
def test_a_lasting_fault_ends_in_a_sentence_after_four_tries(
    sandbox: SandboxServer, png: Path, call: Call, case: RetryCase
) -> None:
    fault = make_fault(call.route, case.fault, times=None)
    assert fault is not None
    sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = _client(sandbox, case.fault, sleeps)
    with pytest.raises(case.error or PictoryError) as caught:
        call.run(client, png)
    text = caught.value.user_message
    assert "may have started" not in text and KEY not in text
    assert tuple(sleeps.delays) == case.backoff
    assert len(sandbox.requests_for(call.route)) == case.requests
    sandbox.faults.clear()
    call.run(client, png)  # the server is back: the same client gets there
    _no_key_on_cdn(sandbox)


def test_an_upload_with_another_content_type_is_refused_and_never_carries_the_key(
    sandbox: SandboxServer, png: Path
) -> None:
    client = PictoryClient(KEY, sandbox.base_url, sleep=Sleeps())
    slot = client.upload_url("logo.png", "image/png")
    with pytest.raises(UploadFailed) as caught:
        client.upload_file(slot.signed_url, png, "image/jpeg")
    assert "does not match the file's type" in caught.value.user_message
    assert slot.key is not None and slot.key not in sandbox.state.uploads
    client.upload_file(slot.signed_url, png, "image/png")
    assert requests.get(slot.url, timeout=5).content == png.read_bytes()
    puts = sandbox.requests_for("upload")
    assert [r.headers.get("Content-Type") for r in puts] == ["image/jpeg", "image/png"]
    _no_key_on_cdn(sandbox)


def test_an_upload_reports_progress_and_stops_at_cancel(sandbox: SandboxServer, png: Path) -> None:
    import threading

    client = PictoryClient(KEY, sandbox.base_url, sleep=Sleeps())
    slot = client.upload_url("logo.png", "image/png")
    seen: list[tuple[int, int]] = []
    client.upload_file(slot.signed_url, png, "image/png", progress=lambda done, total: seen.append((done, total)))
    size = png.stat().st_size
    assert seen[-1] == (size, size) and all(a <= b for (a, _), (b, _) in zip(seen, seen[1:], strict=False))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(UploadCancelled):
        client.upload_file(slot.signed_url, png, "image/png", cancel=cancel)


@pytest.mark.parametrize(
    ("name", "content_type", "size", "quote"),
    [
        ("clip.mov", "video/quicktime", 10, "uploads of these types only"),
        ("empty.png", "image/png", 0, "is empty"),
    ],
)
def test_an_upload_is_checked_before_anything_is_sent(
    sandbox: SandboxServer, tmp_path: Path, name: str, content_type: str, size: int, quote: str
) -> None:
    file = tmp_path / name
    file.write_bytes(b"x" * size)
    client = PictoryClient(KEY, sandbox.base_url)
    with pytest.raises(ValueError, match=quote):
        client.upload_file(f"{sandbox.cdn_base_url}/upload/x", file, content_type)
    assert sandbox.requests == []


def test_a_file_over_the_size_cap_is_refused_with_a_sentence(
    sandbox: SandboxServer, png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pictory_desktop.api.upload.MAX_UPLOAD_BYTES", 1024)
    client = PictoryClient(KEY, sandbox.base_url)
    with pytest.raises(ValueError, match=r"uploads are limited to 0 MB|Shorten or compress it first"):
        client.upload_file(f"{sandbox.cdn_base_url}/upload/x", png, "image/png")
    assert sandbox.requests == []
