"""Colours for states (error, warning, muted) that stay readable in light and dark system themes."""

from __future__ import annotations

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
    """Colour a label's text through its palette (style sheets would fight the system theme); None resets."""
    if colour is None:
        widget.setPalette(QPalette())
        return
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    palette.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(palette)
