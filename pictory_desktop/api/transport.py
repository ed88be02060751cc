"""Small pieces under the client: the secret key holder, auth hooks, and network-error classification."""

from __future__ import annotations

from typing import NoReturn

import requests
import urllib3.exceptions
from requests.auth import AuthBase

from .errors import NetworkError, may_have_started


class ApiKey:
    """Holds the key so that repr(), str(), pickling and logging can never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def scrub(self, text: str) -> str:
        return text.replace(self._value, "[API key hidden]") if self._value else text

    def __repr__(self) -> str:
        return "ApiKey(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("The API key cannot be pickled or saved.")


class RawKeyAuth(AuthBase):
    """Pictory wants the raw key in Authorization (no "Bearer "). As an auth object rather than a plain
    header it also stops requests from substituting ~/.netrc credentials."""

    def __init__(self, key: ApiKey) -> None:
        self._key = key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._key.reveal()
        return request

    def __repr__(self) -> str:
        return "RawKeyAuth(<hidden>)"


class NoAuth(AuthBase):
    """For CDN downloads: no Authorization at all, whatever the session or ~/.netrc says."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.pop("Authorization", None)
        return request


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception plus everything it wraps (args, reason, cause, context), bounded."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo and len(seen) < 20:
        item = todo.pop()
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend(item.args)
        todo.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
    return seen


def nothing_was_sent(exc: requests.RequestException) -> bool:
    """True only when we are sure the request never left this computer (connect phase failed)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.InvalidHeader
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema,
    ):
        return True
    if isinstance(exc, requests.exceptions.ReadTimeout | requests.exceptions.ChunkedEncodingError):
        return False
    return any(
        isinstance(item, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError)
        for item in _chain(exc)
    )


def network_error(exc: requests.RequestException, *, submits_work: bool, what: str) -> NetworkError:
    """Build the user-facing NetworkError; ``submits_work`` marks renders, where a resend can charge twice."""
    sent = not nothing_was_sent(exc)
    timed_out = isinstance(exc, requests.exceptions.Timeout) and sent
    if submits_work and sent:
        message = may_have_started(f"The connection to Pictory broke after the {what} request was sent")
    elif submits_work:
        message = (
            f"Could not reach Pictory, so the {what} request was not sent and no credits were used. "
            "Check your internet connection and try again."
        )
    elif timed_out:
        message = "Pictory did not answer in time. Check your internet connection and try again."
    else:
        message = None  # NetworkError's default sentences fit
    return NetworkError(message, request_may_have_arrived=sent)
