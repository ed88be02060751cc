"""Typed errors for everything that can go wrong talking to Pictory.

Each error carries ``user_message``: a complete sentence a marketer can act on (what happened, what to
do). Callers show that text; they never need to format raw exceptions. None of these messages or args
ever contain the API key: the client scrubs any server text before it lands here.
"""

from __future__ import annotations

from dataclasses import dataclass


def may_have_started(cause: str) -> str:
    """The one sentence for paid work whose answer was lost or unreadable: it may have started (and be
    charged), it was not sent again, and the user checks before sending it again. ``cause`` is what
    happened, as a sentence without its full stop."""
    return (
        f"{cause}, so Pictory may have started it and charged AI credits, or it may not have started at all. "
        "It was NOT sent again: check the Jobs list and your Pictory account before sending it again, "
        "so you are not charged twice."
    )


class PictoryError(Exception):
    """Base class; ``str(error)`` is the user message."""

    default_message = "Something went wrong while talking to Pictory. Try again in a few minutes."

    def __init__(self, user_message: str | None = None) -> None:
        self.user_message: str = user_message or self.default_message
        super().__init__(self.user_message)


class Unauthorized(PictoryError):
    default_message = "Pictory did not accept your API key. Open Settings and enter it again."


@dataclass(frozen=True)
class FieldProblem:
    """One field the server rejected, mapped back to the scene the user sees (1-based)."""

    path: str  # exactly as the server sent it, e.g. "scenes[0].background.aiVisual.prompt"
    scene_number: int | None  # 1-based; None for top-level fields such as videoName
    field: str  # path inside the scene (or the whole path), dot-separated
    message: str

    def describe(self) -> str:
        where = f"Scene {self.scene_number}, {self.field}" if self.scene_number else self.field
        return f"{where}: {self.message}" if where else self.message


class InvalidRequest(PictoryError):
    default_message = (
        "Pictory rejected the storyboard because some settings are not valid. Fix the marked fields and send it again."
    )

    def __init__(self, user_message: str | None = None, fields: list[FieldProblem] | None = None) -> None:
        self.fields: list[FieldProblem] = list(fields or [])
        if user_message is None and self.fields:
            listed = "; ".join(problem.describe() for problem in self.fields[:5])
            more = f" (and {len(self.fields) - 5} more)" if len(self.fields) > 5 else ""
            user_message = f"Pictory rejected the storyboard: {listed}{more}. Fix these fields and send it again."
        super().__init__(user_message)


class RateLimited(PictoryError):
    def __init__(self, user_message: str | None = None, retry_after: float | None = None) -> None:
        self.retry_after: float | None = retry_after
        if user_message is None:
            wait = f"about {max(1, round(retry_after))} seconds" if retry_after else "a minute"
            user_message = (
                f"Pictory is receiving too many requests from this API key right now. Wait {wait} and try again."
            )
        super().__init__(user_message)


class ServerError(PictoryError):
    def __init__(self, user_message: str | None = None, status: int = 500) -> None:
        self.status: int = status
        super().__init__(
            user_message
            or f"Pictory's servers had a problem (error {status}). Nothing needs to change on your side; "
            "try again in a few minutes."
        )


class NetworkError(PictoryError):
    def __init__(self, user_message: str | None = None, request_may_have_arrived: bool = True) -> None:
        # True is the cautious default: "maybe sent" makes the user check before paying twice.
        self.request_may_have_arrived: bool = request_may_have_arrived
        if user_message is None:
            user_message = (
                "The connection to Pictory broke before an answer arrived. "
                "Check your internet connection and try again."
                if request_may_have_arrived
                else "Could not reach Pictory. Check your internet connection and try again."
            )
        super().__init__(user_message)


class BadResponse(PictoryError):
    default_message = (
        "Pictory sent a reply this app could not understand. Try again in a few minutes; "
        "if it keeps happening, check for an app update."
    )


class JobNotFound(PictoryError):
    default_message = (
        "Pictory does not know this job. It may have been cleaned up after its retention period, "
        "or it was made with a different API key."
    )


class RequestRejected(PictoryError):
    """A 4xx other than 400/401/429 (or a 200 with ``success: false`` on a submit)."""

    def __init__(self, user_message: str | None = None, status: int = 400) -> None:
        self.status: int = status
        super().__init__(user_message)


class InsecureBaseUrl(PictoryError, ValueError):
    default_message = (
        "The Pictory server address must start with https:// (plain http:// is only allowed for a "
        "server on this computer). Fix the address in Settings."
    )


class Cancelled(PictoryError):
    default_message = "The request was cancelled."


class DownloadCancelled(Cancelled):
    default_message = "The download was cancelled, so no file was saved. Start it again when you are ready."


class DownloadFailed(PictoryError):
    default_message = (
        "The video file could not be downloaded from its link. Open the job again to get a fresh link "
        "and retry the download."
    )
