"""``pictory-desktop --self-test``: start the real window, open the guide's example, say what it shows, quit.

Not in ``--help``: it is how CI proves that a built bundle starts on a machine with no Python (see
tests/bundle), and a support question ("does the app start at all here?") can use it too. It runs in sandbox
mode in a temporary folder of its own, so it never reads or changes the user's settings, history or key,
and never sends anything to Pictory. Exit 0 when the window shows the example's total; 1 when it does not.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from typing import TextIO

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from .. import __file__ as package_file
from ..domain.examples import EXAMPLES
from ..store import third_party
from ..store.keystore import ENV_VAR, KeyStore
from ..store.paths import HOME_OVERRIDE_ENV
from .app import application, open_window
from .help_menu import about_text

FLAG = "--self-test"
# The guide's example (the first of File › New from example): two AI images, 2 + 4 credits.
EXPECTED_TOTAL = "Total: 6 credits"
SETTLE_SECONDS = 30.0


def run_self_test(out: TextIO | None = None) -> int:
    home = tempfile.mkdtemp(prefix="pictory-self-test-")
    saved = {name: os.environ.get(name) for name in (HOME_OVERRIDE_ENV, ENV_VAR)}
    os.environ[HOME_OVERRIDE_ENV] = home
    os.environ.pop(ENV_VAR, None)  # no key: sandbox mode, nothing leaves this computer
    try:
        return _check(out or sys.stdout)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(home, ignore_errors=True)


def _check(out: TextIO) -> int:
    from ..qt.context import build_context

    app = application()
    context = build_context()
    window = open_window(app, [], context)
    balance = window.findChild(QLabel, "balanceLabel")
    total = window.findChild(QLabel, "totalCreditsLabel")
    assert balance is not None and total is not None
    started = time.monotonic()
    verdict = {"code": 1}

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    def look() -> None:
        example = EXAMPLES[0]
        action = next(a for a in window.findChildren(QAction) if a.text() == example.title)
        action.trigger()  # File › New from example, as a user would
        shown = total.text()
        say(f"program: {sys.executable}")
        say(f"code: {os.path.dirname(package_file)}")
        say(f"window: {window.windowTitle()}")
        say(f"example: {example.title}")
        say(f"total: {shown}")
        say(f"balance: {balance.text()}")
        say(f"version: {app.applicationName()} {app.applicationVersion()}")
        say(f"desktop id: {app.desktopFileName()}")
        sizes = sorted({s.width() for s in app.windowIcon().availableSizes()})
        say(f"icon sizes: {' '.join(str(s) for s in sizes) or 'none'}")
        status = KeyStore().keyring_status()
        say(
            f"keyring: {status.backend_name if status.available else 'none'}"
            + (f" ({status.reason})" if status.reason else "")
        )
        about = about_text()
        listed = [c.name for c in third_party.runtime_components() if c.name in about]
        say(f"about lists: {', '.join(listed) or 'nothing'}")
        bundled = third_party.bundled_licences_file()
        say(f"licence file: {bundled if bundled is not None else 'none (not a bundle)'}")
        verdict["code"] = 0 if shown == EXPECTED_TOTAL else 1
        window.close()
        app.exit(verdict["code"])

    def tick() -> None:
        # Settled once the start's balance request has been answered by the in-process sandbox (or failed).
        if balance.text() not in ("", "Balance: checking…") or time.monotonic() - started > SETTLE_SECONDS:
            timer.stop()
            look()

    timer = QTimer(window)
    timer.setInterval(50)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    return verdict["code"]
