"""The sandbox's renders are drafts of what was sent (issue 15), over real HTTP: a render's video.mp4 shows the
submitted scenes in their colours at the estimate's boundaries, labelled as the sandbox's; two renders of two
storyboards are two different videos; a maker that fails serves the placeholder and says why in the log."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import av
import pytest
import requests

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.results import JobCompleted
from pictory_desktop.draft.encoder import FPS
from pictory_desktop.draft.frames import SANDBOX_LABEL
from pictory_desktop.draft.sandbox_video import sandbox_video_maker
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.sandbox.state import VideoMaker
from tests.timing import STOP_POLL, SandboxClock

from .conftest import QUEUE_SECONDS, RENDER_SECONDS, SANDBOX_KEY
from .test_draft_video import close_to, pixel, rgb_frames

pytestmark = pytest.mark.gui  # painting needs a QGuiApplication (pytest-qt's qapp, offscreen)

VOICE = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]}  # 2.5 words a second
PLACEHOLDER = resources.files("pictory_desktop.resources.sandbox").joinpath("video.mp4").read_bytes()


def body(*colours: str, name: str = "Colours") -> dict[str, Any]:
    # Five words each: 2 s a scene.
    scenes = [{"story": "one two three four five", "background": {"color": c}} for c in colours]
    return {"videoName": name, "voiceOver": VOICE, "scenes": scenes}


def serve(clock: SandboxClock, maker: VideoMaker | None) -> SandboxServer:
    return SandboxServer(
        queue_seconds=QUEUE_SECONDS,
        render_seconds=RENDER_SECONDS,
        clock=clock,
        stop_poll_seconds=STOP_POLL,
        video_maker=maker,
    ).start()


@pytest.fixture
def drafting_sandbox(qapp: Any, tmp_path: Path) -> Iterator[tuple[SandboxServer, SandboxClock]]:
    clock = SandboxClock()
    server = serve(clock, sandbox_video_maker(tmp_path / "image-cache"))
    try:
        yield server, clock
    finally:
        server.stop()
    assert server.errors == []


def rendered(server: SandboxServer, clock: SandboxClock, sent: dict[str, Any]) -> JobCompleted:
    client = PictoryClient(SANDBOX_KEY, server.base_url)
    job_id = client.render(sent)
    clock.advance(QUEUE_SECONDS + RENDER_SECONDS + 1)
    status = client.job(job_id)
    assert isinstance(status, JobCompleted) and status.video_url is not None
    return status


def test_a_render_is_a_draft_of_its_own_scenes_labelled_sandbox(drafting_sandbox, tmp_path):
    server, clock = drafting_sandbox
    status = rendered(server, clock, body("#ff0000", "#00c800", "#0000ff", name="Three colours"))
    assert status.video_url is not None
    video = tmp_path / "video.mp4"
    answer = requests.get(status.video_url, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "video/mp4"
    video.write_bytes(answer.content)
    with av.open(str(video)) as container:
        assert container.metadata["title"] == "Three colours — Draft — not rendered by Pictory"
        assert container.metadata["comment"].startswith(SANDBOX_LABEL)
        assert abs(float(container.duration or 0) / 1e6 - 6.0) <= 0.3  # 3 scenes × 2 s
    colours: dict[int, tuple[int, int, int]] = {}  # the middle of each scene
    for index, _key, data, line, width, height in rgb_frames(video):
        if index in (FPS, 3 * FPS, 5 * FPS):
            colours[index] = pixel(data, line, width // 2, round(height * 0.45))
    assert close_to(colours[FPS], (255, 0, 0)) and close_to(colours[3 * FPS], (0, 200, 0))
    assert close_to(colours[5 * FPS], (0, 0, 255))
    thumbnail = requests.get(status.thumbnail_url or "", timeout=10)
    assert thumbnail.headers["Content-Type"] == "image/jpeg" and thumbnail.content[:2] == b"\xff\xd8"


def test_two_storyboards_are_two_videos_and_each_is_made_once(drafting_sandbox):
    server, clock = drafting_sandbox
    first = rendered(server, clock, body("#ff0000", "#00c800"))
    second = rendered(server, clock, body("#0000ff"))
    one = requests.get(first.video_url or "", timeout=60).content
    again = requests.get(first.video_url or "", timeout=60).content
    other = requests.get(second.video_url or "", timeout=60).content
    assert one == again and one != other and PLACEHOLDER not in (one, other)


def test_a_maker_that_fails_serves_the_placeholder_and_says_why(qapp, tmp_path):
    def broken(_body: dict[str, Any], _folder: Path) -> Any:
        raise RuntimeError("no encoder here")

    clock = SandboxClock()
    server = serve(clock, broken)
    try:
        status = rendered(server, clock, body("#ff0000"))
        answer = requests.get(status.video_url or "", timeout=10)
        assert answer.status_code == 200 and answer.content == PLACEHOLDER
        assert any("could not be made (RuntimeError: no encoder here)" in line for line in server.log)
    finally:
        server.stop()
    assert server.errors == []
