"""The draft video's figures, one per fresh process: ``python -m benchmarks.draft MODE [--small]`` prints one JSON line.

Modes: ``encode`` (a 10-scene, 60-second draft at 1280×720: colour, picture, AI-card and split scenes, the
pictures 1920×1080 JPEGs handed over from memory; wall time, CPU time and peak RSS), ``long`` (the same scenes
over and over for 10 minutes, with peak RSS after the first minute and at the end, to show memory stays flat).
``--small`` makes them 12 s and 60 s, to check that they run.

Peak RSS is the kernel's high-water mark of the whole process (``VmHWM``): Python, Qt, PyAV and FFmpeg's
libraries included, as a user's machine would see it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCENE_WORDS = 15  # 6 s each at 2.5 words a second
PICTURE_URL = "https://pictures.example/scene-{n}.jpg"


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _body(scenes: int) -> dict[str, Any]:
    words = " ".join(f"word{i}" for i in range(SCENE_WORDS))
    split = " ".join(f"part{i}" for i in range(4)) + ". " + " ".join(f"more{i}" for i in range(SCENE_WORDS - 4)) + "."
    kinds = [
        {"story": words, "background": {"color": "#1f6feb"}},
        {"story": words, "background": {"type": "image", "visualUrl": PICTURE_URL}},
        {
            "story": words,
            "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "mediaStyle": "cartoon"}},
        },
        {"story": split, "createSceneOnEndOfSentence": True, "background": {"color": "#2da44e"}},
        {"story": words, "background": {"type": "image", "visualUrl": PICTURE_URL}},
    ]
    body_scenes = []
    for n in range(scenes):
        scene = json.loads(json.dumps(kinds[n % len(kinds)]))
        background = scene["background"]
        if "visualUrl" in background:
            background["visualUrl"] = PICTURE_URL.format(n=n)
        body_scenes.append(scene)
    return {
        "videoName": "Benchmark draft",
        "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]},
        "scenes": body_scenes,
    }


def _jpeg(n: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QImageWriter, QLinearGradient, QPainter

    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 1920, 1080)
    gradient.setColorAt(0, QColor.fromHsv((n * 37) % 360, 160, 220))
    gradient.setColorAt(1, QColor.fromHsv((n * 37 + 120) % 360, 200, 90))
    painter.fillRect(image.rect(), gradient)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"jpeg")).write(image)
    return bytes(data.data())


def encode(scenes: int) -> None:
    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.catalog import default_catalog
    from pictory_desktop.domain.draft_plan import plan_draft
    from pictory_desktop.draft.encoder import encode_draft
    from pictory_desktop.draft.frames import ensure_painting_app

    ensure_painting_app()
    plan = plan_draft(storyboard_from_body(_body(scenes)), default_catalog())
    pictures = {PICTURE_URL.format(n=n): _jpeg(n) for n in range(scenes) if n % 5 in (1, 4)}
    import av  # imported before the clock starts: the app's own start never pays it, a draft does once

    del av
    rss_at: dict[str, float] = {}

    def progress(fraction: float) -> None:
        if fraction >= 0.1 and "first_tenth" not in rss_at:
            rss_at["first_tenth"] = _status_mb("VmHWM")

    with tempfile.TemporaryDirectory(prefix="pictory-draft-bench-") as folder:
        out = Path(folder) / "draft.mp4"
        cpu_before = time.process_time()
        started = time.perf_counter()
        result = encode_draft(plan, out, width=1280, picture_for=pictures.get, progress=progress)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        size = out.stat().st_size
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _emit(
        {
            "scenes": scenes,
            "segments": len(plan.segments),
            "video_seconds": result.seconds,
            "encode_seconds": seconds,
            "cpu_seconds": cpu,
            "realtime_factor": result.seconds / seconds,
            "peak_rss_mb": _status_mb("VmHWM"),
            "peak_rss_after_first_tenth_mb": rss_at.get("first_tenth", 0.0),
            "max_rss_mb": usage.ru_maxrss / 1024,
            "bytes": size,
            "codec": result.codec,
            "cpus": os.cpu_count(),
        }
    )


def in_window(scenes: int) -> None:
    """Video › Draft video (free) in the real window: the longest gap of a 5 ms timer on the GUI thread from the
    press until the draft is made (the user goes on editing meanwhile), and how long it took."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.qt.context import build_context
    from pictory_desktop.store.image_cache import ImageCache
    from pictory_desktop.store.paths import AppPaths
    from pictory_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paths = AppPaths.from_environment().ensure()
    cache = ImageCache(paths.image_cache_dir)
    for n in range(scenes):  # the pictures are on this computer, as tried or shown pictures are
        if n % 5 in (1, 4):
            cache.put(PICTURE_URL.format(n=n), _jpeg(n))
    context = build_context(sandbox=True)
    folder = tempfile.mkdtemp(prefix="pictory-draft-window-")
    context.settings.set("download_dir", folder)
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    window.document.replace_all(storyboard_from_body(_body(scenes)), None, saved=True)
    window.play_video = lambda *_args, **_kwargs: True  # measured up to the made draft, not the player
    import av  # as in encode(): PyAV's import is the draft's once per session, not part of each one

    del av
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done: dict[str, Any] = {}
    context.drafts.made.connect(lambda result: done.update(result=result, at=time.perf_counter()))
    context.drafts.failed.connect(lambda sentence: done.update(error=sentence, at=time.perf_counter()))
    for _ in range(20):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    timer.start()
    started = time.perf_counter()
    window.draft_action.trigger()
    while "at" not in done and time.perf_counter() - started < 120:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    timer.stop()
    if "error" in done:
        raise RuntimeError(done["error"])
    gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
    _emit(
        {
            "scenes": scenes,
            "video_seconds": done["result"].seconds,
            "seconds": done["at"] - started,
            "max_gap_ms": max(gaps) if gaps else 0.0,
            "p99_gap_ms": sorted(gaps)[int(0.99 * (len(gaps) - 1))] if gaps else 0.0,
            "worst_at_s": sorted(((g, round(ticks[i] - started, 3)) for i, g in enumerate(gaps)), reverse=True)[:5],
        }
    )
    context.shutdown()
    del app
    os._exit(0)


def main(argv: list[str]) -> None:
    mode = argv[0]
    small = "--small" in argv
    if mode == "encode":
        encode(scenes=2 if small else 10)  # 12 s or 60 s
    elif mode == "long":
        encode(scenes=10 if small else 100)  # 60 s or 10 min
    elif mode == "window":
        in_window(scenes=2 if small else 10)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
