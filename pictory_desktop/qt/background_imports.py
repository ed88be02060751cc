"""Import slow modules on a background thread, then call back on the GUI thread.

``requests`` and the sandbox's HTTP server take ~150 ms to import. Imported on the GUI thread right after
the first frame, they would leave the new window deaf to the user's first clicks and keys for that long;
imported here, the event loop keeps turning (the GIL is handed over every few milliseconds) and the GUI
thread later finds them already loaded.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class BackgroundImports(QObject):
    _imported = Signal()  # emitted on the background thread, delivered on the GUI thread (queued)

    def __init__(self, modules: Sequence[str], then: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._modules = tuple(modules)
        self._then = then
        self._imported.connect(self._deliver)

    def start(self) -> None:
        threading.Thread(target=self._import_all, name="background-imports", daemon=True).start()

    def _import_all(self) -> None:
        for name in self._modules:
            try:
                importlib.import_module(name)
            except Exception as error:  # noqa: BLE001 - the GUI thread imports it again where it is used,
                # and reports a failure there with the context the user needs; nothing is lost here.
                log.debug("background import of %s failed: %s", name, type(error).__name__)
        self._imported.emit()

    @Slot()
    def _deliver(self) -> None:
        self._then()
