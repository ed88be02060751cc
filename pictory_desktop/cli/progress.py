"""Progress lines that update in place on a terminal and stay readable in a log file."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressLine:
    def __init__(self, out: TextIO = sys.stderr) -> None:
        self._out = out
        self._tty = out.isatty()
        self._last = ""

    def show(self, text: str) -> None:
        if text == self._last:
            return
        self._last = text
        if self._tty:
            self._out.write("\r\033[K" + text)
        else:
            self._out.write(text + "\n")
        self._out.flush()

    def done(self, text: str | None = None, result_out: TextIO | None = None) -> None:
        """Clear the progress line; print the outcome on standard output, where scripts read results."""
        if self._tty and self._last:
            self._out.write("\r\033[K")
        self._out.flush()
        if text:
            print(text, file=result_out or sys.stdout, flush=True)
        self._last = ""


def bytes_label(count: int) -> str:
    return f"{count / 1_048_576:.1f} MB" if count >= 1_048_576 else f"{count / 1024:.0f} KB"
