"""Colours for states (error, warning, muted) that stay readable in light and dark system themes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


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
    palette = widget.palette()
    roles = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text)
    if explicit and all(palette.color(role) == colour for role in roles):
        return
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)
