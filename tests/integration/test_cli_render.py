"""The command line against the local Pictory-compatible server, over real HTTP, in a real child process."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from pictory_desktop.domain.body import storyboard_to_body
from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.project_files import load_project_file
from tests.timing import CLI_SPEED, SandboxClock

from .cli_runner import TEST_KEY, run_cli

GUIDE = Path(__file__).parents[1] / "unit" / "data" / "guide_example.json"
SANDBOX_MP4 = resources.files("pictory_desktop.resources.sandbox").joinpath("video.mp4").read_bytes()


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    """Here the sandbox's time runs at the pace of the child commands (run_cli), so every gap, deadline and
    render length is the same on both sides, only CLI_SPEED times shorter in real seconds."""
    return SandboxClock(rate=CLI_SPEED)


def project(tmp_path: Path, name: str = "launch.json", **changes) -> Path:
    body = json.loads(GUIDE.read_text("utf-8"))
    body["voiceOver"] = {"enabled": True, "aiVoices": [{"speaker": "Brian"}]}  # a field the app never edits
    body.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(body), "utf-8")
    return path


def test_full_render_from_file_to_downloaded_mp4(sandbox, tmp_path):
    path = project(tmp_path)
    downloads = tmp_path / "videos"
    result = run_cli("render", str(path), "--yes", "--download", str(downloads), "--poll-interval", "0.2",
                     sandbox=sandbox, home=tmp_path / "home")  # fmt: skip
    assert result.code == 0, result.err
    assert "Total: 6 credits" in result.out
    [video] = list(downloads.iterdir())
    assert video.suffix == ".mp4" and video.read_bytes() == SANDBOX_MP4
    # Exactly one render reached the server, carrying the file's body minus nothing but the app's own key.
    [post] = sandbox.requests_for("render")
    assert json.loads(post.body) == storyboard_to_body(load_project_file(path))
    assert json.loads(post.body)["voiceOver"] == {"enabled": True, "aiVoices": [{"speaker": "Brian"}]}
    assert post.headers["Authorization"] == TEST_KEY
    # The output host never saw the key.
    cdn = [r for r in sandbox.requests if r.origin == "cdn"]
    assert cdn and all("authorization" not in {h.lower() for h in r.headers} for r in cdn)
    # The job is in the history the app shows.
    jobs = run_cli("jobs", sandbox=None, home=tmp_path / "home")
    assert "completed" in jobs.out and "ai_background_images_demo" in jobs.out


def test_a_file_with_errors_sends_nothing(sandbox, tmp_path):
    good = project(tmp_path, "good.json")
    bad = project(tmp_path, "bad.json", videoName="")
    result = run_cli("render", str(good), str(bad), "--yes", sandbox=sandbox, home=tmp_path / "home")
    assert result.code == 2
    assert "Give the video a name" in result.err and "Nothing was sent" in result.err
    assert sandbox.requests == []  # not even the good file, and not even a balance check


def test_a_file_that_cannot_be_opened_sends_nothing(sandbox, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"videoName": "x", "scenes": [', "utf-8")
    result = run_cli("render", str(broken), "--yes", sandbox=sandbox, home=tmp_path / "home")
    assert result.code == 2 and "line 1" in result.err
    assert sandbox.requests == []


def test_without_yes_and_without_a_terminal_it_never_waits_and_sends_nothing(sandbox, tmp_path):
    result = run_cli("render", str(project(tmp_path)), sandbox=sandbox, home=tmp_path / "home", timeout=20)
    assert result.code == 2 and "--yes" in result.err
    assert sandbox.requests_for("render") == []


@pytest.mark.parametrize(
    "fault", [Fault(route="render", kind="status", status=500), Fault(route="render", kind="drop")]
)
def test_a_failed_render_post_is_never_sent_again(sandbox, tmp_path, fault):
    sandbox.faults.add(fault)
    result = run_cli("render", str(project(tmp_path)), "--yes", sandbox=sandbox, home=tmp_path / "home")
    assert result.code == 1
    assert len(sandbox.requests_for("render")) == 1
    if fault.kind == "drop":
        assert "NOT sent again" in result.err


def test_a_failed_job_exits_3_with_pictorys_reason(sandbox, tmp_path):
    sandbox.faults.add(Fault(route="job", kind="job_failed", error_code="TEXT_TO_VIDEO_FAILED",
                             error_message="The story could not be turned into a video.", times=None))  # fmt: skip
    result = run_cli("render", str(project(tmp_path)), "--yes", "--wait", "--poll-interval", "0.2",
                     sandbox=sandbox, home=tmp_path / "home")  # fmt: skip
    assert result.code == 3
    assert "could not be turned into a video" in result.out


def test_stopping_watching_while_still_rendering_exits_4(sandbox, tmp_path):
    sandbox.faults.add(Fault(route="job", kind="never_finishes", times=None))
    result = run_cli("render", str(project(tmp_path)), "--yes", "--wait", "--poll-interval", "0.2",
                     "--watch-minutes", "0.02", sandbox=sandbox, home=tmp_path / "home")  # fmt: skip
    assert result.code == 4
    assert "still rendering" in result.out
    assert len(sandbox.requests_for("render")) == 1


def test_a_balance_too_low_sends_nothing(sandbox, tmp_path):
    from decimal import Decimal

    sandbox.set_credits(limit=Decimal(10), used=Decimal(7))
    result = run_cli("render", str(project(tmp_path)), "--yes", sandbox=sandbox, home=tmp_path / "home")
    assert result.code == 1 and "does not cover" in result.err
    assert sandbox.requests_for("render") == []


def test_a_rejected_key_is_explained(sandbox, tmp_path):
    key = "sk-live-DISTINCTIVE-4242"
    result = run_cli("render", str(project(tmp_path)), "--yes", sandbox=sandbox, home=tmp_path / "home", key=key)
    assert result.code == 1
    assert "API key" in result.err
    assert "DISTINCTIVE" not in result.out + result.err  # the key is never echoed
    assert sandbox.requests_for("render") == []  # stopped at the balance check, before spending


def test_no_key_points_to_the_sandbox(tmp_path):
    result = run_cli("render", str(project(tmp_path)), "--yes", sandbox=None, home=tmp_path / "home", key=None)
    assert result.code == 2 and "--sandbox" in result.err


def test_several_files_are_several_renders_with_one_total(sandbox, tmp_path):
    a, b = project(tmp_path, "a.json"), project(tmp_path, "b.json", videoName="Second")
    result = run_cli("render", str(a), str(b), "--yes", sandbox=sandbox, home=tmp_path / "home")
    assert result.code == 0, result.err
    assert "All 2 renders: 12 credits" in result.out
    assert len(sandbox.requests_for("render")) == 2


def test_watch_picks_up_a_render_sent_earlier(sandbox, tmp_path):
    home = tmp_path / "home"
    sent = run_cli("render", str(project(tmp_path)), "--yes", sandbox=sandbox, home=home)
    assert sent.code == 0
    watched = run_cli("watch", "--poll-interval", "0.2", sandbox=sandbox, home=home)
    assert watched.code == 0, watched.err
    assert "is ready" in watched.out
    assert len(sandbox.requests_for("render")) == 1


def test_watch_with_a_rejected_key_is_an_api_error_not_a_usage_error(sandbox, tmp_path):
    home = tmp_path / "home"
    assert run_cli("render", str(project(tmp_path)), "--yes", sandbox=sandbox, home=home).code == 0
    result = run_cli("watch", "--poll-interval", "0.2", sandbox=sandbox, home=home, key="sk-not-a-pictory-key")
    assert result.code == 1
    assert "API key" in result.err + result.out
