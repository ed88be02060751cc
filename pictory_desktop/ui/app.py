"""Start the desktop app: one QApplication, one context, one main window, files from the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ..qt.warm_up import WarmUp

if TYPE_CHECKING:
    from ..qt.context import AppContext
from . import theme
from .main_window import APP_NAME, MainWindow


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


def run(files: list[str], *, context: AppContext | None = None) -> int:
    """Show the editor, offer back work from a crash, open ``files[0]``; returns the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Pictory Desktop")
    if context is None:
        from ..qt.context import build_context

        context = build_context()
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
    return app.exec()
