"""Scripted misbehaviour for the sandbox, so tests can show the app survives a bad day at Pictory.

Transport faults (any route, checked before authentication, as a proxy or gateway in front of Pictory would
fail):

* ``status``: answer ``status`` with ``body``/``content_type``/``headers`` (e.g. 502 HTML, 429 + Retry-After).
* ``non_json``: 200 with a body that is not JSON (``body`` or a default HTML snippet).
* ``wrong_shape``: 200 with valid JSON of the wrong shape (``body`` or ``{"data": "x"}``).
* ``truncated``: the request IS processed (a render creates its job), then the answer announces a
  Content-Length larger than what is sent and the connection closes: the ambiguous "did it go through?" case.
* ``drop``: the connection closes with no answer; the request is NOT processed.
* ``slow``: waits ``delay`` seconds (woken early by stop()), then answers normally.
* ``hang``: never answers; the handler waits until stop() (at most 120 s) and then closes the connection.
* ``unauthorized``: 401 ``{"message": "Unauthorized"}`` even with a good key.

Job faults (route ``"job"`` or ``"*"``; they only match ``GET /v1/jobs/{id}`` and are applied after the
key check, to a job that exists):

* ``job_failed``: that job fails from now on with ``error_code``/``error_message`` (a failed job stays
  failed, so it is never charged).
* ``never_finishes``: that job stays in progress from now on, even after ``clear()``.
* ``job_not_found``: this answer is the 404 JOB_NOT_FOUND shape (the job itself is untouched).
* ``success_false_no_status``: this answer is ``{"success": false, "data": {}}``.

``times`` counts matching requests affected (None = until ``clear()``); faults are tried in the order added.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

TRANSPORT_KINDS = frozenset({"status", "non_json", "wrong_shape", "truncated", "drop", "slow", "hang", "unauthorized"})
JOB_KINDS = frozenset({"job_failed", "job_not_found", "success_false_no_status", "never_finishes"})


@dataclass
class Fault:
    route: str
    kind: str
    status: int = 500
    body: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    error_code: str = "TEXT_TO_VIDEO_FAILED"
    error_message: str = "The video could not be rendered. Please try again."
    times: int | None = 1

    def __post_init__(self) -> None:
        if self.kind not in TRANSPORT_KINDS | JOB_KINDS:
            raise ValueError(f"Unknown fault kind {self.kind!r}.")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1, or None for until cleared.")


class FaultInjector:
    """Thread-safe list of pending faults; each handler takes at most one per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._remaining: list[int | None] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)
            self._remaining.append(fault.times)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._remaining.clear()

    def take(self, route: str, kinds: frozenset[str]) -> Fault | None:
        """Consume one use of the first fault for ``route`` whose kind is in ``kinds``."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.kind not in kinds or fault.route not in (route, "*"):
                    continue
                remaining = self._remaining[index]
                if remaining is not None:
                    if remaining <= 1:
                        del self._faults[index]
                        del self._remaining[index]
                    else:
                        self._remaining[index] = remaining - 1
                return fault
            return None
