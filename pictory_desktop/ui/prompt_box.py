"""The prompt field with its live "n/250" counter: warns near the limit, red past it, never cuts text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..domain.text import utf16_length
from . import theme
from .text_inputs import DocumentTextEdit

NEAR_LIMIT_SHARE = 0.9
EMPTY_PROMPT_HINT = "Empty: Pictory will write a prompt from this scene's story."


def counter_state(length: int, limit: int) -> str:
    """ "over", "near" or "ok": the counter's colour."""
    if length > limit:
        return "over"
    if length >= int(limit * NEAR_LIMIT_SHARE):
        return "near"
    return "ok"


class PromptBox(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DocumentTextEdit(self, preferred_lines=3)
        self.edit.setObjectName("promptEdit")
        self.edit.setAccessibleName("promptEdit")
        self.edit.setPlaceholderText(EMPTY_PROMPT_HINT)
        self.edit.setToolTip(
            "Describe the picture: setting, key elements, lighting and mood. Say what you want, not what "
            "you don't want. Leave empty to let Pictory write a prompt from the story."
        )
        self.counter = QLabel(self)
        self.counter.setObjectName("promptCounter")
        self.counter.setAccessibleName("promptCounter")
        self.hint = QLabel(EMPTY_PROMPT_HINT, self)
        self.hint.setObjectName("promptEmptyHint")
        self.hint.setWordWrap(True)
        theme.set_text_colour(self.hint, theme.muted_colour(self))

        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(self.hint, 1)
        footer.addStretch(0)
        footer.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addLayout(footer)

    def show_count(self, text: str, limit: int) -> None:
        length = utf16_length(text)
        # Said only when the prompt has a character that counts as 2; on plain text it only puzzled people.
        emoji = " Emoji count as 2." if length > len(text) else ""
        self.counter.setText(f"{length}/{limit}")
        state = counter_state(length, limit)
        if state == "over":
            theme.set_text_colour(self.counter, theme.error_colour(self))
            self.counter.setToolTip(
                f"{length - limit} characters over the limit; Pictory would reject this prompt.{emoji}"
            )
        elif state == "near":
            theme.set_text_colour(self.counter, theme.warning_colour(self))
            self.counter.setToolTip(f"Nearly at the limit: {limit - length} characters left.{emoji}")
        else:
            theme.set_text_colour(self.counter, None)
            self.counter.setToolTip(f"{limit - length} characters left.{emoji}")
        self.counter.setProperty("state", state)
        self.hint.setVisible(not text.strip())
