"""The window's figures, one per fresh process: ``python -m benchmarks.gui MODE [--small]`` prints one JSON line.

Modes: ``bare-start`` / ``widgets-start`` / ``app-start`` (print the monotonic time of the first painted
frame; the parent started the clock before spawning), ``after-start`` (from the first frame until the
balance shows), ``bare-memory`` / ``app-memory`` (RSS once painted; the app with 1,000 scenes open),
``open`` (open a 1,000-scene file until the event loop is idle again), ``keystroke`` (type into
``promptEdit`` with 1,000 scenes loaded; ``keystroke-pictures``: the same with every scene pictured),
``pictures`` (1,000 scenes each with a 1280×720 picture in the image cache: open, scroll the list and the
storyboard view top to bottom by scroll-bar steps, memory over the same window before), ``stall`` (longest gap of a 5 ms timer during a render submit,
polls and a 5 MB download against a slow local sandbox, through the real JobController).

Run by ``benchmarks.run`` with QT_QPA_PLATFORM=offscreen, a throwaway PICTORY_DESKTOP_HOME and the
keyring's fail backend, so no real settings, keys or jobs are touched.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _after_first_paint(app: Any, then: Callable[[], None]) -> None:
    """Call ``then`` once the first frame of a main window has been painted (and flushed)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if not self.done and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                self.done = True
                # The window paints first, then its children, in the same pass: a zero timer fires after it.
                QTimer.singleShot(0, then)
            return False

    app._first_paint_filter = FirstPaint()  # keep it alive
    app.installEventFilter(app._first_paint_filter)


def _report_first_paint_and_exit(app: Any) -> None:
    """Print when the first frame was painted (monotonic time, which the parent compares with the spawn) and
    the memory then, and end the process."""

    def painted() -> None:
        _emit({"painted": time.monotonic(), "rss_mb": _rss_mb()})
        os._exit(0)

    _after_first_paint(app, painted)


def _stall_meter() -> tuple[Any, list[float]]:
    """A 5 ms precise timer (not started) and the list of times it fired: gaps between ticks are stalls."""
    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    return timer, ticks


def _gaps_ms(ticks: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]


def _settle() -> None:
    """Run the event loop until everything already posted (layouts, repaints) has been handled."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def _wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.001)
    return True


# ---------------------------------------------------------------------------------------------- start-up


def bare_start(*, memory: bool) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1024, 640)

    _report_first_paint_and_exit(app)
    window.show()
    app.exec()


def widgets_start() -> None:
    """The floor under the app's start: a QMainWindow holding the same kinds of Qt widgets as the editor
    (menus, group boxes, form, line edit, combo boxes, text edits, list view, check boxes, buttons, splitter,
    scroll area, status bar), filled with short texts, and no app code at all. What this costs over the bare
    window is PySide6's and Qt's price for those classes (their Python enums, fonts, style), which any window
    with this content pays before its own code runs."""
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import (
        QApplication,
        QCheckBox,
        QComboBox,
        QFormLayout,
        QGroupBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListView,
        QMainWindow,
        QPlainTextEdit,
        QPushButton,
        QScrollArea,
        QSplitter,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 720)
    for title in ("&File", "&Edit", "&Video"):
        window.menuBar().addMenu(title).addAction("Item")
    left = QWidget()
    form_box = QGroupBox("Video")
    form = QFormLayout(form_box)
    form.addRow("Name:", QLineEdit("A video"))
    ratio = QComboBox()
    ratio.addItems(["16:9", "9:16", "1:1"])
    form.addRow("Aspect ratio:", ratio)
    scenes = QListView()
    scenes.setModel(QStringListModel(["First scene", "Second scene"], scenes))
    left_layout = QVBoxLayout(left)
    left_layout.addWidget(form_box)
    left_layout.addWidget(scenes, 1)
    buttons = QHBoxLayout()
    for text in ("Add scene", "Duplicate", "Delete"):
        buttons.addWidget(QPushButton(text))
    left_layout.addLayout(buttons)
    editor = QWidget()
    column = QVBoxLayout(editor)
    column.addWidget(QLabel("Scene 1 of 2"))
    column.addWidget(QPlainTextEdit("The story of this scene."))
    column.addWidget(QCheckBox("One scene per sentence"))
    background = QFormLayout()
    for label in ("Background:", "Model:", "Style:"):
        combo = QComboBox()
        combo.addItems(["One", "Two"])
        background.addRow(label, combo)
    background.addRow("Prompt:", QPlainTextEdit("A prompt"))
    column.addLayout(background)
    column.addWidget(QPushButton("Apply to all scenes"))
    scroll = QScrollArea()
    scroll.setWidget(editor)
    scroll.setWidgetResizable(True)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(left)
    splitter.addWidget(scroll)
    window.setCentralWidget(splitter)
    window.statusBar().showMessage("Ready")

    _report_first_paint_and_exit(app)
    window.show()
    app.exec()


def app_start() -> None:
    """The real start: ui.app.run() builds the context (sandbox, settings, job history) and the window."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    _report_first_paint_and_exit(app)
    from pictory_desktop.ui.app import run

    run([])


