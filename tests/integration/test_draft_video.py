"""The draft video as a user gets it: encoded from a mixed storyboard, then decoded again with PyAV and looked at —
it plays, lasts what the estimate says, changes scene where the plan says, carries its label, its chapters and
the music; a cancelled draft leaves nothing behind and an existing file as it was."""

from __future__ import annotations

import io
import math
import struct
import threading
import wave
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter

from pictory_desktop.domain.body import storyboard_from_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.draft_plan import DRAFT_TITLE, DraftPlan, plan_draft
from pictory_desktop.domain.length import estimate_length
from pictory_desktop.draft.encoder import FPS, DraftCancelled, DraftResult, encode_draft
from pictory_desktop.draft.frames import DRAFT_LABEL, default_width, frame_size

pytestmark = pytest.mark.gui  # painting text needs a QGuiApplication (pytest-qt's qapp, offscreen)

VOICE = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]}  # 2.5 words a second
PICTURE_URL = "https://pictures.example/green-field.png"
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 255, 0)
WIDTH = 640  # 640×360: quick to encode, big enough to look at


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"png")).write(image)  # QImage.save's stub and runtime disagree on str
    return bytes(data.data())


def mixed_body() -> dict[str, Any]:
    return {
        "videoName": "Spring launch",
        "voiceOver": VOICE,
        "scenes": [
            {"story": "one two three four five six seven eight nine ten", "background": {"color": "#ff0000"}},  # 4 s
            {"story": "A picture of the green field.", "background": {"type": "image", "visualUrl": PICTURE_URL}},
            {
                "story": "Pictory will paint this one.",
                "background": {"type": "image", "aiVisual": {"model": "flux-schnell"}},
            },
            {
                "story": "One two three. Four five. Six seven eight nine.",  # 1.2 + 0.8 + 1.6 s
                "createSceneOnEndOfSentence": True,
                "background": {"color": "#0000ff"},
            },
            {"story": "Thanks for watching us today.", "background": {"color": "#ffff00"}},  # 2 s
        ],
    }


def plan_of(body: dict[str, Any]) -> DraftPlan:
    return plan_draft(storyboard_from_body(body), default_catalog())


def pictures(url: str) -> bytes | None:
    # A 4:3 picture in a 16:9 video: scaled to cover, it fills the frame.
    return png(400, 300, GREEN) if url == PICTURE_URL else None


def rgb_frames(path: Path) -> Iterator[tuple[int, bool, bytes, int, int, int]]:
    """(index, keyframe, RGB bytes, line size, width, height) of every frame, decoded."""
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            rgb = frame.reformat(format="rgb24")
            plane = rgb.planes[0]
            yield index, frame.key_frame, bytes(plane), plane.line_size, rgb.width, rgb.height


def pixel(data: bytes, line: int, x: int, y: int) -> tuple[int, int, int]:
    offset = y * line + x * 3
    return data[offset], data[offset + 1], data[offset + 2]


def close_to(found: tuple[int, int, int], wanted: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True))


@pytest.fixture(scope="module")
def mixed_draft(qapp, tmp_path_factory: pytest.TempPathFactory) -> tuple[DraftPlan, DraftResult, Path]:
    plan = plan_of(mixed_body())
    out = tmp_path_factory.mktemp("draft") / "spring.mp4"
    fractions: list[float] = []
    result = encode_draft(plan, out, width=WIDTH, picture_for=pictures, progress=fractions.append)
    assert fractions[-1] == 1.0 and fractions == sorted(fractions) and len(fractions) > 10
    return plan, result, out


def test_the_draft_plays_for_as_long_as_the_estimate_says(mixed_draft):
    plan, result, out = mixed_draft
    estimate = float(estimate_length(storyboard_from_body(mixed_body())).seconds)
    assert estimate == 14.0
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("h264", 640, 360)
        assert container.duration is not None and abs(container.duration / 1e6 - estimate) <= estimate * 0.05
        assert not container.streams.audio  # no music in this storyboard: no sound track at all
    decoded = sum(1 for _ in rgb_frames(out))
    assert decoded == round(estimate * FPS) and result.seconds == estimate


