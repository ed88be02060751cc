"""The API key stays in the keyring (or the environment) and the API's Authorization header: nowhere else."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import BadResponse, DownloadFailed, InsecureBaseUrl
from pictory_desktop.api.watch import WatchEnd, watch_job
from pictory_desktop.sandbox import Fault, SandboxServer
from pictory_desktop.store.keystore import KeyStore
from tests.timing import CLI_SPEED, SandboxClock, VirtualWaits

from .helpers import body, run, write_project
from .reliability_rows import ROWS
from .test_fault_matrix import fast_schedule

SECRET = "pictai_SECRET_d41d8cd98f00b204e9800998ecf8427e"


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    """The sandbox's time runs at the pace of the child commands here (a whole render, then a download)."""
    return SandboxClock(rate=CLI_SPEED)


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def assert_key_confined(sandbox: SandboxServer, *roots: Path, outputs: str = "") -> None:
    needle = SECRET.encode()
    for root in roots:
        assert files_containing(root, needle) == []
    assert SECRET not in outputs
    for request in sandbox.requests:
        others = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        assert needle not in request.body and SECRET not in request.path and SECRET not in repr(others)
        if request.origin == "cdn":  # the output origin never sees it, not even as a header
            assert "authorization" not in {k.lower() for k in request.headers}
        else:
            assert request.headers.get("Authorization") == SECRET


def full_session(sandbox: SandboxServer, tmp_path: Path, key: str | None) -> str:
    home, videos = tmp_path / "home", tmp_path / "videos"
    project = write_project(tmp_path / "projects", "launch")
    rendered = run("render", str(project), "--yes", "--download", str(videos), "--poll-interval", "0.2",
                   home=home, sandbox=sandbox, key=key)  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    listed = run("jobs", home=home, key=key)
    assert [p.suffix for p in videos.iterdir()] == [".mp4"]
    assert sandbox.requests_for("render") and any(r.origin == "cdn" for r in sandbox.requests)
    return rendered.stdout + rendered.stderr + listed.stdout + listed.stderr


@pytest.mark.reliability_row("key-full-session")
def test_a_full_session_with_the_key_in_the_environment_writes_it_nowhere(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Row "key-full-session": settings, data, cache and log folders, projects, the job database, downloads."""
    outputs = full_session(sandbox, tmp_path, key=SECRET)
    assert_key_confined(sandbox, tmp_path, outputs=outputs)


@pytest.mark.keyring
@pytest.mark.reliability_row("key-full-session")
def test_a_full_session_with_the_key_in_the_real_keyring_writes_it_nowhere(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Row "key-full-session", with the key set in the OS keyring and read back by the child process."""
    store = KeyStore()
    store.save(SECRET)
    try:
        outputs = full_session(sandbox, tmp_path, key=None)
    finally:
        store.remove()
    assert_key_confined(sandbox, tmp_path, outputs=outputs)


def test_logs_of_a_whole_client_session_never_hold_the_key(
    sandbox: SandboxServer, sandbox_clock: SandboxClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.faults.add(Fault("job", "status", status=500, times=2))
    sandbox.faults.add(Fault("render", "truncated"))
    client = PictoryClient(SECRET, sandbox.base_url, sleep=lambda _: None)
    with pytest.raises(Exception) as first:
        client.render(body())
    job_id = client.render(body())
    waits = VirtualWaits(sandbox_clock)
    outcome = watch_job(
        client, job_id, fast_schedule(), on_status=lambda _: None, cancel=waits.cancel, wait=waits, clock=waits.now
    )
    assert outcome.end is WatchEnd.COMPLETED and outcome.completed and outcome.completed.video_url
    client.download(outcome.completed.video_url, tmp_path / "v.mp4")
    text = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert caplog.records and SECRET not in text
    assert SECRET not in repr(client) + str(first.value) + repr(first.value)


PLAIN = ROWS["key-plain-http"].quote


@pytest.mark.parametrize(
    ("url", "said"),
    [("http://api.pictory.ai/pictoryapis", PLAIN), ("http://10.0.0.5:8080/pictoryapis", PLAIN),
     ("http://127.0.0.1.nip.io/x", PLAIN), ("http://2130706433/", PLAIN), ("http://0x7f000001/", PLAIN),
     ("http://localhost@evil.example/x", "must not contain a user name or password"),
     ("ftp://127.0.0.1/", "must be a web address starting with https://")],
)  # fmt: skip
@pytest.mark.reliability_row("key-plain-http")
def test_plain_http_to_anything_but_this_computer_is_refused(tmp_path: Path, url: str, said: str) -> None:
    with pytest.raises(InsecureBaseUrl) as caught:
        PictoryClient(SECRET, url)
    assert SECRET not in str(caught.value)
    result = run("render", str(write_project(tmp_path, "launch")), "--yes", home=tmp_path / "home", base_url=url,
                 key=SECRET)  # fmt: skip
    assert result.returncode == 2 and SECRET not in result.stdout + result.stderr
    assert said in result.stderr


@pytest.mark.reliability_row("key-redirect")
@pytest.mark.parametrize("route", ["render", "job", "quota"])
def test_a_redirect_to_another_host_never_carries_the_key(sandbox: SandboxServer, route: str) -> None:
    row = ROWS["key-redirect"]
    with SandboxServer() as elsewhere:
        client = PictoryClient(SECRET, sandbox.base_url, sleep=lambda _: None)
        job_id = client.render(body()) if route == "job" else ""
        target = f"{elsewhere.base_url}/v1/quota"
        sandbox.faults.add(Fault(route, "status", status=307, headers={"Location": target}))
        with pytest.raises(BadResponse) as caught:
            {"render": lambda: client.render(body()), "job": lambda: client.job(job_id), "quota": client.quota}[route]()
        assert row.quote in caught.value.user_message
        assert elsewhere.requests == []  # the other host received nothing at all


@pytest.mark.reliability_row("key-redirect")
def test_a_cdn_redirect_is_followed_without_the_key(sandbox: SandboxServer, tmp_path: Path) -> None:
    with SandboxServer() as elsewhere:
        client = PictoryClient(SECRET, sandbox.base_url, sleep=lambda _: None)
        target = f"{elsewhere.cdn_base_url}/renders/some-job/video.mp4"
        sandbox.faults.add(Fault("download", "status", status=302, headers={"Location": target}))
        with pytest.raises(DownloadFailed):  # the other host has no such file
            client.download(f"{sandbox.cdn_base_url}/renders/x/video.mp4", tmp_path / "v.mp4")
        [followed] = elsewhere.requests
        assert "authorization" not in {k.lower() for k in followed.headers}
        assert SECRET not in repr(followed.headers)
    assert not os.path.exists(tmp_path / "v.mp4")
