"""The in-app video player: a finished render, a downloaded file or a draft, with its scenes when they are known.

Play/Pause (Space), a seek bar with the elapsed and total time (← and → seek 5 s; a click jumps there), volume
and mute (M), full screen (F or F11; Esc leaves), Open in system player and Show in folder. A video Qt cannot
play is said in one sentence where the picture would be, with the system's player one click away; when the
system cannot open it either, the window says so and shows the path to copy.

Scenes: ``open(..., scenes=[(scene, part or None, start s, end s), ...])`` — a draft's boundaries — or, for a
local file without them, its chapters titled after scenes (``store/video_chapters.py``, PyAV only when
installed). The scene on screen is named under the picture, the list jumps to a scene's start, and
**Go to this scene in the editor** emits ``sceneRequested(number)``. Pictory's render jobs report no scene
timings, so their videos show no scene list.

This module imports QtMultimediaWidgets: import it only when a video is opened (start-up stays light), and
only after ``qt.multimedia.multimedia_available()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QStackedWidget,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from ..domain.scene_timeline import SceneBoundary, SceneSpan, clock_text, scene_spans, span_at
from ..qt.file_manager import show_file
from ..qt.multimedia import has_audio_device, plays_silently
from ..qt.video_playback import SEEK_STEP_MS, VideoPlayback, cannot_play
from ..store.video_chapters import read_scene_chapters
from . import theme

APP_NAME = "Pictory Desktop"
NO_SOUND = plays_silently("the video plays")


class SeekSlider(QSlider):
    """The position in the video: a click jumps to where it lands (not a page at a time, as sliders do), and
    a tick marks where each scene starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("seekSlider")
        self.setAccessibleName("Position in the video")
        self.setRange(0, 0)
        self.setSingleStep(SEEK_STEP_MS)
        self.setPageStep(SEEK_STEP_MS)
        self.scene_starts: list[int] = []  # milliseconds

    def _groove(self) -> tuple[int, int]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        return groove.left() + handle.width() // 2, groove.width() - handle.width()

    def value_at(self, x: int) -> int:
        left, span = self._groove()
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x - left, max(1, span))

    def x_of(self, value: int) -> int:
        left, span = self._groove()
        return left + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, max(1, span))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > 0:
            self.setValue(self.value_at(event.position().toPoint().x()))
        super().mousePressEvent(event)  # and the handle, now under the pointer, can be dragged

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.scene_starts or self.maximum() <= 0:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().text().color())
        for start in self.scene_starts:
            x = self.x_of(start)
            painter.drawLine(x, 0, x, 4)
            painter.drawLine(x, self.height() - 5, x, self.height() - 1)
        painter.end()


