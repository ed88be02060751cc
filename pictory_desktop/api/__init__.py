"""api layer: requests-based PictoryClient, typed errors, poll schedule, watch loop. No Qt here.

See docs/ARCHITECTURE.md. Import the names below from here or from their modules.
"""

from __future__ import annotations

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
    # PictoryClient pulls in requests (~100+ ms); the window's start path only needs the value types.
    if name == "PictoryClient":
        from .client import PictoryClient

        return PictoryClient
    raise AttributeError(name)


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
