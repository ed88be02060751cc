"""What this installation of the app carries: its version and the licences of everything it runs on.

Help › About lists the runtime dependencies from the installed packages' metadata, the same way in a
developer's virtualenv and in the bundle (the bundle's spec copies each one's metadata in). The bundle
also carries ``THIRD-PARTY-LICENSES``, the full texts, written at build time by ``licences_text``; the
dependencies are found by walking the app's own requirements, so a new one (PyAV for drafts, say) is
listed without an edit here.
"""

from __future__ import annotations

import re
import sys
import sysconfig
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib import metadata

# importlib.metadata is imported where it is used: with the email package it brings, it costs ~20 ms,
# which the first frame does not pay (tests/gui/test_startup_imports.py).

DISTRIBUTION = "pictory-desktop"
BUNDLED_FILE_NAME = "THIRD-PARTY-LICENSES"

QT_SOURCE = "https://code.qt.io (Qt) and https://download.qt.io/official_releases/QtForPython/ (Qt for Python)"

_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)


def app_version() -> str:
    """The installed package's version; the module's own when there is no metadata (an odd freeze)."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str  # the SPDX expression or the name the package gives
    url: str
    texts: tuple[tuple[str, str], ...]  # (file name, text) of the licence files the package ships


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(dist: metadata.Distribution, name: str) -> str:
    values = dist.metadata.get_all(name)
    return str(values[0]) if values else ""


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    declared = _field(dist, "License").strip()
    if declared and "\n" not in declared and len(declared) <= 80:
        return declared
    classifiers = [
        c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return " / ".join(classifiers) or "see its licence text"


def _url_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    return _field(dist, "Home-page").strip()


def _texts_of(dist: metadata.Distribution) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for file in dist.files or []:
        parts = file.parts
        if not parts or not parts[0].endswith(".dist-info") or not _LICENCE_FILE.search(file.name):
            continue
        if "__pycache__" in parts or file.suffix in (".pyc", ".py"):
            continue  # PyAV ships AUTHORS.py in its licences folder, and Python compiles it there
        try:
            data = file.read_binary()
        except OSError:
            continue
        if not data or b"\0" in data:
            continue  # not a text
        found.append((file.name, data.decode("utf-8", errors="replace")))
    return tuple(found)


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    names: list[str] = []
    for requirement in dist.requires or []:
        requirement_part, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue  # an optional extra (tests, docs): not something the app runs on
        match = _REQUIREMENT_NAME.match(requirement_part)
        if match:
            names.append(match.group(1))
    return names


def runtime_components() -> list[Component]:
    """Every installed package the app needs to run, found from its requirements, sorted by name.

    A requirement for another platform is simply not installed here and so not listed; environment markers
    are not evaluated beyond that (the runtime has no ``packaging`` library).
    """
    from importlib import metadata

    try:
        root = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return []
    seen: dict[str, Component] = {}
    pending = _runtime_requirements(root)
    while pending:
        name = pending.pop()
        if _normalise(name) in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[_normalise(name)] = Component(
            name=_field(dist, "Name") or name,
            version=dist.version,
            licence=_licence_of(dist),
            url=_url_of(dist),
            texts=_texts_of(dist),
        )
        pending.extend(_runtime_requirements(dist))
    return sorted(seen.values(), key=lambda c: c.name.lower())


def is_qt(component: Component) -> bool:
    return _normalise(component.name) in ("pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6")


PYAV_FFMPEG_SOURCE = "https://github.com/PyAV-Org/pyav-ffmpeg"


def _bundled_licence(name: str) -> str:
    return resources.files("pictory_desktop.resources.licenses").joinpath(name).read_text("utf-8")


def _python_licence() -> str:
    for folder in (Path(sysconfig.get_paths()["stdlib"]), Path(sys.base_prefix)):
        candidate = folder / "LICENSE.txt"
        if candidate.is_file():
            return candidate.read_text("utf-8", errors="replace")
    return "The Python Software Foundation License: https://docs.python.org/3/license.html\n"


def notes(components: list[Component]) -> list[str]:
    """Sentences about what the bundle carries beyond Python packages: Qt, its FFmpeg, Python itself."""
    names = {_normalise(c.name) for c in components}
    found = [
        f"Python {sys.version.split()[0]}, the interpreter inside the bundle, under the PSF License Agreement "
        "(text below).",
    ]
    if names & {"pyside6-essentials", "pyside6"}:
        found.append(
            "Qt 6 and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public License "
            f"version 3 (texts below). Their source code: {QT_SOURCE}. The bundle keeps the Qt libraries as "
            "separate files, so you can replace them with your own build. Qt includes third-party code (ICU, "
            "HarfBuzz, FreeType, libpng, zlib, PCRE2 and others) under their own permissive licences: "
            "https://doc.qt.io/qt-6/licenses-used-in-qt.html."
        )
    if "pyside6-addons" in names:
        found.append(
            "Qt Multimedia plays sound through the FFmpeg libraries (libavcodec, libavformat, libavutil, "
            "libswresample, libswscale) that PySide6-Addons ships, built by The Qt Company under the GNU Lesser "
            "General Public License version 2.1 or later (text below); FFmpeg's source: https://ffmpeg.org."
        )
    if "av" in names:
        found.append(
            "The free draft video is encoded with PyAV (BSD-3-Clause) and the FFmpeg libraries its wheel carries "
            f"({PYAV_FFMPEG_SOURCE}). That FFmpeg (LGPL version 3 or later as configured) is built with libx264 and "
            "libx265, which are under the GNU General Public License version 2 or later (text below), so those "
            "libraries together are distributed under the GNU General Public License version 3 or later (text "
            "below); Pictory Desktop's own code stays MIT, which the GPL allows. Their source: https://ffmpeg.org, "
            "https://code.videolan.org/videolan/x264, https://bitbucket.org/multicoreware/x265_git, and the build "
            "scripts above."
        )
    found.append(
        "Python's ssl module uses OpenSSL, under the Apache License 2.0: https://www.openssl.org/source/license.html."
    )
    return found


def licences_text() -> str:
    """The full ``THIRD-PARTY-LICENSES`` file: a summary, then every licence text."""
    components = runtime_components()
    lines = [
        f"Pictory Desktop {app_version()} is free software under the MIT licence.",
        "It carries the following third-party software.",
        "",
        *notes(components),
        "",
        "Python packages:",
    ]
    lines += [f"  {c.name} {c.version} — {c.licence}" + (f" — {c.url}" if c.url else "") for c in components]
    sections: list[tuple[str, str]] = [("Python", _python_licence())]
    for component in components:
        for file_name, text in component.texts:
            sections.append((f"{component.name} {component.version}: {file_name}", text))
    if any(is_qt(c) for c in components):
        sections.append(("GNU Lesser General Public License version 3 (Qt, PySide6)", _bundled_licence("LGPL-3.0.txt")))
        sections.append(
            ("GNU General Public License version 3 (which the LGPL v3 adds to)", _bundled_licence("GPL-3.0.txt"))
        )
        sections.append(
            (
                "GNU Lesser General Public License version 2.1 (FFmpeg in Qt Multimedia)",
                _bundled_licence("LGPL-2.1.txt"),
            )
        )
    if any(_normalise(c.name) == "av" for c in components):
        sections.append(
            ("GNU General Public License version 2 (x264 and x265 in PyAV's FFmpeg)", _bundled_licence("GPL-2.0.txt"))
        )
    rule = "=" * 100
    for title, text in sections:
        lines += ["", rule, title, rule, "", text.rstrip()]
    return "\n".join(lines) + "\n"


def bundled_licences_file() -> Path | None:
    """``THIRD-PARTY-LICENSES`` inside a PyInstaller bundle; None when running from a virtualenv."""
    base = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or base is None:
        return None
    candidate = Path(base) / BUNDLED_FILE_NAME
    return candidate if candidate.is_file() else None
