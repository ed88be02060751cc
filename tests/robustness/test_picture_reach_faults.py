"""Asking whether a locked image still answers (``api.pictures.picture_problem``) against the fault matrix, over
real HTTP to the local server's CDN.

Nothing here spends, and nothing is retried: the render's confirmation needs an answer in seconds, and an
address that fails once is worth saying so (the user can still render). So every fault is a sentence, never an
exception and never a hang; a good address is None; the key never reaches the CDN; and the probe asks for one
byte, by GET (a link signed for GET refuses HEAD)."""

from __future__ import annotations

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.pictures import picture_problem
from pictory_desktop.api.results import ImageRequest, JobCompleted
from pictory_desktop.sandbox import SandboxServer
from tests.timing import SandboxClock

from .conftest import QUEUE_SECONDS, RENDER_SECONDS
from .faults import make_fault
from .helpers import KEY, closed_port

SHORT = (0.5, 0.5)
REQUEST = ImageRequest("A lighthouse at dawn, waves below", model="flux-schnell", aspect_ratio="16:9")


def _made_image(sandbox: SandboxServer, clock: SandboxClock) -> str:
    client = PictoryClient(KEY, sandbox.base_url)
    job_id = client.generate_image(REQUEST)
    clock.advance(QUEUE_SECONDS + RENDER_SECONDS)
    status = client.job(job_id)
    assert isinstance(status, JobCompleted) and status.image_url is not None
    return status.image_url


def _probes(sandbox: SandboxServer) -> list[dict[str, str]]:
    return [r.headers for r in sandbox.requests if r.origin == "cdn"]


def test_an_image_that_is_there_answers_with_one_byte_asked_and_no_key(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    url = _made_image(sandbox, sandbox_clock)
    assert picture_problem(url, timeout=SHORT) is None
    [headers] = _probes(sandbox)
    assert headers.get("Range") == "bytes=0-0"
    assert "authorization" not in {k.lower() for k in headers}


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("500", "the server answered 500"),
        ("502-html", "the server answered 502"),
        ("429", "the server answered 429"),
        ("429-retry-after", "the server answered 429"),
        ("401", "the server answered 401"),
        ("drop", "it could not be reached (ConnectionError)"),
        ("timeout", "the server did not answer in time"),
        ("html-page", "the address now gives text/html, not a picture"),
        ("non-json", "the address now gives application/json, not a picture"),
        ("refused", "it could not be reached (ConnectionError)"),
    ],
)
def test_every_fault_is_a_sentence_at_once_and_sent_once(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, fault: str, says: str
) -> None:
    url = _made_image(sandbox, sandbox_clock)
    injected = make_fault("image_file", fault, times=None)
    if injected is None:  # refused: nothing listens there
        url = url.replace(sandbox.cdn_base_url, f"http://127.0.0.1:{closed_port()}")
    else:
        sandbox.faults.add(injected)
    assert picture_problem(url, timeout=SHORT) == says
    assert len(_probes(sandbox)) == (0 if injected is None else 1)  # asked once: no retry
    assert all("authorization" not in {k.lower() for k in h} for h in _probes(sandbox))


def test_an_expired_or_unknown_image_and_a_plain_http_address_are_named(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    url = _made_image(sandbox, sandbox_clock)
    gone = url.replace(".png", "0.png")  # an image the account no longer has
    assert picture_problem(gone, timeout=SHORT) == "the server answered 404"
    assert picture_problem("http://pictures.example.com/a.png") == "its address does not start with https://"
