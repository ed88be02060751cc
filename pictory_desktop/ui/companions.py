"""The parts of the window another module owns (jobs panel, sandbox banner, render and settings dialogs),
gathered in one replaceable bundle so tests can build the editor around a small fake context.

The real panels and dialogs need the whole ``AppContext``; the window is typed against the smaller
``WindowContext`` that test fakes satisfy too, so the defaults here check which one they were given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..domain.storyboard import Storyboard
from ..qt.services import WindowContext
from .render_question import RenderQuestion

if TYPE_CHECKING:
    from ..qt.context import AppContext


def _app_context(context: WindowContext) -> AppContext:
    from ..qt.context import AppContext

    if not isinstance(context, AppContext):
        raise TypeError("The real Jobs panel, banner and Settings dialog need the app's own context.")
    return context


def _jobs_panel(context: WindowContext, parent: QWidget) -> QWidget:
    from .jobs_panel import JobsPanel

    return JobsPanel(_app_context(context), parent)


def _sandbox_banner(context: WindowContext, parent: QWidget) -> QWidget:
    from .sandbox_banner import SandboxBanner

    return SandboxBanner(_app_context(context), parent)


def _ask_render(parent: QWidget, question: RenderQuestion) -> bool:
    from .render_dialog import RenderConfirmDialog

    return RenderConfirmDialog.ask(parent, question)


def _ask_settings(parent: QWidget, context: WindowContext) -> None:
    from .settings_dialog import SettingsDialog

    SettingsDialog.ask(parent, _app_context(context))


def _open_batch(
    parent: QWidget, context: WindowContext, template: Storyboard, path: Path | None, show_jobs: Callable[[], None]
) -> None:
    from .batch_dialog import BatchDialog

    dialog = BatchDialog(parent, _app_context(context), template, template_path=path, show_jobs=show_jobs)
    dialog.exec()
    dialog.deleteLater()


@dataclass(frozen=True)
class Companions:
    jobs_panel: Callable[[WindowContext, QWidget], QWidget] = _jobs_panel
    sandbox_banner: Callable[[WindowContext, QWidget], QWidget] = _sandbox_banner
    # Show the cost and ask; True only when the user chose to render.
    ask_render: Callable[[QWidget, RenderQuestion], bool] = _ask_render
    ask_settings: Callable[[QWidget, WindowContext], None] = _ask_settings
    # File › New batch from CSV…: the template, its file, and how to show the Jobs panel once rows are sent.
    open_batch: Callable[[QWidget, WindowContext, Storyboard, Path | None, Callable[[], None]], None] = _open_batch
