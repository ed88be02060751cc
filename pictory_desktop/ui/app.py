"""Start the desktop app: one QApplication, one context, one main window, files from the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .. import DESKTOP_ID, __version__
from ..qt import single_instance
from ..qt.warm_up import WarmUp
from ..store.paths import AppPaths

if TYPE_CHECKING:
    from ..qt.context import AppContext
from . import theme
from .main_window import APP_NAME, MainWindow

ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


class _FirstPaintWatcher(QObject):
    """Calls back once, just after ``widget`` has painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # A zero timer runs after this paint pass (the window's children paint in the same pass).
            QTimer.singleShot(0, self._callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    _FirstPaintWatcher(widget, callback)


def app_icon() -> QIcon:
    """The icon in every size scripts/make-icons rendered; Qt picks the one a title bar or task bar needs."""
    icon = QIcon()
    folder = resources.files("pictory_desktop.resources.icons")
    for size in ICON_SIZES:
        icon.addFile(str(folder.joinpath(f"pictory-desktop-{size}.png")))
    return icon


def application() -> QApplication:
    """The QApplication, named as the desktop knows the app: its window icon, its .desktop id, its version."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    # The package's version: pyproject.toml reads it from __version__, so the metadata (which About shows,
    # through store/third_party.app_version) says the same, without importlib.metadata's ~20 ms at start.
    app.setApplicationVersion(__version__)
    # Qt keeps nothing under these names (settings live where store/paths.py says), so they are free to say
    # who makes the app; the organisation name stays what it always was.
    app.setOrganizationName("Pictory Desktop")
    app.setOrganizationDomain("pictorydesktop.github.io")
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to the .desktop file (and its icon) by this
    app.setWindowIcon(app_icon())  # every top-level window and dialog takes it
    return app


class _FileOpenHandler(QObject):
    """macOS sends a file opened in the Finder to the running app as an event, not as a second start."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(event, QFileOpenEvent) and event.file():
            self._window.open_from_elsewhere([event.file()])
            return True
        return False


def run(files: list[str], *, context: AppContext | None = None) -> int:
    """Show the editor, offer back work from a crash, open ``files[0]``; returns the exit code.

    When the app already runs for this user, hand ``files`` to it instead and return 0 at once.
    """
    app = application()
    paths = context.paths if context is not None else AppPaths.from_environment()
    server = single_instance.claim(paths, files)
    if server is None:
        return 0  # the running window opens the files and comes to the front
    if context is None:
        from ..qt.context import build_context

        context = build_context()
    window = open_window(app, files, context)
    server.setParent(window)
    server.filesReceived.connect(window.open_from_elsewhere)
    _FileOpenHandler(app, window)
    return app.exec()


def open_window(app: QApplication, files: list[str], context: AppContext) -> MainWindow:
    """The main window, shown, with the start-up work after its first paint and the files or the last project."""
    choice = context.settings.get("theme")
    if choice != "system":  # the system's own look needs nothing done
        theme.apply_theme(app, choice)
    window = MainWindow(context)
    window.show()
    start = getattr(context, "start", None)

    def start_connection() -> None:
        if start is not None:
            for notice in start() or []:
                window.show_message(notice)
        window.connection_started()

    # Once the window has painted: the hidden Jobs panel, then (their modules imported and the key read on
    # a background thread, so the window answers the user meanwhile) the sandbox, the network stack and the
    # balance request. None of them is needed for the first frame, and the user sees the window sooner.
    def finish_startup() -> None:
        window.finish_startup()
        steps = context.warm_up_steps() if hasattr(context, "warm_up_steps") else []
        WarmUp(steps, then=start_connection, parent=window).start()

    after_first_paint(window, finish_startup)
    for notice in getattr(context, "notices", []):
        window.show_message(notice)
    restored = window.offer_recovery()
    if files and restored:
        window.show_message(f"{files[0]} was not opened because your recovered work is open. Save it first.")
    elif not files and not restored:
        window.reopen_last_project()
    elif files:
        window.open_path(files[0])
        if len(files) > 1:
            window.show_message(f"Opened {files[0]}. One storyboard is edited at a time; the other files were skipped.")
    return window
