"""api layer: requests-based PictoryClient, typed errors, poll schedule, watch loop. No Qt here.

See docs/ARCHITECTURE.md. Import the names below from here or from their modules.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Each public name and the module that defines it. Nothing is imported until a name is used: the window's
# start path needs only a URL constant and a few value types, while watch/parsing pull in email.utils and
# socket (~20 ms) and the client pulls in requests (~100 ms) -- all of which can wait until after the first frame.
_HOME = {
    **dict.fromkeys(
        (
            "BadResponse",
            "Cancelled",
            "DownloadCancelled",
            "DownloadFailed",
            "FieldProblem",
            "InsecureBaseUrl",
            "InvalidRequest",
            "JobNotFound",
            "NetworkError",
            "PictoryError",
            "RateLimited",
            "RequestRejected",
            "ServerError",
            "Unauthorized",
        ),
        "errors",
    ),
    "PollSchedule": "poll",
    **dict.fromkeys(
        ("JobCompleted", "JobFailed", "JobInProgress", "JobsPage", "JobStatus", "JobSummary", "Quota"), "results"
    ),
    **dict.fromkeys(("BASE_URL_ENV", "DEFAULT_BASE_URL"), "urls"),
    **dict.fromkeys(("WatchEnd", "WatchOutcome", "watch_job"), "watch"),
    "PictoryClient": "client",
}

if TYPE_CHECKING:
    from .client import PictoryClient
    from .errors import (
        BadResponse,
        Cancelled,
        DownloadCancelled,
        DownloadFailed,
        FieldProblem,
        InsecureBaseUrl,
        InvalidRequest,
        JobNotFound,
        NetworkError,
        PictoryError,
        RateLimited,
        RequestRejected,
        ServerError,
        Unauthorized,
    )
    from .poll import PollSchedule
    from .results import JobCompleted, JobFailed, JobInProgress, JobsPage, JobStatus, JobSummary, Quota
    from .urls import BASE_URL_ENV, DEFAULT_BASE_URL
    from .watch import WatchEnd, WatchOutcome, watch_job


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])


__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "BadResponse",
    "Cancelled",
    "DownloadCancelled",
    "DownloadFailed",
    "FieldProblem",
    "InsecureBaseUrl",
    "InvalidRequest",
    "JobCompleted",
    "JobFailed",
    "JobInProgress",
    "JobNotFound",
    "JobStatus",
    "JobSummary",
    "JobsPage",
    "NetworkError",
    "PictoryClient",
    "PictoryError",
    "PollSchedule",
    "Quota",
    "RateLimited",
    "RequestRejected",
    "ServerError",
    "Unauthorized",
    "WatchEnd",
    "WatchOutcome",
    "watch_job",
]
