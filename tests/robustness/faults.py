"""The fault kinds of the matrix, built for any route of the local server."""

from __future__ import annotations

import json

from pictory_desktop.sandbox import Fault

HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
HTML_PAGE = b"<!doctype html><html><body><h1>Welcome to the hotel Wi-Fi</h1><form>...</form></body></html>"
TRUNCATED_JSON = b'{"success": true, "data": {"jobId": "1f0c'
SUCCESS_FALSE = json.dumps({"success": False}).encode()


def make_fault(route: str, fault_id: str, *, times: int | None = 1) -> Fault | None:
    """The sandbox fault for ``fault_id`` on ``route``; None for "refused", which needs no server at all."""
    table: dict[str, Fault | None] = {
        "500": Fault(route, "status", status=500, times=times),
        "502-html": Fault(route, "status", status=502, body=HTML_502, content_type="text/html", times=times),
        "429-retry-after": Fault(
            route,
            "status",
            status=429,
            headers={"Retry-After": "2"},
            times=times,
            body=b'{"message": "Too Many Requests"}',
        ),  # fmt: skip
        "429": Fault(route, "status", status=429, body=b'{"message": "Too Many Requests"}', times=times),
        "refused": None,
        "drop": Fault(route, "drop", times=times),
        "cut-mid-response": Fault(route, "truncated", times=times),
        "timeout": Fault(route, "hang", times=times),
        "truncated-json": Fault(route, "status", status=200, body=TRUNCATED_JSON, times=times),
        "non-json": Fault(route, "non_json", times=times),
        "html-page": Fault(route, "status", status=200, body=HTML_PAGE, content_type="text/html", times=times),
        "wrong-shape": Fault(route, "wrong_shape", times=times),
        "401": Fault(route, "unauthorized", times=times),
        "success-false": (
            Fault(route, "success_false_no_status", times=times)
            if route == "job"
            else Fault(route, "status", status=200, body=SUCCESS_FALSE, times=times)
        ),
        "not-found": Fault(route, "job_not_found", times=times),
        "never-finishes": Fault(route, "never_finishes", times=None),
    }
    return table[fault_id]