class VideoPlayerWindow(QWidget):
    """One video at a time; ``open`` another to replace it. Closing it stops the video and frees the file."""

    sceneRequested = Signal(int)  # the number (from 1) of the scene on screen: show it in the editor
    volumeChosen = Signal(int)  # percent: the user moved the volume (the window keeps it for the next video)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        open_url: Callable[[QUrl], bool] | None = None,
        volume: int | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("videoPlayer")
        # The system's player, file manager or browser; replaceable so tests open nothing.
        self.open_url: Callable[[QUrl], bool] = open_url or QDesktopServices.openUrl
        self.show_file: Callable[[Path, Callable[[], None]], None] = show_file  # replaceable too
        self.playback = VideoPlayback(self)
        if volume is not None:
            self.playback.set_volume(volume)
        self.spans: tuple[SceneSpan, ...] = ()
        self._source = QUrl()
        self._span_on_screen: SceneSpan | None = None
        self._title = ""

        self.video = QVideoWidget(self)
        self.video.setObjectName("videoPicture")
        self.video.setMinimumSize(320, 180)
        self.video.installEventFilter(self)  # a double click goes full screen
        self.playback.set_video_output(self.video)

        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("videoProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fallback_button = QPushButton("Open in system player", self)
        self.fallback_button.setObjectName("fallbackPlayerButton")
        problem_page = QWidget(self)
        problem_layout = QVBoxLayout(problem_page)
        problem_layout.addStretch(1)
        problem_layout.addWidget(self.problem_label)
        problem_layout.addWidget(self.fallback_button, 0, Qt.AlignmentFlag.AlignHCenter)
        problem_layout.addStretch(1)
        self.picture = QStackedWidget(self)
        self.picture.addWidget(self.video)
        self.picture.addWidget(problem_page)

        # A line under the picture: no sound device, or the system could not open the file (with its path).
        self.message = QLabel(self)
        self.message.setObjectName("playerMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy path", self)
        self.copy_button.setObjectName("copyVideoPathButton")
        self._copyable = ""

        self.play_button = QPushButton("Play", self)
        self.play_button.setObjectName("playButton")
        self.play_button.setToolTip("Play or pause (Space).")
        self.seek_slider = SeekSlider(self)
        self.seek_slider.setToolTip("Click or drag to move through the video; ← and → move 5 seconds.")
        self.time_label = QLabel("0:00 / 0:00", self)
        self.time_label.setObjectName("videoTime")
        self.mute_button = QPushButton("Mute", self)
        self.mute_button.setObjectName("muteButton")
        self.mute_button.setCheckable(True)
        self.mute_button.setToolTip("Turn the sound off or on (M).")
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setObjectName("volumeSlider")
        self.volume_slider.setAccessibleName("Volume")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(self.playback.volume)
        self.volume_slider.setMaximumWidth(120)
        self.volume_slider.setToolTip("Volume (↑ and ↓ once selected; ← and → always move through the video).")
        self.full_screen_button = QPushButton("Full screen", self)
        self.full_screen_button.setObjectName("fullScreenButton")
        self.full_screen_button.setToolTip("Fill the screen (F or F11); Esc leaves.")
        self.system_button = QPushButton("Open in system player", self)
        self.system_button.setObjectName("systemPlayerButton")
        self.folder_button = QPushButton("Show in folder", self)
        self.folder_button.setObjectName("showInFolderButton")

        self.scene_label = QLabel(self)
        self.scene_label.setObjectName("sceneOnScreen")
        font = self.scene_label.font()
        font.setBold(True)
        self.scene_label.setFont(font)
        self.scene_list = QListWidget(self)
        self.scene_list.setObjectName("playerSceneList")
        self.scene_list.setAccessibleName("Scenes of this video")
        self.editor_button = QPushButton("Go to this scene in the editor", self)
        self.editor_button.setObjectName("goToSceneButton")
        self.editor_button.setToolTip("Select the scene on screen in the storyboard, to change it.")
        self.scenes_panel = QWidget(self)
        scenes_layout = QVBoxLayout(self.scenes_panel)
        scenes_layout.setContentsMargins(0, 0, 0, 0)
        scenes_heading = QLabel("Scenes", self.scenes_panel)
        scenes_layout.addWidget(scenes_heading)
        scenes_layout.addWidget(self.scene_list, 1)
        scenes_layout.addWidget(self.scene_label)
        scenes_layout.addWidget(self.editor_button)
        self.scenes_panel.setMaximumWidth(260)

        self._build_layout()
        self._connect()
        self._shortcuts()
        self.resize(960, 600)
        self.setMinimumSize(640, 420)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.picture, 1)
        top.addWidget(self.scenes_panel)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.copy_button)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.seek_slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(self.mute_button)
        controls.addWidget(self.volume_slider)
        controls.addWidget(self.full_screen_button)
        elsewhere = QHBoxLayout()
        elsewhere.addStretch(1)
        elsewhere.addWidget(self.system_button)
        elsewhere.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(message_row)
        layout.addLayout(controls)
        layout.addLayout(elsewhere)

    def _connect(self) -> None:
        playback = self.playback
        playback.durationChanged.connect(self._duration_changed)
        playback.positionChanged.connect(self._show_position)
        playback.playingChanged.connect(self._playing_changed)
        playback.problem.connect(self._cannot_play)
        self.play_button.clicked.connect(playback.toggle)
        self.seek_slider.valueChanged.connect(self._slider_moved)
        self.mute_button.toggled.connect(self._mute_toggled)
        self.volume_slider.valueChanged.connect(playback.set_volume)
        self.volume_slider.valueChanged.connect(self.volumeChosen)
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.system_button.clicked.connect(self.open_in_system_player)
        self.fallback_button.clicked.connect(self.open_in_system_player)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.copy_button.clicked.connect(self._copy)
        self.scene_list.itemClicked.connect(self._scene_chosen)
        self.scene_list.itemActivated.connect(self._scene_chosen)
        self.editor_button.clicked.connect(self._go_to_scene)

    def _shortcuts(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("Space", self._space),
            ("Left", lambda: self._seek_by(-SEEK_STEP_MS)),
            ("Right", lambda: self._seek_by(SEEK_STEP_MS)),
            ("F", self.toggle_full_screen),
            ("F11", self.toggle_full_screen),
            ("Esc", self.leave_full_screen),
            ("M", self.mute_button.toggle),
        ]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _space(self) -> None:
        # The window's Space (play/pause) would take Space from a button reached with Tab: press that instead.
        focused = self.focusWidget()
        if isinstance(focused, QAbstractButton) and focused is not self.play_button and focused.isEnabled():
            focused.click()
        else:
            self.playback.toggle()

    # --- opening a video -----------------------------------------------------------------------------

    def open(self, source: Path | QUrl, *, title: str = "", scenes: Iterable[SceneBoundary] = ()) -> None:
        """Play ``source`` (a file, or a web address to stream) from its start; ``scenes`` are its scene
        boundaries when the caller knows them (a draft), else a local file's scene chapters are used."""
        url = QUrl.fromLocalFile(str(source)) if isinstance(source, Path) else source
        self._source = url
        self._title = title or (Path(url.toLocalFile()).name if url.isLocalFile() else url.fileName()) or "Video"
        self.setWindowTitle(f"{self._title} — {APP_NAME}")
        spans = scene_spans(scenes)
        if not spans and url.isLocalFile() and Path(url.toLocalFile()).is_file():
            spans = read_scene_chapters(url.toLocalFile())
        self._show_scenes(spans)
        self._say("")
        self._duration_changed(0)  # nothing of the previous video's length or position stays on screen
        self.problem_label.clear()
        self.picture.setCurrentIndex(0)
        self.play_button.setEnabled(True)
        self.seek_slider.setEnabled(True)
        local = url.isLocalFile()
        self.system_button.setText("Open in system player" if local else "Open in web browser")
        self.fallback_button.setText(self.system_button.text())
        self.folder_button.setVisible(local)
        self.show()
        self.raise_()
        self.activateWindow()
        if local and not Path(url.toLocalFile()).is_file():
            self.playback.release()
            self._cannot_play(cannot_play(f"it is no longer at {url.toLocalFile()}", remote=False))
            return
        self.playback.load(url)
        if not has_audio_device():
            self._say(NO_SOUND)
        self.playback.play()

    @property
    def source(self) -> QUrl:
        return self._source

    def _show_scenes(self, spans: Sequence[SceneSpan]) -> None:
        self.spans = tuple(spans)
        self.scene_list.clear()
        for span in self.spans:
            self.scene_list.addItem(QListWidgetItem(f"{span.label}   {clock_text(span.start)}–{clock_text(span.end)}"))
        self.seek_slider.scene_starts = [round(span.start * 1000) for span in self.spans if span.start > 0]
        self.scenes_panel.setVisible(bool(self.spans))
        self._show_scene_at(0, anew=True)

    # --- what plays ----------------------------------------------------------------------------------

    def _duration_changed(self, milliseconds: int) -> None:
        self.seek_slider.blockSignals(True)  # the range changing is not the user seeking
        self.seek_slider.setRange(0, max(0, milliseconds))
        self.seek_slider.blockSignals(False)
        self.seek_slider.update()
        self._show_position(self.playback.position() if milliseconds else 0)

    def _show_position(self, milliseconds: int) -> None:
        if not self.seek_slider.isSliderDown():  # the user's drag wins over the player's progress
            self.seek_slider.blockSignals(True)
            self.seek_slider.setValue(milliseconds)
            self.seek_slider.blockSignals(False)
        duration = self.seek_slider.maximum()  # the length of the video on screen (0 while one loads)
        self.time_label.setText(f"{clock_text(milliseconds / 1000)} / {clock_text(duration / 1000)}")
        self._show_scene_at(milliseconds)

    def _show_scene_at(self, milliseconds: int, *, anew: bool = False) -> None:
        span = span_at(self.spans, milliseconds / 1000)
        if span == self._span_on_screen and not anew:
            return  # the list follows the video only when the scene changes: arrowing through it is not undone
        self._span_on_screen = span
        self.scene_label.setText(span.label if span is not None else "")
        self.editor_button.setEnabled(span is not None)
        self.scene_list.setCurrentRow(self.spans.index(span) if span is not None else -1)

    def scene_on_screen(self) -> SceneSpan | None:
        return span_at(self.spans, self.playback.position() / 1000)

    def _playing_changed(self, playing: bool) -> None:
        self.play_button.setText("Pause" if playing else "Play")

    def _slider_moved(self, milliseconds: int) -> None:
        self.playback.seek(milliseconds)
        self._show_position(self.playback.position())

    def _seek_by(self, milliseconds: int) -> None:
        self.playback.seek_by(milliseconds)
        self._show_position(self.playback.position())

    def _mute_toggled(self, muted: bool) -> None:
        self.playback.set_muted(muted)
        self.mute_button.setText("Unmute" if muted else "Mute")

    def _scene_chosen(self, item: QListWidgetItem) -> None:
        row = self.scene_list.row(item)  # the list shows self.spans in order
        if 0 <= row < len(self.spans):
            self.playback.seek(round(self.spans[row].start * 1000))
            self._show_position(self.playback.position())

    def _go_to_scene(self) -> None:
        span = self.scene_on_screen()
        if span is not None:
            self.leave_full_screen()  # the editor is what the user wants to see now
            self.sceneRequested.emit(span.scene)

    def _cannot_play(self, sentence: str) -> None:
        self.problem_label.setText(sentence)
        self.picture.setCurrentIndex(1)
        self.play_button.setEnabled(False)
        self.seek_slider.setEnabled(False)
        self._say("")  # "plays silently" means nothing now

    # --- full screen ---------------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.showFullScreen()
            self.full_screen_button.setText("Leave full screen")

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.full_screen_button.setText("Full screen")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.video and event.type() == QEvent.Type.MouseButtonDblClick:
            self.toggle_full_screen()
            return True
        if watched is self.video and event.type() == QEvent.Type.Resize and not self.playback.is_playing():
            # Seen under Xvfb: a paused video went black when the window was resized (Qt's video output drops
            # its last frame). Seeking to where it is paints that frame again.
            QTimer.singleShot(0, self._repaint_paused_frame)
        return super().eventFilter(watched, event)

    def _repaint_paused_frame(self) -> None:
        if self.playback.duration() and not self.playback.is_playing():
            self.playback.seek(self.playback.position())

    # --- elsewhere -----------------------------------------------------------------------------------

    def open_in_system_player(self) -> None:
        self.playback.pause()  # two players talking at once help nobody
        if self.open_url(self._source):
            return
        either = " either" if self.playback.problem_text else ""  # when this player could not play it
        if self._source.isLocalFile():
            path = self._source.toLocalFile()
            self._say(
                f"This computer could not open the video in another player{either}. It is here: {path} "
                "— copy the path to open it another way.",
                copyable=path,
            )
        else:
            address = self._source.toString()
            self._say(
                f"This computer could not open a web browser{either}. The video's address is {address} — copy "
                "it to open it yourself.",
                copyable=address,
            )

    def show_in_folder(self) -> None:
        if not self._source.isLocalFile():
            return
        path = Path(self._source.toLocalFile())
        # The file manager with the video selected, where the system offers it; else the folder.
        self.show_file(path, lambda: self._open_folder(path.parent))

    def _open_folder(self, folder: Path) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(folder))):
            self._say(
                f"This computer could not open a file manager. The video is in {folder} — copy the path to find it.",
                copyable=str(folder),
            )

    def _say(self, text: str, *, copyable: str = "") -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        theme.set_text_colour(self.message, theme.warning_colour(self) if text else None)
        self._copyable = copyable
        self.copy_button.setVisible(bool(copyable))
        self.copy_button.setText("Copy path" if self._source.isLocalFile() else "Copy link")

    def _copy(self) -> None:
        if self._copyable:
            QGuiApplication.clipboard().setText(self._copyable)
            self.copy_button.setText("Copied")

    def release_video(self) -> None:
        """Stop and let go of the file, so it can be replaced (a new draft of the same storyboard)."""
        self.playback.release()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.leave_full_screen()
        self.playback.release()
        super().closeEvent(event)
