"""The voices, music, vocabulary, brand and style calls against every fault of the matrix, over real HTTP to
the local server: the same faults as the render and quota rows of test_fault_matrix.py.

These calls only read (the music search is a POST, but spends nothing), so a passing fault is retried with
the client's backoff and the list arrives; a fault that lasts ends in the typed error whose sentence says
what happened and what to do, and never the "may have started, check the Jobs list" warning of paid work.
The client's backoff sleeps are recorded, not slept; only a server that never answers is waited for, with a
short read timeout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import (
    BadResponse,
    NetworkError,
    PictoryError,
    RateLimited,
    ServerError,
    Unauthorized,
)
from pictory_desktop.api.results import MusicQuery
from pictory_desktop.sandbox import SandboxServer

from .faults import make_fault
from .helpers import KEY, closed_port

HANG_READ_TIMEOUT = 0.2


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str  # the sandbox's route name, for its request log and faults
    call: Callable[[PictoryClient], list[object]]
    what: str  # how the "could not read" sentence names the list
    expected: int  # items in a good answer


MUSIC_QUERY = MusicQuery(text="calm", purposes=("Atmospheric",))

ENDPOINTS = [
    Endpoint("voices", "voices", lambda c: list(c.voices()), "voices", 12),
    Endpoint("music-search", "music_search", lambda c: list(c.music_search(MUSIC_QUERY)), "music tracks", 2),
    Endpoint("music-moods", "music_vocabulary", lambda c: list(c.music_vocabulary("moods")), "music moods", 10),
    Endpoint(
        "music-genre-groups",
        "music_vocabulary",
        lambda c: list(c.music_vocabulary("genres/groups")),
        "music genres groups",
        4,
    ),
    Endpoint("brands", "brands", lambda c: list(c.brands()), "brands", 2),
    Endpoint("styles", "styles", lambda c: list(c.styles()), "subtitle styles", 4),
]


@dataclass(frozen=True)
class Case:
    fault: str
    error: type[PictoryError] | None  # None: the list arrives after retrying
    backoff: tuple[float, ...]
    requests: int
    quote: str = ""  # what the user reads when it fails


ONCE = [
    Case("500", None, (1,), 2),
    Case("502-html", None, (1,), 2),
    Case("429-retry-after", None, (2,), 2),
    Case("429", None, (1,), 2),
    Case("refused", NetworkError, (1, 2, 4), 0, "Could not reach Pictory. Check your internet connection"),
    Case("drop", None, (1,), 2),
    Case("cut-mid-response", None, (1,), 2),
    Case("timeout", None, (1,), 2),  # the lost answer: asked again, and this time it comes
    Case("truncated-json", BadResponse, (), 1, "could not read. Try again in a few minutes"),
    Case("non-json", BadResponse, (), 1, "could not read. Try again in a few minutes"),
    Case("wrong-shape", BadResponse, (), 1, "could not read. Try again in a few minutes"),
    Case("401", Unauthorized, (), 1, "did not accept your API key. Open Settings"),
]
LASTING = [
    Case("500", ServerError, (1, 2, 4), 4, "Pictory's servers had a problem (error 500)"),
    Case("502-html", ServerError, (1, 2, 4), 4, "(error 502). Nothing needs to change on your side"),
    Case("429-retry-after", RateLimited, (2, 2, 2), 4, "Wait about 2 seconds and try again"),
    Case("429", RateLimited, (1, 2, 4), 4, "Wait a minute and try again"),
    Case("drop", NetworkError, (1, 2, 4), 4, "The connection to Pictory broke before an answer arrived"),
    Case("cut-mid-response", NetworkError, (1, 2, 4), 4, "The connection to Pictory broke before an answer arrived"),
    Case("timeout", NetworkError, (1, 2, 4), 4, "Pictory did not answer in time"),
]


def _params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(endpoint, case, id=f"{endpoint.name}-{case.fault}") for endpoint in ENDPOINTS for case in cases
    ]


def _client(sandbox: SandboxServer, case: Case, sleeps: Sleeps) -> PictoryClient:
    base = f"http://127.0.0.1:{closed_port()}/pictoryapis" if case.fault == "refused" else sandbox.base_url
    read_timeout = HANG_READ_TIMEOUT if case.fault == "timeout" else 2.0
    return PictoryClient(KEY, base, sleep=sleeps, read_timeout=read_timeout)


def _check_failure(error: PictoryError, endpoint: Endpoint, case: Case) -> None:
    text = error.user_message
    assert case.quote in text, text
    if isinstance(error, BadResponse):
        assert f"Pictory sent a list of {endpoint.what} this app could not read." in text
    assert "may have started" not in text and "NOT sent again" not in text  # nothing here spends anything
    assert KEY not in text and KEY not in repr(error.args)


def _check_requests(sandbox: SandboxServer, endpoint: Endpoint, count: int) -> None:
    seen = sandbox.requests_for(endpoint.route)
    assert len(seen) == count
    assert all(r.headers.get("Authorization") == KEY for r in seen)
    if endpoint.route == "music_search":  # every attempt asks the same question
        assert all(json.loads(r.body) == MUSIC_QUERY.body() for r in seen)


@pytest.mark.parametrize(("endpoint", "case"), _params(ONCE))
def test_a_passing_fault_is_retried_or_explained(sandbox: SandboxServer, endpoint: Endpoint, case: Case) -> None:
    fault = make_fault(endpoint.route, case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = _client(sandbox, case, sleeps)
    if case.error is None:
        assert len(endpoint.call(client)) == endpoint.expected
    else:
        with pytest.raises(case.error) as caught:
            endpoint.call(client)
        _check_failure(caught.value, endpoint, case)
    assert tuple(sleeps.delays) == case.backoff
    _check_requests(sandbox, endpoint, case.requests)


@pytest.mark.parametrize(("endpoint", "case"), _params(LASTING))
def test_a_lasting_fault_ends_in_a_sentence_after_four_tries(
    sandbox: SandboxServer, endpoint: Endpoint, case: Case
) -> None:
    fault = make_fault(endpoint.route, case.fault, times=None)
    assert fault is not None
    sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = _client(sandbox, case, sleeps)
    with pytest.raises(case.error or PictoryError) as caught:
        endpoint.call(client)
    _check_failure(caught.value, endpoint, case)
    assert tuple(sleeps.delays) == case.backoff
    _check_requests(sandbox, endpoint, case.requests)
    if isinstance(caught.value, NetworkError):
        assert caught.value.request_may_have_arrived is True

    sandbox.faults.clear()  # the server is back: the same client gets the list
    assert len(endpoint.call(client)) == endpoint.expected
