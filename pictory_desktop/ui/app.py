"""Start the desktop app: one QApplication, one context, one main window, files from the command line."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from ..qt.pyside_fixes import guard_against_emit_refcount_bug
from .main_window import APP_NAME, MainWindow


def run(files: list[str], *, context: Any | None = None) -> int:
    """Show the editor, offer back work from a crash, open ``files[0]``; returns the exit code."""
    guard_against_emit_refcount_bug()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("Pictory Desktop")
    if context is None:
        from ..qt.context import build_context

        context = build_context()
    window = MainWindow(context)
    window.show()
    start = getattr(context, "start", None)
    if start is not None:
        start()  # balance, and renders left running at the last quit are followed again
    for notice in getattr(context, "notices", []):
        window.show_message(notice)
    restored = window.offer_recovery()
    if files and restored:
        window.show_message(f"{files[0]} was not opened because your recovered work is open. Save it first.")
    elif files:
        window.open_path(files[0])
        if len(files) > 1:
            window.show_message(f"Opened {files[0]}. One storyboard is edited at a time; the other files were skipped.")
    return app.exec()
