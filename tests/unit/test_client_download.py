"""Downloads stream through the atomic writer: nothing ever sits half-written under the final name."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import DownloadCancelled, DownloadFailed, NetworkError

from .test_client_fakeserver import KEY, FakeServer, Reply, cdn_fixture  # noqa: F401

MOVIE = bytes(range(256)) * 1024  # 256 KiB


def make(cdn: FakeServer, delays: list[float] | None = None) -> PictoryClient:
    sink = delays if delays is not None else []
    return PictoryClient(KEY, "https://api.pictory.ai/pictoryapis", sleep=sink.append)


def test_download_writes_the_file_and_reports_progress(cdn: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/v.mp4", Reply(200, MOVIE, {"Content-Type": "video/mp4"}))
    progress: list[tuple[int, int | None]] = []
    target = tmp_path / "sub" / "v.mp4"
    result = make(cdn).download(f"{cdn.base_url}/v.mp4", target, on_progress=lambda d, t: progress.append((d, t)))
    assert result == target and target.read_bytes() == MOVIE
    assert progress[0] == (0, len(MOVIE)) and progress[-1] == (len(MOVIE), len(MOVIE))
    assert sorted(p.name for p in target.parent.iterdir()) == ["v.mp4"]


def test_cancel_midway_leaves_no_file_and_no_temp(cdn: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/v.mp4", Reply(200, MOVIE, chunk_pause=0.001))
    cancel = threading.Event()

    def on_progress(done: int, total: int | None) -> None:
        if done >= 64 * 1024:
            cancel.set()

    target = tmp_path / "v.mp4"
    with pytest.raises(DownloadCancelled) as caught:
        make(cdn).download(f"{cdn.base_url}/v.mp4", target, on_progress=on_progress, cancel=cancel, chunk_size=4096)
    assert "no file was saved" in caught.value.user_message
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_older_file_untouched(cdn: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/v.mp4", Reply(200, MOVIE, chunk_pause=0.001))
    target = tmp_path / "v.mp4"
    target.write_bytes(b"previous video")
    cancel = threading.Event()
    with pytest.raises(DownloadCancelled):
        make(cdn).download(
            f"{cdn.base_url}/v.mp4", target, on_progress=lambda d, t: cancel.set() if d else None, cancel=cancel
        )
    assert target.read_bytes() == b"previous video"
    assert [p.name for p in tmp_path.iterdir()] == ["v.mp4"]


def test_truncated_download_is_retried_then_leaves_nothing(cdn: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/v.mp4", Reply(200, MOVIE, truncate_to=5000))
    delays: list[float] = []
    with pytest.raises(NetworkError):
        make(cdn, delays).download(f"{cdn.base_url}/v.mp4", tmp_path / "v.mp4")
    assert delays == [1.0, 2.0, 4.0]
    assert list(tmp_path.iterdir()) == []


def test_transient_cdn_error_then_success(cdn: FakeServer, tmp_path: Path) -> None:
    cdn.on("GET", "/v.mp4", Reply(503), Reply(200, MOVIE))
    delays: list[float] = []
    make(cdn, delays).download(f"{cdn.base_url}/v.mp4", tmp_path / "v.mp4")
    assert delays == [1.0] and (tmp_path / "v.mp4").read_bytes() == MOVIE


@pytest.mark.parametrize("status", [403, 404, 410])
def test_expired_link_is_a_download_failure(cdn: FakeServer, tmp_path: Path, status: int) -> None:
    cdn.on("GET", "/v.mp4", Reply(status, b"gone"))
    with pytest.raises(DownloadFailed):
        make(cdn).download(f"{cdn.base_url}/v.mp4", tmp_path / "v.mp4")
    assert list(tmp_path.iterdir()) == []
    assert len(cdn.hits("GET", "/v.mp4")) == 1


def test_non_web_links_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    with pytest.raises(DownloadFailed):
        PictoryClient(KEY).download(secret.as_uri(), tmp_path / "copy.txt")
