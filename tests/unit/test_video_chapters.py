"""A video's chapters as the player's scenes: read with PyAV when it is installed, nothing otherwise."""

from __future__ import annotations

import importlib
import sys
import types
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.domain.scene_timeline import SceneSpan
from pictory_desktop.sandbox.media import shipped
from pictory_desktop.store import video_chapters
from pictory_desktop.store.video_chapters import read_scene_chapters

MS = Fraction(1, 1000)


def chapter(start_ms: int, end_ms: int, title: str | None) -> dict[str, Any]:
    return {"id": 0, "start": start_ms, "end": end_ms, "time_base": MS, "metadata": {"title": title} if title else {}}


class _FakeContainer:
    def __init__(self, chapters: list[dict[str, Any]]) -> None:
        self._chapters = chapters

    def __enter__(self) -> _FakeContainer:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def chapters(self) -> list[dict[str, Any]]:
        return self._chapters


def fake_pyav(monkeypatch: pytest.MonkeyPatch, chapters: list[dict[str, Any]] | Exception) -> None:
    """PyAV's reading side as the reader uses it, for machines without PyAV (the app does not depend on it)."""
    module = types.ModuleType("av")

    def open_container(_path: str) -> _FakeContainer:
        if isinstance(chapters, Exception):
            raise chapters
        return _FakeContainer(chapters)

    module.__dict__["open"] = open_container
    monkeypatch.setitem(sys.modules, "av", module)


def test_chapters_named_after_scenes_become_the_players_scenes(monkeypatch, tmp_path):
    fake_pyav(
        monkeypatch,
        [chapter(2500, 4000, "Scene 2, part 2"), chapter(0, 1500, "Scene 1"), chapter(1500, 2500, "Scene 2, part 1")],
    )
    assert read_scene_chapters(tmp_path / "draft.mp4") == (
        SceneSpan(1, None, 0.0, 1.5),
        SceneSpan(2, 1, 1.5, 2.5),
        SceneSpan(2, 2, 2.5, 4.0),
    )


def test_chapters_that_are_not_scenes_offer_no_scene_to_jump_to(monkeypatch, tmp_path):
    fake_pyav(monkeypatch, [chapter(0, 1000, "Intro"), chapter(1000, 2000, None)])
    assert read_scene_chapters(tmp_path / "film.mp4") == ()


def test_a_file_pyav_cannot_read_has_no_chapters_and_nothing_is_raised(monkeypatch, tmp_path):
    fake_pyav(monkeypatch, ValueError("Invalid data found when processing input"))
    assert read_scene_chapters(tmp_path / "garbage.mp4") == ()


def test_without_pyav_there_are_no_chapters(monkeypatch, tmp_path):
    real_import = importlib.import_module

    def no_pyav(name: str, package: str | None = None) -> types.ModuleType:
        if name == "av":
            raise ImportError("No module named 'av'")
        return real_import(name, package)

    monkeypatch.setattr(video_chapters.importlib, "import_module", no_pyav)
    assert not video_chapters.pyav_available()
    assert read_scene_chapters(tmp_path / "draft.mp4") == ()


def test_a_real_mp4s_chapters_are_read_with_pyav(tmp_path: Path):
    av: Any = pytest.importorskip("av", reason="PyAV is optional: the app plays videos without it")
    source = tmp_path / "plain.mp4"
    source.write_bytes(shipped("video.mp4"))  # the sandbox's 4-second render
    target = tmp_path / "draft.mp4"
    with av.open(str(source)) as reading, av.open(str(target), "w") as writing:
        streams = {stream.index: writing.add_stream_from_template(stream) for stream in reading.streams}
        writing.set_chapters([chapter(0, 2000, "Scene 1"), {**chapter(2000, 4000, "Scene 2"), "id": 1}])
        for packet in reading.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                writing.mux(packet)
    assert read_scene_chapters(target) == (SceneSpan(1, None, 0.0, 2.0), SceneSpan(2, None, 2.0, 4.0))
    assert read_scene_chapters(source) == ()
