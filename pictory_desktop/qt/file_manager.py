"""Show a file in the system's file manager with the file selected ("Show in folder"), where the system offers it.

Opening the folder alone leaves a marketer looking for "Autumn launch (draft).mp4" among forty videos. Each
system has its own way to select a file:

* Linux and other freedesktop systems: the file manager's D-Bus interface, ``org.freedesktop.FileManager1
  .ShowItems`` (Files/Nautilus, Dolphin, Nemo, Caja, Thunar, PCManFM-Qt answer it), on the session bus;
* macOS: ``open -R``;
* Windows: ``explorer /select,``.

``show_file`` runs the caller's ``otherwise`` when none of that worked (no session bus, no file manager
registered, the command could not start): the caller then opens the folder, as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl

FILE_MANAGER = "org.freedesktop.FileManager1"
FILE_MANAGER_PATH = "/org/freedesktop/FileManager1"
CALL_TIMEOUT_MS = 10_000  # D-Bus may start the file manager for the call (not waited for: it answers later)


def show_file(path: Path, otherwise: Callable[[], None]) -> None:
    """Ask the system to show ``path`` selected in its folder; ``otherwise()`` runs (on the GUI thread) when it
    could not be asked or said no. The D-Bus call does not wait: a file manager may take seconds to start."""
    if not path.exists():
        otherwise()
        return
    if sys.platform == "darwin":
        started = QProcess.startDetached("open", ["-R", str(path)])[0]
    elif sys.platform.startswith("win"):
        started = QProcess.startDetached("explorer", [f"/select,{path}"])[0]
    else:
        started = _show_on_dbus(path, otherwise)
    if not started:
        otherwise()


def _show_on_dbus(path: Path, otherwise: Callable[[], None]) -> bool:
    """False when there is no bus to ask; else True, and ``otherwise`` runs if the file manager's answer is an
    error (no file manager registered, or it failed)."""
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
    except ImportError:  # a Qt built without D-Bus
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    call = QDBusMessage.createMethodCall(FILE_MANAGER, FILE_MANAGER_PATH, FILE_MANAGER, "ShowItems")
    call.setArguments([[QUrl.fromLocalFile(str(path)).toString()], ""])
    watcher = QDBusPendingCallWatcher(bus.asyncCall(call, CALL_TIMEOUT_MS))

    def answered(finished: QDBusPendingCallWatcher) -> None:
        if finished.isError():
            otherwise()
        _pending.discard(finished)
        finished.deleteLater()

    watcher.finished.connect(answered)
    _pending.add(watcher)  # kept alive until it answers
    return True


_pending: set[object] = set()