def test_each_scene_starts_where_the_plan_says_and_shows_its_background(mixed_draft):
    plan, result, out = mixed_draft
    starts = [round(float(s.start) * FPS) for s in plan.segments]
    assert starts == [0, 100, 160, 210, 240, 260, 300]  # 4 s, 2.4 s, 2 s, then 1.2 + 0.8 + 1.6 s, then 2 s
    wanted = {2: RED, 102: GREEN, 212: BLUE, 242: BLUE, 262: BLUE, 302: YELLOW}
    seen: dict[int, tuple[int, int, int]] = {}
    keyframes: set[int] = set()
    for index, key, data, line, width, height in rgb_frames(out):
        if key:
            keyframes.add(index)
        if index in wanted or index == 162:
            seen[index] = pixel(data, line, width // 2, round(height * 0.45))  # below the labels, above the words
    for index, colour in wanted.items():
        assert close_to(seen[index], colour), (index, seen[index], colour)
    card = seen[162]  # the AI image not tried yet: the dark slate card, not any scene's colour
    assert card[2] > card[0] and max(card) < 90, card
    assert set(starts) <= keyframes  # every scene and part starts on a keyframe: seeking to it is instant
    assert max(b - a for a, b in zip(sorted(keyframes), [*sorted(keyframes)[1:], 350], strict=True)) <= 2 * FPS


def test_the_draft_label_is_painted_in_the_corner_and_written_in_the_metadata(mixed_draft):
    plan, result, out = mixed_draft
    with av.open(str(out)) as container:
        assert container.metadata["title"] == f"Spring launch — {DRAFT_TITLE}"
        assert container.metadata["comment"].startswith(DRAFT_LABEL)
    for index, _key, data, line, width, height in rgb_frames(out):
        if index != 50:  # inside the red scene
            continue
        corner = [pixel(data, line, x, y) for y in range(0, height // 10) for x in range(0, width // 2)]
        white = sum(1 for p in corner if min(p) > 200)  # the label's letters (the scene is pure red)
        dark = sum(1 for p in corner if max(p) < 110)  # the label's dark backing
        assert white > 150 and dark > 1000, (white, dark)
        elsewhere = [pixel(data, line, x, y) for y in range(height // 4, height // 2) for x in range(0, width // 2, 4)]
        assert all(close_to(p, RED) for p in elsewhere)  # the corner is the label, not noise over the whole frame
        break
    else:
        pytest.fail("frame 50 was not decoded")


def test_the_chapters_are_the_scenes_and_their_parts(mixed_draft):
    plan, result, out = mixed_draft
    with av.open(str(out)) as container:
        chapters = container.chapters()
    assert [c["metadata"]["title"] for c in chapters] == [
        "Scene 1",
        "Scene 2",
        "Scene 3",
        "Scene 4 · part 1 of 3",
        "Scene 4 · part 2 of 3",
        "Scene 4 · part 3 of 3",
        "Scene 5",
    ]
    assert [(c["start"], c["end"]) for c in chapters] == [
        (0, 4000), (4000, 6400), (6400, 8400), (8400, 9600), (9600, 10400), (10400, 12000), (12000, 14000)
    ]  # fmt: skip
    assert [(c.scene, c.part, c.start, c.end) for c in result.chapters][3] == (4, 1, 8.4, 9.6)
    assert result.notes == ()


def test_a_picture_that_cannot_be_had_is_a_labelled_card_not_a_failure(qapp, tmp_path):
    body = mixed_body()
    body["scenes"] = body["scenes"][:2]

    def broken(url: str) -> bytes | None:
        raise ConnectionError("The picture's server did not answer.")

    result = encode_draft(plan_of(body), tmp_path / "d.mp4", width=320, picture_for=broken)
    assert result.notes == ("Scene 2: The picture's server did not answer. A card stands in for it.",)
    garbage = encode_draft(plan_of(body), tmp_path / "e.mp4", width=320, picture_for=lambda url: b"not a picture")
    assert garbage.notes == ("Scene 2: The picture could not be read. A card stands in for it.",)
    for index, _key, data, line, width, height in rgb_frames(tmp_path / "d.mp4"):
        if index == 110:
            assert not close_to(pixel(data, line, width // 2, round(height * 0.45)), GREEN, 60)


def sine_wav(seconds: float, rate: int = 22050) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        samples = (round(16000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(rate * seconds)))
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return buffer.getvalue()


def loudness(path: Path) -> list[float]:
    """The sound's RMS (0–1) in each tenth of a second."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
    samples = array("h")
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            for mono in resampler.resample(frame):
                samples.frombytes(bytes(mono.planes[0])[: mono.samples * 2])
    step = 4800
    return [
        math.sqrt(sum(s * s for s in samples[i : i + step]) / step) / 32768 for i in range(0, len(samples) - step, step)
    ]


def test_the_music_loops_at_its_volume_and_is_silent_where_a_scene_switches_it_off(qapp, tmp_path):
    five_words = "one two three four five"  # 2 s each
    body = {
        "voiceOver": VOICE,
        "backgroundMusic": {"enabled": True, "musicUrl": "https://cdn.example/tone.mp3", "volume": 0.5},
        "scenes": [
            {"story": five_words, "background": {"color": "#101010"}},
            {"story": five_words, "background": {"color": "#202020"}, "backgroundMusic": {"enabled": False}},
            {"story": five_words, "background": {"color": "#303030"}},
        ],
    }
    music = tmp_path / "tone.wav"
    music.write_bytes(sine_wav(1.3))  # shorter than the video: it loops
    result = encode_draft(plan_of(body), tmp_path / "music.mp4", width=320, music_audio=music)
    assert result.audio and result.notes == ()
    with av.open(str(tmp_path / "music.mp4")) as container:
        (audio,) = container.streams.audio
        assert audio.codec_context.name == "aac"
        assert audio.duration is not None and audio.time_base is not None
        assert abs(float(audio.duration * audio.time_base) - 6.0) < 0.1
    level = loudness(tmp_path / "music.mp4")
    full = 16000 / 32768 / math.sqrt(2)  # the tone's own RMS
    assert all(0.35 * full < level[i] < 0.65 * full for i in (3, 8, 14, 18)), level[:20]  # volume 0.5, looped at 1.3 s
    assert all(level[i] < 0.01 for i in range(22, 38)), level[20:40]  # scene 2: music off
    assert 0.35 * full < level[42] < 0.65 * full  # back on in scene 3
    assert level[-1] < level[42] / 3  # faded out at the end


def test_music_that_cannot_be_read_leaves_a_silent_draft_and_says_so(qapp, tmp_path):
    body = {
        "backgroundMusic": {"enabled": True, "musicUrl": "https://cdn.example/tone.mp3"},
        "scenes": [{"story": "Hello.", "background": {"color": "#101010"}}],
    }
    result = encode_draft(plan_of(body), tmp_path / "d.mp4", width=320, music_audio=b"this is not audio")
    assert not result.audio and len(result.notes) == 1 and result.notes[0].startswith("The music could not be read")
    silent = encode_draft(plan_of(body), tmp_path / "e.mp4", width=320)
    assert silent.notes == ("The music is not in the draft: its sound is not on this computer.",)


def test_a_cancelled_draft_leaves_no_file_and_no_temp_file(qapp, tmp_path):
    stop = threading.Event()
    fractions: list[float] = []

    def progress(fraction: float) -> None:
        fractions.append(fraction)
        if fraction > 0.2:
            stop.set()

    with pytest.raises(DraftCancelled):
        encode_draft(plan_of(mixed_body()), tmp_path / "d.mp4", width=320, progress=progress, cancelled=stop.is_set)
    assert 0.2 < max(fractions) < 0.4  # it stopped at once, not at the end
    assert list(tmp_path.iterdir()) == []


def test_a_draft_made_on_a_worker_thread_stops_when_another_thread_cancels_it(qapp, tmp_path):
    # How the window will use it: the encode in a worker, Cancel pressed on the GUI thread.
    started, stop = threading.Event(), threading.Event()
    outcome: list[BaseException | DraftResult] = []

    def work() -> None:
        try:
            outcome.append(
                encode_draft(
                    plan_of(mixed_body()),
                    tmp_path / "d.mp4",
                    width=320,
                    progress=lambda _f: started.set(),
                    cancelled=stop.is_set,
                )
            )
        except BaseException as exc:  # handed to the test thread, which asserts on it
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(30)
    stop.set()
    worker.join(30)
    assert not worker.is_alive() and len(outcome) == 1 and isinstance(outcome[0], DraftCancelled)
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_draft_leaves_an_existing_file_of_that_name_as_it_was(qapp, tmp_path):
    out = tmp_path / "spring.mp4"
    out.write_bytes(b"yesterday's draft")
    with pytest.raises(DraftCancelled):
        encode_draft(plan_of(mixed_body()), out, width=320, cancelled=lambda: True)
    assert out.read_bytes() == b"yesterday's draft" and list(tmp_path.iterdir()) == [out]
    encode_draft(plan_of(mixed_body()), out, width=320)  # and a finished draft replaces it
    assert out.read_bytes()[4:8] == b"ftyp" and list(tmp_path.iterdir()) == [out]


def test_the_mpeg4_fallback_plays_too_and_a_vertical_draft_is_as_high_as_its_ratio(qapp, tmp_path):
    body = mixed_body()
    body["aspectRatio"] = "9:16"
    result = encode_draft(plan_of(body), tmp_path / "d.mp4", width=360, picture_for=pictures, codec="mpeg4")
    assert (result.codec, result.width, result.height) == ("mpeg4", 360, 640)
    with av.open(str(tmp_path / "d.mp4")) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("mpeg4", 360, 640)
    frames = {
        index: pixel(data, line, w // 2, round(h * 0.45))
        for index, _k, data, line, w, h in rgb_frames(tmp_path / "d.mp4")
    }
    assert len(frames) == 350 and close_to(frames[2], RED, 20) and close_to(frames[302], YELLOW, 20)


def test_a_drafts_longer_side_is_1280_unless_a_width_is_asked():
    sizes = {ratio: frame_size(ratio, default_width(ratio)) for ratio in ((16, 9), (9, 16), (1, 1), (4, 5))}
    assert {r: (s.width, s.height) for r, s in sizes.items()} == {
        (16, 9): (1280, 720),
        (9, 16): (720, 1280),  # not 1280×2276: a phone-shaped draft, four times fewer pixels to encode
        (1, 1): (1280, 1280),
        (4, 5): (1024, 1280),
    }
