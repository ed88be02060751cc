"""PictoryClient + watch_job end to end against the sandbox server (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import InvalidRequest, NetworkError, ServerError, Unauthorized
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobFailed, JobInProgress, JobStatus
from pictory_desktop.api.watch import WatchEnd, watch_job
from pictory_desktop.sandbox import Fault, SandboxServer
from tests.integration.conftest import SANDBOX_KEY
from tests.timing import SandboxClock, VirtualWaits

BODY = {
    "videoName": "client_end_to_end",
    "scenes": [
        {
            "story": "Our spring launch, in one short sentence.",
            "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "A bright studio"}},
        }
    ],
}


def fast_schedule() -> PollSchedule:
    # Loopback only: the sandbox finishes in under a second of its time, so poll every 50-200 ms of it.
    return PollSchedule(
        interval=0.05, max_interval=0.2, error_max_interval=0.4, deadline=20, min_interval=0.05, loopback=True
    )


def make(sandbox: SandboxServer) -> PictoryClient:
    return PictoryClient(SANDBOX_KEY, sandbox.base_url, sleep=lambda _: None)


def test_render_watch_download_end_to_end(sandbox: SandboxServer, sandbox_clock: SandboxClock, tmp_path: Path) -> None:
    client = make(sandbox)
    assert client.is_loopback
    before = client.quota()
    job_id = client.render(BODY)
    seen: list[JobStatus] = []
    waits = VirtualWaits(sandbox_clock)  # each poll gap passes on the sandbox's clock at once
    outcome = watch_job(
        client, job_id, fast_schedule(), on_status=seen.append, cancel=waits.cancel, wait=waits, clock=waits.now
    )
    assert outcome.end is WatchEnd.COMPLETED, outcome.user_message
    done = outcome.completed
    assert done is not None and done.video_url and done.job_id == job_id
    assert any(isinstance(s, JobInProgress) for s in seen)
    assert urlsplit(done.video_url).netloc == urlsplit(sandbox.cdn_base_url).netloc  # a different origin

    progress: list[tuple[int, int | None]] = []
    target = client.download(done.video_url, tmp_path / "launch.mp4", on_progress=lambda d, t: progress.append((d, t)))
    data = target.read_bytes()
    assert data[4:8] == b"ftyp" and progress[-1][0] == len(data)
    assert [p.name for p in tmp_path.iterdir()] == ["launch.mp4"]

    (render_request,) = sandbox.requests_for("render")
    assert render_request.headers.get("Authorization") == SANDBOX_KEY
    cdn_requests = [r for r in sandbox.requests if r.origin == "cdn"]
    assert cdn_requests and all("authorization" not in {k.lower() for k in r.headers} for r in cdn_requests)
    after = client.quota()
    assert after.credits_used - before.credits_used == Decimal("0.6")  # one flux-schnell image


def test_sandbox_rejects_bad_fields_with_scene_numbers(sandbox: SandboxServer) -> None:
    body = {
        "videoName": "x",
        "scenes": [{"story": "ok"}, {"story": "y", "background": {"type": "image", "aiVisual": {}}}],
    }
    with pytest.raises(InvalidRequest) as caught:
        make(sandbox).render(body)
    assert any(problem.scene_number == 2 for problem in caught.value.fields), caught.value.fields


def test_bad_key_is_unauthorized(sandbox: SandboxServer) -> None:
    with pytest.raises(Unauthorized):
        PictoryClient("not-a-pictory-key", sandbox.base_url).render(BODY)  # sandbox: pictai_ keys only


@pytest.mark.parametrize("kind", ["truncated", "drop"])
def test_render_fault_is_never_resent(sandbox: SandboxServer, kind: str) -> None:
    sandbox.faults.add(Fault(route="render", kind=kind))
    with pytest.raises(NetworkError) as caught:
        make(sandbox).render(BODY)
    assert caught.value.request_may_have_arrived is True and "Jobs list" in caught.value.user_message
    assert len(sandbox.requests_for("render")) == 1


def test_render_500_is_not_retried(sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault(route="render", kind="status", status=503, times=None))
    with pytest.raises(ServerError):
        make(sandbox).render(BODY)
    assert len(sandbox.requests_for("render")) == 1


def test_watch_survives_transient_job_faults(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    client = make(sandbox)
    job_id = client.render(BODY)
    sandbox.faults.add(Fault(route="job", kind="status", status=502, times=5))  # beats the client's 4 tries
    sandbox.faults.add(Fault(route="job", kind="non_json", times=1))
    errors: list[object] = []
    waits = VirtualWaits(sandbox_clock)
    outcome = watch_job(
        client, job_id, fast_schedule(), on_status=lambda s: None, on_error=errors.append, cancel=waits.cancel,
        wait=waits, clock=waits.now,
    )  # fmt: skip
    assert outcome.end is WatchEnd.COMPLETED and errors
    assert len(sandbox.requests_for("render")) == 1


def test_failed_job_and_unknown_job(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    client = make(sandbox)
    job_id = client.render(BODY)
    sandbox.faults.add(Fault(route="job", kind="job_failed", error_code="TEXT_TO_VIDEO_FAILED"))
    waits = VirtualWaits(sandbox_clock)
    outcome = watch_job(
        client, job_id, fast_schedule(), on_status=lambda s: None, cancel=waits.cancel, wait=waits, clock=waits.now
    )
    assert outcome.end is WatchEnd.FAILED
    assert isinstance(outcome.status, JobFailed) and outcome.status.error_code == "TEXT_TO_VIDEO_FAILED"
    missing = watch_job(client, "no-such-job", fast_schedule(), on_status=lambda s: None, cancel=threading.Event())
    assert missing.end is WatchEnd.ERROR and "does not know this job" in missing.user_message


def test_jobs_list_shows_the_render(sandbox: SandboxServer) -> None:
    client = make(sandbox)
    job_id = client.render(BODY)
    ids: list[str] = []
    key: str | None = None
    for _ in range(20):
        page = client.jobs(key)
        ids += [item.job_id for item in page.items]
        key = page.next_page_key
        if not key:
            break
    assert job_id in ids