def after_start() -> None:
    """From the first frame until the sandbox balance is on screen: the longest gap of a 5 ms timer (the user
    can click and type from the first frame on) and how long the balance took."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    timer, ticks = _stall_meter()

    def balance_shown() -> bool:
        windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
        label = windows[0].findChild(QLabel, "balanceLabel") if windows else None
        return label is not None and "credits" in label.text()

    def painted() -> None:
        painted_at = time.perf_counter()
        ticks.append(painted_at)
        timer.start()

        def look() -> None:
            if not balance_shown() and time.perf_counter() - painted_at < 30:
                QTimer.singleShot(1, look)
                return
            gaps = _gaps_ms(ticks)
            _emit(
                {
                    "max_gap_ms": max(gaps),
                    "balance_ms": (time.perf_counter() - painted_at) * 1000,
                    "balance_shown": balance_shown(),
                }
            )
            os._exit(0)

        look()

    _after_first_paint(app, painted)
    from pictory_desktop.ui.app import run

    run([])


# ---------------------------------------------------------------------------------------------- the window

_KEEP_ALIVE: list[object] = []


def _pictured(storyboard: Any, cache_dir: Path) -> Any:
    """Every scene pictured, each picture a 1280×720 PNG already in the image cache: an AI image gets a try
    (its latest try is shown), any other scene becomes a picture URL."""
    import dataclasses
    from decimal import Decimal

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
    from PySide6.QtGui import QColor, QImage, QImageWriter, QLinearGradient, QPainter

    from pictory_desktop.domain.storyboard import AiImage, ImageTry, PictureUrl
    from pictory_desktop.store.image_cache import ImageCache

    variants: list[bytes] = []
    for n in range(8):  # a few different pictures with gradients and shapes: PNGs of realistic weight
        image = QImage(1280, 720, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        gradient = QLinearGradient(QPointF(0, 0), QPointF(1280, 720))
        gradient.setColorAt(0, QColor.fromHsv(n * 40 % 360, 160, 230))
        gradient.setColorAt(1, QColor.fromHsv((n * 40 + 120) % 360, 200, 90))
        painter.fillRect(image.rect(), gradient)
        for k in range(40):
            painter.setBrush(QColor.fromHsv((n * 53 + k * 29) % 360, 180, 200, 160))
            painter.drawEllipse(QPointF((k * 97 + n * 31) % 1280, (k * 61 + n * 17) % 720), 30 + k % 50, 20 + k % 40)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        QImageWriter(buffer, QByteArray(b"png")).write(image)
        variants.append(bytes(data.data()))
    cache = ImageCache(cache_dir)
    cache.put("https://bench.example/first.png", variants[0])  # makes the folder, checks the format is kept
    scenes = []
    for i, scene in enumerate(storyboard.scenes):
        if isinstance(scene.background, AiImage):
            url = f"https://bench.example/try-{i}.png"
            tried = ImageTry(url, 1280, 720, "p", scene.background.model, None, "16:9", Decimal(1), None, "2026-01-01")
            scene = dataclasses.replace(scene, tries=(tried,))
        else:
            url = f"https://bench.example/picture-{i}.png"
            scene = scene.with_background(PictureUrl(url, "image"))
        cache.path_for(url).write_bytes(variants[i % len(variants)])
        scenes.append(scene)
    return dataclasses.replace(storyboard, scenes=tuple(scenes))


def _window_with(scenes: int, *, pictured: bool = False) -> tuple[Any, Any, Path]:
    """(app, shown and painted main window, path of a saved storyboard with ``scenes`` scenes; ``pictured``:
    each with a 1280×720 picture in the image cache)."""
    from PySide6.QtWidgets import QApplication

    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.qt.context import build_context
    from pictory_desktop.store.project_files import save_project_file
    from pictory_desktop.ui.main_window import MainWindow

    from .storyboards import storyboard_body

    app = QApplication.instance() or QApplication(sys.argv[:1])
    context = build_context(sandbox=True)
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    _settle()
    window.finish_startup()  # what ui.app.run does once the first frame has painted
    _settle()
    path = Path(tempfile.mkdtemp(prefix="bench-")) / "storyboard.json"
    storyboard = storyboard_from_body(storyboard_body(scenes, seed=3))
    if pictured:
        storyboard = _pictured(storyboard, Path(context.paths.image_cache_dir))
    save_project_file(path, storyboard)
    _KEEP_ALIVE.append((context, window))  # the window and its context live as long as the child process
    return app, window, path


def open_storyboard(*, scenes: int, repeats: int) -> None:
    app, window, path = _window_with(scenes)
    times = []
    for _ in range(repeats):
        window.document.new()  # start each open from a one-scene document, as after File > New
        _settle()
        started = time.perf_counter()
        if not window.open_path(path):
            raise RuntimeError("the storyboard did not open")
        _settle()
        times.append((time.perf_counter() - started) * 1000)
    if window.document.scene_count() != scenes:
        raise RuntimeError(f"opened {window.document.scene_count()} scenes, expected {scenes}")
    _emit({"median_ms": statistics.median(times), "max_ms": max(times), "runs": len(times)})
    window.context.shutdown()
    os._exit(0)


def app_memory(*, scenes: int) -> None:
    app, window, path = _window_with(scenes)
    if not window.open_path(path):
        raise RuntimeError("the storyboard did not open")
    _settle()
    _emit({"rss_mb": _rss_mb(), "scenes": window.document.scene_count()})
    os._exit(0)


_TYPED = ", a neon sign saying 50% off, no people"


def keystroke(*, scenes: int, keys: int, pictured: bool = False) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget

    from pictory_desktop.domain.storyboard import AiImage
    from pictory_desktop.domain.text import utf16_length

    app, window, path = _window_with(scenes, pictured=pictured)
    if not window.open_path(path):
        raise RuntimeError("the storyboard did not open")
    document = window.document
    # A typical scene: an AI image whose prompt is of ordinary length and has no findings yet.
    row = next(
        i
        for i in range(scenes // 2, scenes)
        if isinstance(document.scene(i).background, AiImage)
        and len(document.scene(i).background.prompt or "") < 150
        and not document.scene_findings(i)
    )
    window.scene_panel.view.select_rows([row], row)
    _settle()
    if pictured:  # the rows now on screen have their thumbnails, as a moment after choosing the scene
        window.thumbnails.wait_for_idle(20_000)
        _settle()
    edit = window.findChild(QWidget, "promptEdit")
    counter = window.findChild(QLabel, "promptCounter")
    total = window.findChild(QLabel, "totalCreditsLabel")
    if edit is None or counter is None or total is None or not edit.isVisible():
        raise RuntimeError("promptEdit, promptCounter or totalCreditsLabel is missing or hidden")
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    text_of = edit.toPlainText if isinstance(edit, QPlainTextEdit | QTextEdit) else edit.text
    _settle()
    times: list[float] = []
    handler_times: list[float] = []
    stale = 0
    findings_before = len(document.scene_findings(row))
    finding_changes = 0
    for n in range(keys):
        # Type a phrase, then take it back with Backspace: editing, with the prompt staying under its limit
        # (past it, the "too long" finding's text changes on every key, which is a rarer case).
        position = n % (2 * len(_TYPED))
        started = time.perf_counter()
        if position >= len(_TYPED):
            QTest.keyClick(edit, Qt.Key.Key_Backspace)
        elif _TYPED[position] == " ":
            QTest.keyClick(edit, Qt.Key.Key_Space)
        else:
            QTest.keyClicks(edit, _TYPED[position])  # one character, as typed
        handled = time.perf_counter()  # the key's handlers ran: document, credits, checks, labels
        _settle()  # then the layouts and repaints they caused
        times.append((time.perf_counter() - started) * 1000)
        handler_times.append((handled - started) * 1000)
        typed = text_of()
        # What the user sees must be current: the document (scene credits, total and checks are computed
        # with it, synchronously), and the counter under the field.
        if document.scene(row).background.prompt != typed or not counter.text().startswith(f"{utf16_length(typed)}/"):
            stale += 1
        now = len(document.scene_findings(row))
        finding_changes += now != findings_before
        findings_before = now
    slowest = sorted(range(len(times)), key=times.__getitem__)[-12:]
    slow_keys = [(n % (2 * len(_TYPED)), round(times[n], 1), round(handler_times[n], 1)) for n in slowest]
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    _emit(
        {
            "p95_ms": p95,
            "max_ms": times[-1],
            "median_ms": statistics.median(times),
            "handlers_median_ms": statistics.median(handler_times),
            "layout_paint_median_ms": statistics.median(times) - statistics.median(handler_times),
            "keys": len(times),
            "slowest_keys": slow_keys,  # (position in the type-then-delete cycle, total ms, handler ms)
            "stale": stale,
            "finding_changes": finding_changes,
            "total_label": total.text(),
        }
    )
    os._exit(0)


def _scroll_to_bottom(view: Any, app: Any) -> dict[str, Any]:
    """Scroll ``view`` from top to bottom by single scroll-bar steps, one step a frame (16 ms): each step's time
    until painted, and the longest gap of a 5 ms timer meanwhile. Pictures still being made do not hold it up."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QAbstractSlider

    bar = view.verticalScrollBar()
    bar.setValue(0)
    _settle()
    timer, ticks = _stall_meter()
    steps: list[float] = []
    timer.start()
    started_all = time.perf_counter()
    while bar.value() < bar.maximum():
        started = time.perf_counter()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        view.viewport().repaint()  # paint now (offscreen has no vsync): the step's own cost
        steps.append((time.perf_counter() - started) * 1000)
        while time.perf_counter() - started < 0.016:  # the rest of the frame: thumbnails arrive, timers tick
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
    timer.stop()
    gaps = _gaps_ms(ticks)
    steps_sorted = sorted(steps)
    return {
        "steps": len(steps),
        "max_step_ms": steps_sorted[-1] if steps else 0.0,
        "p95_step_ms": steps_sorted[int(0.95 * (len(steps) - 1))] if steps else 0.0,
        "max_gap_ms": max(gaps) if gaps else 0.0,
        "seconds": time.perf_counter() - started_all,
    }


