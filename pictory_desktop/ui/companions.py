"""The parts of the window another module owns (jobs panel, sandbox banner, render and settings dialogs),
gathered in one replaceable bundle so tests can build the editor around a small fake context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget


def _jobs_panel(context: Any, parent: QWidget) -> QWidget:
    from .jobs_panel import JobsPanel

    return JobsPanel(context, parent)


def _sandbox_banner(context: Any, parent: QWidget) -> QWidget:
    from .sandbox_banner import SandboxBanner

    return SandboxBanner(context, parent)


def _ask_render(parent: QWidget, **details: Any) -> bool:
    from .render_dialog import RenderConfirmDialog

    return RenderConfirmDialog.ask(parent, **details)


def _ask_settings(parent: QWidget, context: Any) -> None:
    from .settings_dialog import SettingsDialog

    SettingsDialog.ask(parent, context)


@dataclass(frozen=True)
class Companions:
    jobs_panel: Callable[[Any, QWidget], QWidget] = _jobs_panel
    sandbox_banner: Callable[[Any, QWidget], QWidget] = _sandbox_banner
    # keyword arguments: storyboard, estimate, balance, catalog, sandbox
    ask_render: Callable[..., bool] = _ask_render
    ask_settings: Callable[[QWidget, Any], None] = _ask_settings
