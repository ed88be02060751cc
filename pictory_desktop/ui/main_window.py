"""The main window: video settings and scene list on the left, the scene editor in the middle, jobs in a
dock, live totals and Render at the bottom. It composes widgets; the document holds the state."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QGroupBox,
    QMainWindow,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..api.results import Quota
from ..domain.body import BodyShapeError, storyboard_from_body
from ..domain.catalog import format_credits
from ..domain.credits import estimate as estimate_of
from ..domain.examples import EXAMPLES
from ..domain.limits import SpendingLimits, SpendVerdict
from ..domain.project_format import ProjectFileError, parse_project_json
from ..domain.render_request import RenderRequest
from ..qt.document import StoryboardDocument
from ..qt.picture_reach import CHECKING_TEXT as CHECKING_PICTURES
from ..qt.picture_reach import UnreachablePicture, locked_pictures
from ..qt.recovery import AutosaveKeeper, find_crashed_sessions
from ..qt.sample_player import SamplePlayer
from ..qt.scene_list_model import SceneListModel
from ..qt.services import WindowContext
from ..qt.thumbnails import Thumbnails
from ..store.image_cache import ImageCache
from ..store.jobs_db import JobKind
from . import file_dialogs, theme
from .companions import Companions
from .draft_video import DraftVideo
from .file_actions import FileActions, display_name
from .findings_view import FindingsView
from .help_menu import build_help_menu
from .image_tries_panel import ImageTriesPanel
from .notifier import Notifier
from .picture_upload import PictureUpload
from .render_question import RenderQuestion, RenderVariant
from .scene_editor import SceneEditor
from .scene_list_view import CARD_SPACING, CARD_WIDTH, ScenePanel
from .scene_voice_music import SceneVoiceMusic
from .storyboard_tools import StoryboardTools
from .text_inputs import REDO_SHORTCUTS, UNDO_SHORTCUTS
from .totals_bar import TotalsBar
from .video_settings import VideoSettings
from .voice_music_settings import VoiceMusicSettings

if TYPE_CHECKING:
    from ..domain.scene_timeline import SceneBoundary
    from .image_library import ImageLibraryDialog
    from .video_player import VideoPlayerWindow

APP_NAME = "Pictory Desktop"
STATUS_SECONDS = 6
SIDE_JOBS_PANEL_WIDTH = 1600  # narrower windows get the Jobs panel below the editor
EDITOR_WIDTH_BESIDE_CARDS = 560  # the editor's fields without sideways scrolling (1024 px windows)


CHECKING_LIMIT = "Checking your monthly AI-credit limit with Pictory…"
STILL_CHECKING = "Still checking your monthly AI-credit limit; the render goes on once it is checked."
REFUSED_TITLE = "Not sent: your monthly AI-credit limit"


@dataclass(eq=False)
class _RenderPress:
    """One press of Render, waiting for the spend check (compared by identity, as the check's tag)."""

    request: RenderRequest
    limits: SpendingLimits
    variant: RenderVariant = "render"
    preview_job_id: str | None = None  # "from-preview": the finished preview to render


def _shortcuts(standard: QKeySequence.StandardKey, extra: tuple[str, ...]) -> list[QKeySequence]:
    """The platform's bindings plus ours, without duplicates (a duplicate makes the shortcut ambiguous)."""
    sequences = [*QKeySequence.keyBindings(standard), *(QKeySequence(k) for k in extra)]
    unique: list[QKeySequence] = []
    for sequence in sequences:
        if sequence not in unique:
            unique.append(sequence)
    return unique


class MainWindow(QMainWindow):
    def __init__(self, context: WindowContext, companions: Companions | None = None) -> None:
        super().__init__()
        self.context = context
        self.companions = companions or Companions()
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl  # replaceable in tests
        self.notify: Callable[[str, str], None] = Notifier(self).notify  # replaceable in tests
        self.setObjectName("mainWindow")
        self.document = StoryboardDocument(context.catalog, self)
        self._inserted_rows: list[int] = []
        self.scene_model = SceneListModel(self.document, self)
        self.files = FileActions(self, self.document, context.settings)
        self.autosave = AutosaveKeeper(
            self.document, self.recovery_dir(context), int(context.settings.get("autosave_interval_seconds")), self
        )

        self.video_settings = VideoSettings(self.document, self)
        self.sample_player = SamplePlayer(self)  # one sample at a time, whichever picker plays it

        def balance() -> Quota | None:
            return context.connection.balance

        self.voice_music = VoiceMusicSettings(
            self.document,
            context.account_lists,
            self.sample_player,
            context.music_search,
            balance,
            self,
            uploads=context.uploads,
        )
        self.scene_panel = ScenePanel(self.scene_model, self)
        # Scenes' pictures, made off the GUI thread (its thread pool and the network start on first need).
        self.thumbnails = Thumbnails(ImageCache(Path(context.paths.image_cache_dir)), parent=self)
        self.scene_model.picture_problem = self.thumbnails.problem
        self.scene_panel.set_thumbnails(self.thumbnails)
        self.editor = SceneEditor(self.document, self)
        self.scene_voice_music = SceneVoiceMusic(
            self.document, context.account_lists, self.sample_player, balance, self
        )
        self.image_tries = ImageTriesPanel(
            self.document, context.catalog, context.image_tries, context.spend_check, balance, context.settings, self
        )
        self.picture_upload = PictureUpload(
            self,
            self.document,
            context.catalog,
            context.uploads,
            self.editor.background,
            lambda: self.editor.row,
        )
        self.tries_box = self.editor.add_section("Try the image first", self.image_tries)
        self.tries_box.setObjectName("triesBox")
        self.editor.add_section("Voice, music and subtitles in this scene", self.scene_voice_music)
        self.totals = TotalsBar(self.document, context.connection, self)
        self._checking_bar: QProgressBar | None = None
        self._list_sizes: list[int] | None = None  # the splitter as it was before the storyboard view widened it
        self._render_press: _RenderPress | None = None  # a Render waiting for the spend check (then the pictures')
        self._press_verdict: SpendVerdict | None = None  # its verdict, while the locked pictures are asked
        self.image_library_dialog: ImageLibraryDialog | None = None  # Video › Image library…, built on first use
        self.video_player: VideoPlayerWindow | None = None  # built when a video is first played (QtMultimedia then)
        self._volume_save: QTimer | None = None  # writes the player's volume once the slider rests
        self._sent_unasked: str | None = None  # the cost sentence of a render sent without the confirmation
        self.draft_video = DraftVideo(
            self,
            self.document,
            context.drafts,
            context.settings,
            say=self.show_message,
            play=lambda path, title, scenes: self.play_video(path, title=title, scenes=scenes),
            open_url=lambda url: self.open_url(url),
            release=lambda: self.video_player.release_video() if self.video_player is not None else None,
        )
        self.banner = self.companions.sandbox_banner(context, self)
        self._build_layout()
        self._build_jobs_dock()
        self._build_actions()
        self._connect()
        self._select_scene(0)
        self._update_title()
        self._restore_geometry()
        self.setMinimumSize(1024, 640)
        # The balance is fetched by context.start() once the window has painted (see ui/app.py).

    @staticmethod
    def recovery_dir(context: WindowContext) -> Path:
        return Path(context.paths.data_dir) / "recovery"

    # ------------------------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        video_box = QGroupBox("Video", self)
        QVBoxLayout(video_box).addWidget(self.video_settings)
        sound_box = QGroupBox("Voice, music and look", self)
        sound_box.setObjectName("voiceMusicBox")
        QVBoxLayout(sound_box).addWidget(self.voice_music)
        sound_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        scenes_box = QGroupBox("Scenes", self)
        QVBoxLayout(scenes_box).addWidget(self.scene_panel)
        # The video box keeps the height its tips need (squeezed, wrapped tips painted over each other); the
        # scene list takes what is left, and below a few rows the whole column scrolls instead.
        video_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(video_box)
        left_layout.addWidget(sound_box)
        left_layout.addWidget(scenes_box, 1)
        scenes_box.setMinimumHeight(160)
        left_scroll = QScrollArea(self)
        left_scroll.setObjectName("leftColumn")
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        body = QVBoxLayout()
        body.setContentsMargins(8, 8, 8, 8)
        body.addWidget(self.splitter, 1)
        body.addWidget(self.totals)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        # Wide enough for its fields and a tip's Dismiss button beside the scroll bar: never clipped sideways.
        left_scroll.setMinimumWidth(left.minimumSizeHint().width() + left_scroll.verticalScrollBar().sizeHint().width())
        self.editor.setMinimumWidth(420)

    def _build_jobs_dock(self) -> None:
        self.jobs_dock = QDockWidget("Jobs", self)
        self.jobs_dock.setObjectName("jobsDock")
        self.jobs_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        # The panel itself is built once the window has painted (finish_startup), or when the dock is first
        # shown if that comes sooner: it is hidden at start, and building it costs ~15 ms of the first frame.
        self._jobs_panel: QWidget | None = None
        self.jobs_dock.visibilityChanged.connect(self._jobs_dock_visibility_changed)
        self.addDockWidget(self._jobs_area(), self.jobs_dock)
        # The panel opens on a render, or from the Jobs button (Ctrl+J).
        self.jobs_dock.hide()
        toggle = self.jobs_dock.toggleViewAction()
        toggle.setText("&Jobs panel")
        toggle.setShortcut(QKeySequence("Ctrl+J"))
        toggle.setToolTip("Show or hide your renders and their progress (Ctrl+J).")
        self.totals.set_renders_action(toggle)

    @property
    def jobs_panel(self) -> QWidget:
        """The Jobs panel, built on first use."""
        if self._jobs_panel is None:
            self._jobs_panel = self.companions.jobs_panel(self.context, self.jobs_dock)
            from .jobs_panel import JobsPanel  # built after the first paint, like the panel

            if isinstance(self._jobs_panel, JobsPanel):
                # One way out to the browser (Open preview, Open video): the window's, which tests replace.
                self._jobs_panel.open_url = lambda url: self.open_url(url)
                # Open video plays in the window's one player, whose scenes lead back to the editor.
                self._jobs_panel.play_video = lambda source, title: self.play_video(source, title=title)
            self.jobs_dock.setWidget(self._jobs_panel)
        return self._jobs_panel

    def _jobs_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.jobs_panel  # noqa: B018 - builds it
            # However it was opened (a render, Ctrl+J, the View menu): wide enough for its columns.
            QTimer.singleShot(0, self._size_jobs_dock)

    def connection_started(self) -> None:
        """Once the connection is up (the sandbox running, the key read): the account's lists, in the background."""
        self.voice_music.ensure_lists()

    def _account_list_changed(self, name: str) -> None:
        if name == "voices":  # every speaker is checked against the voices this account has
            self.document.set_known_speakers(self.context.account_lists.known_speakers())

    def _connection_mode_changed(self, *_args: object) -> None:
        # The sandbox's own addresses (its tries, uploads) cannot be fetched by Pictory: errors for an account.
        self.document.set_server_on_this_computer(self.context.connection.server_on_this_computer)
        # Sandbox and account have different voices and brands: show the other's cache, and fetch if stale.
        self.voice_music.refresh()
        self.scene_voice_music.refresh()
        self._account_list_changed("voices")
        self.voice_music.ensure_lists()

    def finish_startup(self) -> None:
        """What the first frame does not need, done right after it (see ui/app.py)."""
        self.jobs_panel  # noqa: B018 - built now, so the first Ctrl+J or render shows it at once

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.tools = StoryboardTools(
            self, self.document, self.files, self.context.catalog, self.scene_panel.view, self.show_message
        )
        keys = QKeySequence.StandardKey
        menu = self.menuBar().addMenu("&File")
        menu.addAction(self._action("&New", self.files.new, keys.New, "Start a new storyboard."))
        menu.addAction(self._action("&Open…", self.files.open, keys.Open, "Open any Pictory storyboard JSON file."))
        examples = menu.addMenu("New from e&xample")
        for example in EXAMPLES:
            action = examples.addAction(example.title)
            action.setStatusTip(example.about)
            action.triggered.connect(lambda _=False, chosen=example: self.files.new_from_example(chosen))
        menu.addAction(self.tools.new_from_script_action)
        menu.addMenu(self.files.recent_menu)
        menu.addAction(self._action(
            "New &batch from CSV…", self.new_batch_from_csv, None,
            "Make one video per CSV row from this storyboard's {{placeholders}}: checked and priced first.",
        ))  # fmt: skip
        menu.addSeparator()
        menu.addAction(self._action("&Save", self.files.save, keys.Save, "Save the storyboard."))
        menu.addAction(self._action("Save &As…", self.files.save_as, keys.SaveAs, "Save under a new name."))
        menu.addSeparator()
        self.settings_action = self._action("Se&ttings…", self.open_settings, "Ctrl+,", "API key, sandbox and folders.")
        menu.addAction(self.settings_action)
        menu.addSeparator()
        quit_action = self._action("&Quit", self.close, None, "Close Pictory Desktop.")
        # Windows (and Qt's offscreen platform) have no standard Quit key; people press Ctrl+Q everywhere.
        quit_action.setShortcuts(_shortcuts(keys.Quit, ("Ctrl+Q",)))
        menu.addAction(quit_action)

        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(_shortcuts(keys.Undo, UNDO_SHORTCUTS))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(_shortcuts(keys.Redo, REDO_SHORTCUTS))
        self.addActions([self.undo_action, self.redo_action])
        menu = self.menuBar().addMenu("&Edit")
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        view = self.scene_panel.view
        self.add_action = self._action(
            "&Add scene", self.add_scene, "Ctrl+Return", "Add a scene after the current one."
        )
        self.duplicate_action = self._action(
            "&Duplicate scenes", self.duplicate_scenes, "Ctrl+D", "Copy the selected scenes."
        )
        self.delete_action = self._action(
            "De&lete scenes", self.delete_scenes, keys.Delete, "Delete the selected scenes."
        )
        self.move_up_action = self._action("Move scene&s up", lambda: view.move_selection(-1), "Ctrl+Up")
        self.move_down_action = self._action("Move scenes do&wn", lambda: view.move_selection(1), "Ctrl+Down")
        # Delete only while the list has focus: in a text field it deletes text. Ctrl+Up/Down move the scene
        # being edited from anywhere in the window, as people expect while they are typing its story.
        self.removeAction(self.delete_action)
        view.addAction(self.delete_action)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        menu.addActions(
            [self.add_action, self.duplicate_action, self.delete_action, self.move_up_action, self.move_down_action]
        )
        menu.addSeparator()
        self.apply_all_action = self._action("Apply model and style to all scenes", self.apply_to_all)
        menu.addAction(self.apply_all_action)
        menu.addActions([self.tools.split_action, self.tools.merge_action])
        # The scene list's right-click menu: what can be done to the scenes under the pointer.
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        separator = QAction(view)
        separator.setSeparator(True)
        view.removeAction(self.delete_action)  # added above for its shortcut; put back in menu order
        view.addActions([self.add_action, self.duplicate_action, self.delete_action])
        view.addActions([self.tools.split_action, self.tools.merge_action])
        view.addAction(separator)
        view.addActions([self.move_up_action, self.move_down_action])
        # The storyboard view: the same menu and the same Delete key.
        grid = self.scene_panel.grid
        grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        grid.addActions(view.actions())

        menu = self.menuBar().addMenu("&Video")
        self.render_action = self._action(
            "&Render…", self.render_video, "Ctrl+R", "Check the cost and render the video."
        )
        menu.addAction(self.render_action)
        self.preview_action = self._action(
            "&Preview on Pictory…",
            self.preview_video,
            None,
            "Have Pictory make a preview of the storyboard to watch in your browser before rendering.",
        )
        menu.addAction(self.preview_action)
        self.draft_action = self._action(
            "&Draft video (free)",
            self.draft_video.start,
            "Ctrl+Shift+D",
            "Make a draft of the video on this computer, free: each scene's picture and words for as long as its "
            "narration will take, then watch it here.",
        )
        menu.addAction(self.draft_action)
        self.library_action = self._action(
            "Image &library…",
            self.open_image_library,
            None,
            "Put an image from your AI Studio library on the current scene (it was paid for when it was made).",
        )
        menu.addAction(self.library_action)
        menu.addAction(self.tools.switch_models_action)
        menu.addAction(self.jobs_dock.toggleViewAction())

        self._build_view_menu()
        build_help_menu(
            self, self.menuBar().addMenu("&Help"), lambda: self.findChildren(QAction), lambda url: self.open_url(url)
        )

    def _build_view_menu(self) -> None:
        menu = self.menuBar().addMenu("Vie&w")
        self.storyboard_view_action = QAction("&Storyboard view", self)
        self.storyboard_view_action.setObjectName("storyboardViewAction")
        self.storyboard_view_action.setCheckable(True)
        self.storyboard_view_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        tip = "Show the scenes as cards with their pictures, or as a list (Ctrl+Shift+B)."
        self.storyboard_view_action.setStatusTip(tip)
        self.storyboard_view_action.setToolTip(tip)
        self.storyboard_view_action.toggled.connect(self.scene_panel.set_storyboard_view)
        self.scene_panel.storyboardViewChanged.connect(self._storyboard_view_changed)
        self.addAction(self.storyboard_view_action)
        menu.addAction(self.storyboard_view_action)
        if self.context.settings.get("scene_view") == "storyboard":
            self.storyboard_view_action.setChecked(True)
        menu.addSeparator()
        themes = menu.addMenu("&Theme")
        group = QActionGroup(self)
        current = self.context.settings.get("theme")
        for choice, text in theme.THEME_CHOICES:
            action = themes.addAction(text)
            action.setCheckable(True)
            action.setChecked(choice == current)
            action.setObjectName(f"theme:{choice}")
            group.addAction(action)
            action.triggered.connect(partial(self.choose_theme, choice))

    def _storyboard_view_changed(self, on: bool) -> None:
        self.storyboard_view_action.setChecked(on)
        self.context.settings.set("scene_view", "storyboard" if on else "list")  # saved with the window's size
        # Cards need room: the left column widens to three of them (two at 1024 px), the editor keeps its
        # minimum; back in the list, the column goes back to the width it had.
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if on:
            self._list_sizes = sizes
            wanted = sizes[0] + max(0, 3 * (CARD_WIDTH + CARD_SPACING) + 40 - self.scene_panel.grid.viewport().width())
            # Never narrower than the editor's fields need: no sideways scrolling in the editor for the cards.
            editor_needs = max(
                self.editor.minimumWidth(), self.editor.minimumSizeHint().width(), EDITOR_WIDTH_BESIDE_CARDS
            )
            left = min(wanted, total - editor_needs)
            if left > sizes[0]:
                self.splitter.setSizes([left, total - left])
        elif self._list_sizes is not None and sum(self._list_sizes) == total:
            self.splitter.setSizes(self._list_sizes)

    def choose_theme(self, choice: theme.ThemeChoice, _checked: bool = False) -> None:
        """Light, dark or the system's colours, at once and from then on."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, choice)
        self.context.settings.set("theme", choice)
        try:
            self.context.settings.save()
        except OSError:
            self.show_message("The theme is in use, but could not be saved for next time.")
        # Colours chosen from the palette (errors, tips, counters) are chosen again from the new one, and
        # widgets with a style sheet (the sandbox banner) are polished again, or they keep the old palette.
        for view in self.findChildren(FindingsView):
            view.rebuild()
        for widget in self.findChildren(QWidget):
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
        self.editor.refresh()
        self.totals.refresh()

    def _connect(self) -> None:
        self.scene_panel.currentSceneChanged.connect(self.editor.show_scene)
        self.scene_panel.currentSceneChanged.connect(self.scene_voice_music.show_scene)
        self.scene_panel.currentSceneChanged.connect(self.image_tries.show_scene)
        # A try spends credits: the balance shown (and the next confirmation's) must include it.
        self.context.image_tries.made.connect(self._image_tried)
        self.context.connection.modeChanged.connect(self._connection_mode_changed)
        self.context.account_lists.changed.connect(self._account_list_changed)
        self._account_list_changed("voices")
        self.document.set_server_on_this_computer(self.context.connection.server_on_this_computer)
        self.scene_panel.add_button.clicked.connect(self.add_scene)
        self.scene_panel.duplicate_button.clicked.connect(self.duplicate_scenes)
        self.scene_panel.delete_button.clicked.connect(self.delete_scenes)
        self.editor.applyToAllRequested.connect(self.apply_to_all)
        self.editor.splitRequested.connect(self.tools.split_current)
        self.editor.scriptOffered.connect(self._make_scenes_of_paste)
        self.editor.applyToSelectedRequested.connect(self.apply_to_selected)
        self.totals.renderRequested.connect(self.render_video)
        self.scene_model.modelReset.connect(lambda: self._select_scene(0))
        self.scene_model.rowsInserted.connect(self._rows_inserted)
        for signal in (self.scene_model.rowsInserted, self.scene_model.rowsRemoved, self.scene_model.rowsMoved):
            # Rows shifting under the current one move Qt's current index without a currentChanged signal.
            signal.connect(self._follow_current_row)
        self.document.undo_stack.indexChanged.connect(self._select_inserted_rows)
        self.document.modifiedChanged.connect(lambda _modified: self._update_title())
        self.document.pathChanged.connect(lambda _path: self._update_title())
        self.document.storyboardChanged.connect(self._update_render_action)
        self.files.message.connect(self.show_message)
        self.context.connection.authRequired.connect(self._auth_required)
        self.context.jobs.submitted.connect(self._render_submitted)
        self.context.jobs.resumed.connect(self._renders_resumed)
        self.context.jobs.storyboardRequested.connect(self.files.open_sent_body)
        self.context.jobs.jobFinished.connect(self._job_finished)
        self.context.jobs.previewRenderAsked.connect(self.render_preview_of)
        self.image_tries.libraryRequested.connect(self.open_image_library)
        self.context.jobs.submitFailed.connect(self._render_failed)
        self.context.spend_check.decided.connect(self._spend_decided)
        self.context.picture_reach.checked.connect(self._pictures_checked)
        self.context.spend_check.checking.connect(self._spend_checking)
        self._update_render_action()

    # ------------------------------------------------------------------------------------ state

    def _update_title(self) -> None:
        marker = "*" if self.document.is_modified else ""
        self.setWindowTitle(f"{display_name(self.document)}{marker} — {APP_NAME}")

    def _update_render_action(self) -> None:
        self.render_action.setEnabled(self.totals.render_button.isEnabled())

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_SECONDS * 1000)

    def _select_scene(self, row: int) -> None:
        if self.scene_model.rowCount() == 0:
            self.editor.show_scene(-1)
            return
        self.scene_panel.view.select_rows([row], row)

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Rows arrive in ascending order within one command, so earlier numbers stay valid.
        self._inserted_rows.extend(range(first, last + 1))

    def _select_inserted_rows(self, _index: int) -> None:
        # After the whole command: new, duplicated and undeleted scenes are selected so the user sees them.
        rows, self._inserted_rows = self._inserted_rows, []
        if rows:
            self.scene_panel.view.select_rows(rows, rows[0])

    def _follow_current_row(self) -> None:
        self.editor.show_scene(self.scene_panel.view.currentIndex().row())

    # ------------------------------------------------------------------------------------ the video player

    def play_video(self, source: Path | QUrl, *, title: str = "", scenes: Iterable[SceneBoundary] = ()) -> bool:
        """Play ``source`` (a file, or a web address to stream) in the app's player; ``scenes`` are its scene
        boundaries, (scene number from 1, part or None, start s, end s), when the caller knows them (a draft).
        False when this computer cannot play video inside the app: the caller then hands it to the system."""
        from ..qt.multimedia import multimedia_available  # all of the player waits for the first video

        if not multimedia_available():
            return False
        if self.video_player is None:
            from .video_player import VideoPlayerWindow  # QtMultimediaWidgets: loaded now, never at start

            self.video_player = VideoPlayerWindow(
                self, open_url=lambda url: self.open_url(url), volume=self.context.settings.get("player_volume")
            )
            self.video_player.sceneRequested.connect(self.go_to_scene)
            self.video_player.volumeChosen.connect(self._keep_player_volume)
        self.video_player.open(source, title=title, scenes=scenes)
        return True

    def _keep_player_volume(self, percent: int) -> None:
        """Remembered at once, written once the slider has rested: a drag moves it through dozens of values."""
        self.context.settings.set("player_volume", percent)
        if self._volume_save is None:
            self._volume_save = QTimer(self)
            self._volume_save.setSingleShot(True)
            self._volume_save.setInterval(600)
            self._volume_save.timeout.connect(self.context.settings.save)
        self._volume_save.start()

    def go_to_scene(self, number: int) -> None:
        """Select scene ``number`` (from 1) in the scene list and editor, and bring the window forward."""
        row = number - 1
        if not 0 <= row < self.document.scene_count():
            self.show_message(f"This storyboard has no scene {number} now: scenes may have been deleted since.")
            return
        self._select_scene(row)  # the view on screen (list or storyboard) scrolls to it
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------------------------ scene actions

    def _image_tried(self, *_args: object) -> None:
        self.context.connection.refresh_balance()

    def _make_scenes_of_paste(self, text: str) -> None:
        if self.tools.new_from_script(text):
            self.editor.hide_script_offer()

    def add_scene(self) -> None:
        current = self.scene_panel.view.currentIndex()
        self.document.add_scene(after=current.row() if current.isValid() else None)
        self.editor.story_edit.setFocus()

    def duplicate_scenes(self) -> None:
        self.document.duplicate_scenes(self.scene_panel.view.selected_rows())

    def delete_scenes(self) -> None:
        rows = self.scene_panel.view.selected_rows()
        self.document.delete_scenes(rows)
        if rows:
            count = len(rows)
            self.show_message(f"Deleted {count} scene{'s' if count != 1 else ''}. Undo (Ctrl+Z) brings them back.")

    def apply_to_all(self) -> None:
        self._apply_branding(list(range(self.document.scene_count())))

    def apply_to_selected(self) -> None:
        self._apply_branding(self.scene_panel.view.selected_rows())

    def _apply_branding(self, rows: list[int]) -> None:
        source = self.editor.row
        if source < 0:
            return
        changed = self.document.apply_branding(rows, source=source)
        if changed:
            self.show_message(
                f"Applied this scene's model and style to {changed} other scene{'s' if changed != 1 else ''}."
            )
        else:
            self.show_message("All of those scenes already use this model and style.")

    # ------------------------------------------------------------------------------------ render

    def render_video(self) -> None:
        """Render, after the checks pass, the user's own limits allow it and the user confirms the cost (unless
        it is at or under their ask-above threshold). Named so as not to hide QWidget.render."""
        if self.document.errors():
            self.show_message(self.totals.reason_label.text())
            return
        if self._render_press is not None:
            self.show_message(STILL_CHECKING)
            return
        request = RenderRequest(self.document.storyboard, self.document.estimate(), self.document.path)
        press = _RenderPress(request, self.context.settings.spending_limits())
        self._render_press = press
        estimate = request.estimate
        # Answers with decided(press, verdict): at once without a monthly limit, after reading the ledger with one.
        self.context.spend_check.check(estimate.total, "this render", estimated=estimate.estimated, tag=press)

    def preview_video(self) -> None:
        """Preview on Pictory: the same checks as Render, the limit check, then the confirmation (always asked:
        Pictory does not document what a preview costs), then one POST /v2/video/storyboard, followed like a render."""
        if self.document.errors():
            self.show_message(self.totals.reason_label.text())
            return
        if self._render_press is not None:
            self.show_message(STILL_CHECKING)
            return
        request = RenderRequest(self.document.storyboard, self.document.estimate(), self.document.path)
        press = _RenderPress(request, self.context.settings.spending_limits(), "preview")
        self._render_press = press
        estimate = request.estimate
        self.context.spend_check.check(estimate.total, "this preview", estimated=estimate.estimated, tag=press)

    def render_preview_of(self, preview_job_id: str) -> None:
        """Render this preview (from the Jobs panel): asked again with the cost of what was previewed, within the
        monthly limit, then one PUT /v2/video/render/{id}; the render is followed like any other."""
        if self._render_press is not None:
            self.show_message(STILL_CHECKING)
            return
        sent = self.context.jobs.sent_job(preview_job_id)
        body = sent[1] if sent is not None else None
        if sent is None or body is None:
            self.show_message("What was sent for this preview was not kept, so its cost cannot be shown.")
            return
        record = sent[0]
        try:
            storyboard = storyboard_from_body(parse_project_json(body))
        except (ProjectFileError, BodyShapeError) as error:
            self.show_message(f"What was sent for this preview cannot be read ({error}).")
            return
        path = Path(record.project_path) if record.project_path else None
        request = RenderRequest(storyboard, estimate_of(storyboard, self.context.catalog), path)
        press = _RenderPress(request, self.context.settings.spending_limits(), "from-preview", preview_job_id)
        self._render_press = press
        estimate = request.estimate
        self.context.spend_check.check(estimate.total, "this render", estimated=estimate.estimated, tag=press)

    def open_image_library(self) -> None:
        """Video › Image library…: the account's AI Studio images, one put on the current scene."""
        row = self.scene_panel.view.currentIndex().row()
        if not 0 <= row < self.document.scene_count():
            self.show_message("Select a scene first: the image goes on the selected scene.")
            return
        from .image_library import ImageLibraryDialog  # built on first use: not part of the window's start

        dialog = self.image_library_dialog
        if dialog is None:
            dialog = ImageLibraryDialog(self.document, self.context.image_tries, self)
            self.image_library_dialog = dialog
        dialog.show_for(row)

    def check_spend(self, cost: Decimal, what: str, *, estimated: bool = False, tag: object = None) -> None:
        """The user's own limits for something else about to be sent from this window (a batch): the answer
        comes as ``context.spend_check.decided(tag, SpendVerdict)``; the status bar says while it is checked."""
        self.context.spend_check.check(cost, what, estimated=estimated, tag=tag)

    @property
    def checking_bar(self) -> QProgressBar:
        """A busy indicator in the status bar while the monthly limit is checked (built on first use)."""
        if self._checking_bar is None:
            bar = QProgressBar(self)
            bar.setObjectName("checkingLimit")
            bar.setRange(0, 0)  # no figure: it only says "working"
            bar.setMaximumWidth(120)
            bar.setTextVisible(False)
            bar.setAccessibleName(CHECKING_LIMIT)
            self.statusBar().addPermanentWidget(bar)
            bar.hide()
            self._checking_bar = bar
        return self._checking_bar

    def _spend_checking(self, _tag: object) -> None:
        self.checking_bar.show()
        self.statusBar().showMessage(CHECKING_LIMIT)  # stays until the answer

    def _spend_decided(self, tag: object, verdict: SpendVerdict) -> None:
        if self._checking_bar is not None and not self.context.spend_check.busy:
            self._checking_bar.hide()
        press = self._render_press
        if press is None or tag is not press:
            if self.statusBar().currentMessage() == CHECKING_LIMIT:
                self.statusBar().clearMessage()
            return  # another caller's (the batch dialog's) answer
        self._render_press = None
        if not verdict.allowed:
            self.show_message(verdict.sentence)
            file_dialogs.show_error(self, REFUSED_TITLE, verdict.sentence)
            return
        self.statusBar().clearMessage()
        places = locked_pictures(press.request.storyboard) if press.variant != "from-preview" else []
        if places:
            # Still pressed while the locked images' addresses are asked (nothing spends): then the question.
            self._render_press, self._press_verdict = press, verdict
            self.statusBar().showMessage(CHECKING_PICTURES)
            self.context.picture_reach.check(places, press)
            return
        self._ask_and_send(press, verdict, ())

    def _pictures_checked(self, tag: object, unreachable: tuple[UnreachablePicture, ...]) -> None:
        press, verdict = self._render_press, self._press_verdict
        if press is None or tag is not press or verdict is None:
            return
        self._render_press = self._press_verdict = None
        if self.statusBar().currentMessage() == CHECKING_PICTURES:
            self.statusBar().clearMessage()
        self._ask_and_send(press, verdict, unreachable)

    def _ask_and_send(
        self, press: _RenderPress, verdict: SpendVerdict, unreachable: tuple[UnreachablePicture, ...]
    ) -> None:
        connection = self.context.connection
        request = press.request
        question = RenderQuestion(
            request,
            balance=connection.balance,
            catalog=self.context.catalog,
            sandbox=connection.mode == "sandbox",
            # A preview makes no video; a preview's render is a render of that body, and says so if it was before.
            sent_before=self.context.jobs.sent_before(request) if press.variant != "preview" else None,
            monthly_limit=verdict.sentence if press.limits.monthly_limit is not None else None,
            variant=press.variant,
            unreachable_pictures=tuple(picture.sentence for picture in unreachable),
        )
        if press.variant != "render":
            if not self.companions.ask_render(self, question):
                return
            self._sent_unasked = None
            if press.preview_job_id is not None:
                self.context.jobs.render_preview(press.preview_job_id)
                self.show_message("Sending the preview to be rendered…")
            else:
                self.context.jobs.submit(request, "preview")
                self.show_message("Sending the storyboard to Pictory for a preview…")
            return
        if not verdict.needs_confirmation and question.may_skip_asking:
            threshold = press.limits.confirm_above
            under = (
                f" (at or under your {format_credits(threshold)}-credit threshold, so not asked)" if threshold else ""
            )
            self._sent_unasked = f"{verdict.sentence.rstrip('.')}{under}."
            self.context.jobs.submit(request)
            self.show_message(f"{self._sent_unasked} Sending it to be rendered…")
            return
        if not self.companions.ask_render(self, question):
            return
        self._sent_unasked = None
        self.context.jobs.submit(request)
        self.show_message("Sending the storyboard to be rendered…")

    def new_batch_from_csv(self) -> None:
        """The storyboard open in the editor is the template; the dialog says so, and never changes it."""
        self.companions.open_batch(
            self, self.context, self.document.storyboard, self.document.path, self._open_jobs_dock
        )

    def _kind_of(self, job_id: str) -> JobKind:
        sent = self.context.jobs.sent_job(job_id)
        return sent[0].kind if sent is not None else "render"

    def _render_submitted(self, job_id: str) -> None:
        cost, self._sent_unasked = self._sent_unasked, None
        if self._kind_of(job_id) == "preview":
            self.show_message("Pictory is making the preview. Follow it in the Jobs panel.")
        elif cost:
            self.show_message(f"Rendering has started. {cost} Follow it in the Jobs panel.")
        else:
            self.show_message("Rendering has started. Follow it in the Jobs panel.")
        self.context.connection.refresh_balance()
        if not self.jobs_dock.isVisible():
            # On the next turn of the event loop: the dock re-lays out and repaints the whole window (~12 ms),
            # and the job's bookkeeping has just taken about as long; apart, neither freezes the window.
            QTimer.singleShot(0, self._open_jobs_dock)

    def _job_finished(self, job_id: str, name: str, completed: bool) -> None:
        """A render ended while the user looked elsewhere: tell them (the status bar is enough otherwise)."""
        if self._kind_of(job_id) == "preview":
            text = (
                f"The preview of “{name}” is ready. Open it from the Jobs panel."
                if completed
                else f"Pictory could not make the preview of “{name}”. The Jobs panel says why."
            )
        else:
            text = (
                f"“{name}” is ready. Download it from the Jobs panel."
                if completed
                else f"“{name}” could not be rendered. The Jobs panel says why."
            )
        self.show_message(text)
        if not self.isActiveWindow():
            self.notify("Render finished" if completed else "Render failed", text)

    def _renders_resumed(self, followed: list[tuple[str, str]]) -> None:
        """Renders left running at the last quit are followed again: say so, and show the first one."""
        names = [name for _job_id, name in followed]
        if len(names) == 1:
            text = f"Following “{names[0]}” again: it was still rendering when Pictory Desktop closed."
        else:
            text = f"Following {len(names)} renders again that were still rendering when Pictory Desktop closed."
        self.show_message(text)
        if not self.jobs_dock.isVisible():
            self._open_jobs_dock()  # the panel selects the first of them itself

    def _jobs_area(self) -> Qt.DockWidgetArea:
        """Beside the editor only when the window is wide enough for both; below it otherwise, so the editor's
        fields and the Jobs columns are all visible without scrolling sideways (1024 and 1280 px)."""
        if self.width() >= SIDE_JOBS_PANEL_WIDTH:
            return Qt.DockWidgetArea.RightDockWidgetArea
        return Qt.DockWidgetArea.BottomDockWidgetArea

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self._jobs_area()
        if self.dockWidgetArea(self.jobs_dock) != area and not self.jobs_dock.isFloating():
            self.addDockWidget(area, self.jobs_dock)
            if self.jobs_dock.isVisible():
                QTimer.singleShot(0, self._size_jobs_dock)

    def _size_jobs_dock(self) -> None:
        if self.dockWidgetArea(self.jobs_dock) == Qt.DockWidgetArea.RightDockWidgetArea:
            self.resizeDocks([self.jobs_dock], [min(580, self.width() // 3)], Qt.Orientation.Horizontal)
        else:
            self.resizeDocks([self.jobs_dock], [min(240, self.height() // 3)], Qt.Orientation.Vertical)

    def _open_jobs_dock(self) -> None:
        self.jobs_dock.show()  # sized once shown (see _jobs_dock_visibility_changed)

    def _render_failed(self, message: str) -> None:
        self._sent_unasked = None
        file_dialogs.show_error(self, "The video could not be sent", message)

    # ------------------------------------------------------------------------------------ settings

    def open_settings(self) -> None:
        self.companions.ask_settings(self, self.context)

    def _auth_required(self, message: str) -> None:
        self.show_message(message)
        self.open_settings()

    # ------------------------------------------------------------------------------------ files & session

    def open_path(self, path: Path | str) -> bool:
        return self.files.open_path(path)

    def open_from_elsewhere(self, files: list[str]) -> None:
        """Files opened from the file manager (or a second start) while the app runs: to the front, then open."""
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()
        if not files:
            return
        if self.open_path(files[0]) and len(files) > 1:
            self.show_message(f"Opened {files[0]}. One storyboard is edited at a time; the other files were skipped.")

    def reopen_last_project(self) -> bool:
        """At start: open the storyboard that was open at the last quit, on the scene that was selected."""
        settings = self.context.settings
        path = settings.get("last_project")
        if not settings.get("reopen_last_project") or path is None or not Path(path).is_file():
            return False
        if not self.open_path(path):
            return False
        self._select_scene(min(int(settings.get("last_scene")), self.document.scene_count() - 1))
        return True

    def offer_recovery(self) -> bool:
        """Offer back work from a session that crashed; True when something was restored."""
        for session in find_crashed_sessions(self.recovery_dir(self.context)):
            if session.file == self.autosave.file:
                continue
            if file_dialogs.ask_restore_recovery(self, session.description()):
                self.document.replace_all(session.storyboard, session.original_path, saved=False)
                session.discard()
                self.autosave.save_now()
                self.show_message("Your unsaved work was restored. Save it to keep it.")
                return True
            session.discard()
        return False

    def _restore_geometry(self) -> None:
        saved = self.context.settings.get("window_geometry")
        if saved:
            self.restoreGeometry(QByteArray(base64.b64decode(saved)))
        else:
            self.resize(1280, 720)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            # Back in front: the balance may have changed (a render elsewhere, credits bought).
            self.context.connection.refresh_balance_if_stale()

    def closeEvent(self, event: QCloseEvent) -> None:
        followed = self.context.jobs.followed_renders()
        if followed and not file_dialogs.ask_quit_while_rendering(self, followed):
            event.ignore()
            return
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosave.finish_cleanly()
        try:
            geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
            self.context.settings.set("window_geometry", geometry)
            # Where the user was, for the next start (Settings › Reopen the last storyboard).
            self.context.settings.set("last_project", self.document.path)
            self.context.settings.set("last_scene", max(0, self.editor.row))
            self.context.settings.save()
        except (OSError, ValueError):
            pass  # losing the window size is not worth an error message on the way out
        self.thumbnails.shutdown()
        if self.video_player is not None:
            self.video_player.close()  # stops the video and lets go of its file
        if self.image_library_dialog is not None:
            self.image_library_dialog.shutdown()
        self.context.shutdown()
        event.accept()