def _idle_gaps(seconds: float) -> dict[str, Any]:
    """The same frame loop as ``_scroll_to_bottom`` with nothing scrolled: the 5 ms timer's longest gap here is
    what this machine's other work (the second core's load, the scheduler) costs a frame on its own, so a
    scrolling figure can be read against it."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    _settle()
    timer, ticks = _stall_meter()
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        while time.perf_counter() - started < 0.016:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
    timer.stop()
    gaps = _gaps_ms(ticks)
    return {"seconds": seconds, "max_gap_ms": max(gaps) if gaps else 0.0}


def pictures(*, scenes: int) -> None:
    """1,000 pictured scenes: open until interactive, scroll the list and the storyboard view (thumbnails made
    from the cached 1280×720 pictures the first time, then read back from their scaled copies), memory."""
    app, window, path = _window_with(scenes, pictured=True)
    thumbnails = window.thumbnails
    panel = window.scene_panel
    _settle()
    bare_rss = _rss_mb()  # the same window with its one empty scene
    started = time.perf_counter()
    if not window.open_path(path):
        raise RuntimeError("the storyboard did not open")
    _settle()
    open_ms = (time.perf_counter() - started) * 1000
    if window.document.scene_count() != scenes:
        raise RuntimeError(f"opened {window.document.scene_count()} scenes, expected {scenes}")
    list_cold = _scroll_to_bottom(panel.view, app)
    panel.set_storyboard_view(True)
    _settle()
    grid_cold = _scroll_to_bottom(panel.grid, app)
    thumbnails.wait_for_idle(60_000)
    _settle()
    # Warm: a new session's memory is empty but every scaled copy is on disk.
    thumbnails._pixmaps.clear()  # noqa: SLF001 - a benchmark's reset, as a restart would
    thumbnails._bytes = 0  # noqa: SLF001
    panel.set_storyboard_view(False)
    _settle()
    list_warm = _scroll_to_bottom(panel.view, app)
    panel.set_storyboard_view(True)
    _settle()
    grid_warm = _scroll_to_bottom(panel.grid, app)
    thumbnails.wait_for_idle(60_000)
    _settle()
    rss = _rss_mb()
    idle = _idle_gaps(2.0 if scenes < 1000 else 10.0)
    _emit(
        {
            "idle": idle,
            "open_ms": open_ms,
            "list_cold": list_cold,
            "grid_cold": grid_cold,
            "list_warm": list_warm,
            "grid_warm": grid_warm,
            "bare_rss_mb": bare_rss,
            "rss_mb": rss,
            "pixmap_mb": thumbnails.memory_used() / 1_048_576,
            "scenes": scenes,
        }
    )
    thumbnails.shutdown()
    os._exit(0)


def voice_filter(*, voices: int, keys: int) -> None:
    """Type into the voice picker's filter with ``voices`` voices listed: each key until the list is redrawn."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from pictory_desktop.qt.account_lists import AccountLists
    from pictory_desktop.qt.sample_player import SamplePlayer
    from pictory_desktop.store.account_lists import AccountListCache
    from pictory_desktop.ui.voice_picker import VoicePickerDialog

    app = QApplication.instance() or QApplication([])
    languages = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "nl-NL", "it-IT", "pt-BR", "hi-IN", "ja-JP"]
    accents = ["American accent", "British accent", "Australian accent", "Indian accent", ""]
    names = ["Joanna", "Brian", "Fiona", "Matthew", "Amy", "Hans", "Celine", "Lucia", "Giorgio", "Mizuki"]
    items = [  # as GET /v1/voiceovers/tracks answers, fetched earlier: the picker reads them from the cache
        {
            "id": 1000 + i,
            "name": f"{names[i % len(names)]} {i}",
            "language": languages[i % len(languages)],
            "gender": "female" if i % 2 else "male",
            "accent": accents[i % len(accents)] or None,
            "service": "elevenlabs" if i % 17 == 0 else "aws",
            "sample": f"https://example.invalid/{i}.mp3",
        }
        for i in range(voices)
    ]

    class Offline:  # a connection with nothing to fetch from: the list is the cached one
        server_id = "benchmark"
        is_sandbox = True

        def worker_client_factory(self) -> Any:
            raise RuntimeError("the benchmark fetches nothing")

    cache = AccountListCache(Path(tempfile.mkdtemp(prefix="voice-filter-")))
    cache.save("benchmark", "voices", items)
    lists = AccountLists(Offline(), cache)
    dialog = VoicePickerDialog(lists, SamplePlayer(), None, offer_no_narration=True)
    dialog.voice_radio.setChecked(True)
    dialog.show()
    _settle()
    edit = dialog.filter_edit
    edit.setFocus()
    typed = "brian british "
    times: list[float] = []
    shown: list[int] = []
    for n in range(keys):
        position = n % (2 * len(typed))
        started = time.perf_counter()
        if position >= len(typed):
            QTest.keyClick(edit, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(edit, typed[position])
        _settle()
        times.append((time.perf_counter() - started) * 1000)
        shown.append(dialog.model.rowCount())
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    _emit(
        {
            "p95_ms": p95,
            "max_ms": times[-1],
            "median_ms": statistics.median(times),
            "keys": len(times),
            "voices": voices,
            "fewest_shown": min(shown),
            "most_shown": max(shown),
        }
    )
    del app
    os._exit(0)


# ---------------------------------------------------------------------------------------------- network


def stall(*, small: bool) -> None:
    from PySide6.QtWidgets import QApplication

    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.render_request import RenderRequest
    from pictory_desktop.qt.context import build_context
    from pictory_desktop.sandbox.server import SandboxServer
    from pictory_desktop.ui.main_window import MainWindow

    from .storyboards import storyboard_body

    delay = 0.2 if small else 1.5
    payload = 256 * 1024 if small else 5 * 1024 * 1024
    poll = 0.05
    wanted_polls = 3 if small else 20
    # The job finishes after about `wanted_polls` polls, each waiting `delay` for its answer.
    render_seconds = wanted_polls * (delay + poll) - 1.0
    servers: list[SandboxServer] = []

    def factory(state_path: Path | None) -> SandboxServer:
        server = SandboxServer(queue_seconds=1.0, render_seconds=render_seconds, state_path=state_path)
        server.answer_delay = delay
        server.cdn_payload_bytes = payload
        servers.append(server.start())
        return server

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    context = build_context(sandbox=True, sandbox_factory=factory, poll_interval=poll)
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    _settle()
    # As ui.app.run does once the first frame has painted: the Jobs panel, the sandbox, the balance request.
    window.finish_startup()
    context.start()
    _settle()
    storyboard = storyboard_from_body(storyboard_body(1 if small else 20, seed=5))

    timer, ticks = _stall_meter()
    state: dict[str, Any] = {"job": None, "downloaded": None, "error": None}
    jobs = context.jobs
    jobs.submitted.connect(lambda job_id: state.update(job=job_id))
    jobs.submitFailed.connect(lambda message: state.update(error=message))
    jobs.downloadFinished.connect(lambda _job, path: state.update(downloaded=path))
    jobs.downloadFailed.connect(lambda _job, message: state.update(error=message))
    folder = Path(tempfile.mkdtemp(prefix="bench-download-"))

    def completed() -> bool:
        record = context.job_store.get(state["job"]) if state["job"] else None
        return state["error"] is not None or (record is not None and record.status in ("completed", "failed"))

    timer.start()
    started = time.perf_counter()
    jobs.submit(RenderRequest.of(storyboard, context.catalog))
    ok = _wait_until(completed, timeout=120)
    if ok and state["error"] is None:
        jobs.download(state["job"], folder)
        ok = _wait_until(lambda: state["downloaded"] is not None or state["error"] is not None, timeout=120)
    elapsed = time.perf_counter() - started
    timer.stop()
    if not ok or state["error"] is not None:
        raise RuntimeError(f"the render did not finish and download: {state['error'] or 'timed out'}")
    gaps = _gaps_ms(ticks)
    server = servers[0]
    size = Path(state["downloaded"]).stat().st_size
    _emit(
        {
            "max_gap_ms": max(gaps),
            # When the longest gaps came, in seconds after the submit (to find what caused them).
            "longest_gaps_at_s": sorted(
                ((round(gap, 1), round(ticks[i] - started, 2)) for i, gap in enumerate(gaps)), reverse=True
            )[:5],
            "p99_gap_ms": sorted(gaps)[int(0.99 * (len(gaps) - 1))],
            "ticks": len(ticks),
            "polls": len(server.requests_for("job")),
            "download_bytes": size,
            "seconds": elapsed,
        }
    )
    context.shutdown()
    os._exit(0)


def main(argv: list[str]) -> None:
    mode = argv[0]
    small = "--small" in argv
    scenes = 50 if small else 1000
    if mode == "bare-start":
        bare_start(memory=False)
    elif mode == "app-start":
        app_start()
    elif mode == "widgets-start":
        widgets_start()
    elif mode == "after-start":
        after_start()
    elif mode == "bare-memory":
        bare_start(memory=True)
    elif mode == "app-memory":
        app_memory(scenes=scenes)
    elif mode == "open":
        open_storyboard(scenes=scenes, repeats=2 if small else 5)
    elif mode == "keystroke":
        keystroke(scenes=scenes, keys=20 if small else 240)
    elif mode == "keystroke-pictures":
        keystroke(scenes=scenes, keys=20 if small else 240, pictured=True)
    elif mode == "pictures":
        pictures(scenes=scenes)
    elif mode == "stall":
        stall(small=small)
    elif mode == "voice-filter":
        voice_filter(voices=200 if small else 2000, keys=20 if small else 120)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
