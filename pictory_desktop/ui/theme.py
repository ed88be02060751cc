"""Colours for states (error, warning, muted) that stay readable in light and dark system themes."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[tuple[ThemeChoice, str], ...] = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
_DARK = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#2b2d31",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#3a3c41",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3d6ecf",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#3a3c41",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8a8d93",
}
_DARK_DISABLED_TEXT = "#7a7d83"
_system_palette: QPalette | None = None  # what the platform gave at start, for "System"
_system_style = ""


def apply_theme(app: QApplication, choice: ThemeChoice) -> None:
    """Light, dark, or whatever the system uses. Light and dark use Fusion, which follows a palette fully."""
    global _system_palette, _system_style
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
        _system_style = app.style().name()
    if choice == "system":
        app.setStyle(_system_style)
        app.setPalette(_system_palette)
        return
    app.setStyle("Fusion")
    palette = QPalette(app.style().standardPalette())
    if choice == "dark":
        for role, colour in _DARK.items():
            palette.setColor(role, QColor(colour))
        # setColor sets every group, so a disabled button would read like an enabled one: mute them again.
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED_TEXT))
    app.setPalette(palette)


def is_dark(widget: QWidget) -> bool:
    # The application's palette, not the widget's: a label coloured earlier carries a copy of the old one.
    return QApplication.palette(widget).color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(widget: QWidget) -> QColor:
    return QColor("#ff7b72") if is_dark(widget) else QColor("#b3261e")


def warning_colour(widget: QWidget) -> QColor:
    return QColor("#e3b341") if is_dark(widget) else QColor("#8a5a00")


def advice_colour(widget: QWidget) -> QColor:
    return QColor("#79c0ff") if is_dark(widget) else QColor("#0b5cad")


def muted_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


def set_text_colour(widget: QWidget, colour: QColor | None) -> None:
    """Colour a label's text through its palette (style sheets would fight the system theme); None resets.

    Called on every keystroke (the prompt counter): setting a palette, even an equal one, makes Qt re-polish
    and repaint the whole form around the label, so an unchanged colour is left alone.
    """
    explicit = widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
    if colour is None:
        if explicit:
            widget.setPalette(QPalette())
        return
    roles = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text)
    if explicit and all(widget.palette().color(role) == colour for role in roles):
        return
    palette = QPalette(QApplication.palette(widget))  # from the current theme, not the widget's old copy
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)
