"""The draft's music in the window (issue 15): the chosen track is fetched once from its address, without the key,
kept, and played in the draft at its volume; a track that cannot be fetched (the CDN failing in every way the
fault matrix knows) gives a draft without sound and a note saying why — never a failed draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import pytest

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.qt.draft_video import DraftMaker, cached_music_path
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.sandbox.library import TRACKS

from ..robustness.faults import make_fault
from .jobs_fixtures import sandbox_server  # noqa: F401

pytestmark = pytest.mark.gui


def storyboard(music_url: str) -> Any:
    scenes = [{"story": "one two three four five", "background": {"color": "#336699"}} for _ in range(2)]
    body = {
        "videoName": "With music",
        "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]},
        "backgroundMusic": {"enabled": True, "musicUrl": music_url, "volume": 0.2},
        "scenes": scenes,
    }
    return storyboard_from_body(body)


def make(qtbot: Any, maker: DraftMaker, board: Any, out: Path) -> Any:
    with qtbot.waitSignal(maker.made, timeout=60_000) as made:
        maker.make(board, out, width=320)
    return made.args[0]


def test_the_chosen_track_is_fetched_once_without_the_key_and_heard(qtbot, tmp_path, sandbox_server):  # noqa: F811
    server: SandboxServer = sandbox_server
    url = server.cdn_base_url + TRACKS[0].audio_path
    maker = DraftMaker(_catalog(), tmp_path / "images", tmp_path / "music")
    first = make(qtbot, maker, storyboard(url), tmp_path / "one.mp4")
    assert first.audio and first.notes == ()
    with av.open(str(first.path)) as container:
        assert len(container.streams.audio) == 1
    assert cached_music_path(tmp_path / "music", url).is_file()
    fetched = [r for r in server.requests if r.origin == "cdn" and r.route == "media"]
    assert len(fetched) == 1 and all("authorization" not in {k.lower() for k in r.headers} for r in fetched)
    again = make(qtbot, maker, storyboard(url), tmp_path / "two.mp4")
    assert again.audio
    assert len([r for r in server.requests if r.origin == "cdn" and r.route == "media"]) == 1  # kept, not fetched


@pytest.mark.parametrize("fault", ["500", "429", "drop", "cut-mid-response", "html-page"])
def test_a_track_that_cannot_be_fetched_gives_a_silent_draft_and_says_why(
    qtbot,
    tmp_path,
    sandbox_server,  # noqa: F811
    fault,
):
    server: SandboxServer = sandbox_server
    injected = make_fault("media", fault, times=None)
    assert injected is not None
    server.faults.add(injected)
    url = server.cdn_base_url + TRACKS[1].audio_path
    maker = DraftMaker(_catalog(), tmp_path / "images", tmp_path / "music")
    result = make(qtbot, maker, storyboard(url), tmp_path / "draft.mp4")
    assert not result.audio and result.path.is_file()
    why = {
        "500": "its server had a problem",
        "429": "its server asked to wait",
        "drop": "the connection failed",
        "cut-mid-response": "the connection failed",
        "html-page": "its address did not give an audio file",
    }[fault]
    assert [n for n in result.notes if "music" in n] == [
        f"The music could not be fetched ({why}), so the draft has no sound."
    ]
    assert not cached_music_path(tmp_path / "music", url).exists()  # nothing half-written is kept as the track
    assert len([r for r in server.requests if r.route == "media"]) == 1  # asked once: nothing retried


def _catalog() -> Any:
    from pictory_desktop.domain.catalog import default_catalog

    return default_catalog()


def test_the_tracks_kept_for_drafts_are_a_cache_the_oldest_going_first(tmp_path):
    import os

    from pictory_desktop.qt.draft_video import forget_old_tracks

    folder = tmp_path / "music"
    folder.mkdir()
    for n in range(5):
        track = folder / f"{n}.wav"
        track.write_bytes(b"RIFF")
        os.utime(track, (1_000 + n, 1_000 + n))  # fetched in this order
    forget_old_tracks(folder, keep=3)
    assert sorted(p.name for p in folder.iterdir()) == ["2.wav", "3.wav", "4.wav"]
