"""Do the slow preparation for the first network request on a background thread, then call back on the
GUI thread.

``requests`` and the sandbox's HTTP server take ~150 ms to import, and in Pictory mode the keyring takes
~150 ms more to load and find its backend before it answers over D-Bus (longer if it asks the user to
unlock it). Done on the GUI thread right after the first frame, that would leave the new window deaf to the
user's first clicks and keys; done here, the event loop keeps turning (the GIL is handed over every few
milliseconds) and the GUI thread later finds it all ready.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

Step = Callable[[], object]


def importing(name: str) -> Step:
    return lambda: importlib.import_module(name)


class WarmUp(QObject):
    _done = Signal()  # emitted on the background thread, delivered on the GUI thread (queued)

    def __init__(self, steps: Sequence[Step], then: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = tuple(steps)
        self._then = then
        self._done.connect(self._deliver)

    def start(self) -> None:
        threading.Thread(target=self._run, name="warm-up", daemon=True).start()

    def _run(self) -> None:
        for step in self._steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - the GUI thread does the same work again where it is
                # needed, and reports a failure there with the context the user needs; nothing is lost here.
                log.debug("warm-up step failed: %s", type(error).__name__)
        self._done.emit()

    @Slot()
    def _deliver(self) -> None:
        self._then()
