"""Small pieces of form layout that several panels share."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget


def field_with_button(parent: QWidget, field: QWidget, button: QWidget) -> QWidget:
    """One form row: a field (or label) that takes the width, and a button beside it."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row
