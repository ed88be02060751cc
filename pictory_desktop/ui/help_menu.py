"""The Help menu: getting started, keyboard shortcuts, where to get an API key, and About."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from ..store import third_party
from . import file_dialogs

API_KEY_PAGE = "https://app.pictory.ai/api-access"  # Pictory's "API Subscription" page, where the key is shown

GETTING_STARTED = (
    "<ol>"
    "<li><b>Try it for free.</b> Without a key the app uses the sandbox on this computer: renders are made with "
    "pretend credits and nothing is sent to Pictory.</li>"
    "<li><b>Start a storyboard.</b> File › New from example opens a ready-made one; File › Open opens any "
    "Pictory storyboard file; or write your first scene's story.</li>"
    "<li><b>Choose each scene's background.</b> For an AI image pick a model and a style: each says what it "
    "costs. Leave the prompt empty to let Pictory write one from the story.</li>"
    "<li><b>Watch the totals.</b> The bottom bar shows the credits for the video and what your balance will be "
    "after the render. Fix anything marked as an error; tips can be dismissed.</li>"
    "<li><b>Render.</b> The confirmation lists the cost of every scene. The Jobs panel follows the render and "
    "downloads the video. Ready for real videos? File › Settings, paste your Pictory API key, press Test.</li>"
    "</ol>"
)

LICENCE = (
    "Pictory Desktop is free software under the MIT licence. Pictory is a trademark of its owners; this app is "
    "not made by Pictory."
)


def about_text() -> str:
    """Help › About: the version, the app's licence, and every runtime dependency with its licence."""
    components = third_party.runtime_components()
    rows = "".join(
        f"<li>{html.escape(c.name)} {html.escape(c.version)} — {html.escape(c.licence)}"
        + (" (used under the LGPL version 3)" if third_party.is_qt(c) else "")
        + "</li>"
        for c in components
    )
    notes = "".join(f"<p>{html.escape(note)}</p>" for note in third_party.notes(components))
    bundled = third_party.bundled_licences_file()
    where = (
        f"The full licence texts are in {html.escape(str(bundled))}, and under Licence texts."
        if bundled is not None
        else "The full licence texts are under Licence texts."
    )
    return (
        f"<p><b>Pictory Desktop {html.escape(third_party.app_version())}</b></p>"
        "<p>Make short AI videos with Pictory's API by pointing and clicking.</p>"
        f"<p>{html.escape(LICENCE)}</p>"
        f"<p>It runs on:</p><ul>{rows}</ul>{notes}<p>{where}</p>"
    )


def licence_texts() -> str:
    """The bundle's THIRD-PARTY-LICENSES, or the same text made from the installed packages."""
    bundled = third_party.bundled_licences_file()
    if bundled is not None:
        try:
            return bundled.read_text("utf-8")
        except OSError:
            pass
    return third_party.licences_text()


def build_help_menu(
    window: QWidget,
    menu: QMenu,
    actions: Callable[[], Iterable[QAction]],
    open_url: Callable[[QUrl], bool],
) -> None:
    """Fill ``menu``; ``actions`` lists the window's actions for the shortcuts page."""

    def add(text: str, slot: Callable[[], None], tip: str) -> None:
        action = menu.addAction(text)
        action.setStatusTip(tip)
        action.triggered.connect(slot)

    def getting_started() -> None:
        file_dialogs.show_info(window, "Getting started", GETTING_STARTED)

    def shortcuts() -> None:
        rows: set[str] = set()
        for action in actions():
            keys = ", ".join(k.toString() for k in action.shortcuts() if not k.isEmpty())
            name = action.text().replace("&", "").rstrip("…").strip()
            if keys and name:
                rows.add(f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(keys)}</b></td></tr>")
        file_dialogs.show_info(window, "Keyboard shortcuts", f"<table cellpadding='3'>{''.join(sorted(rows))}</table>")

    def api_key_page() -> None:
        if not open_url(QUrl(API_KEY_PAGE)):
            message = (
                "This computer could not open a web browser. Pictory shows your API key on its API Subscription "
                f"page:\n\n{API_KEY_PAGE}\n\nCopy the link to open it in a browser yourself."
            )
            if file_dialogs.offer_copy(window, "Could not open the page", message):
                QGuiApplication.clipboard().setText(API_KEY_PAGE)

    def about() -> None:
        file_dialogs.show_info(window, "About Pictory Desktop", about_text(), details=licence_texts())

    add("&Getting started", getting_started, "The five steps from an empty window to a video.")
    add("&Keyboard shortcuts", shortcuts, "Every shortcut the window knows.")
    add("Where to get a Pictory API ke&y", api_key_page, "Opens Pictory's API Subscription page in your browser.")
    menu.addSeparator()
    add("&About Pictory Desktop", about, "Version and licences.")
