"""What the app says it runs on and under which licences: read from the installed packages, never typed."""

from __future__ import annotations

from importlib import metadata

from pictory_desktop import __version__
from pictory_desktop.store import third_party


def test_the_version_is_the_installed_packages_which_is_the_modules():
    assert third_party.app_version() == metadata.version("pictory-desktop") == __version__


def test_the_runtime_dependencies_are_found_from_the_requirements_and_not_the_test_tools():
    names = {c.name.lower().replace("_", "-") for c in third_party.runtime_components()}
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "requests", "keyring", "urllib3", "certifi"} <= names
    assert not names & {"pytest", "pytest-qt", "hypothesis", "ruff", "pyright"}  # the [test] extra is not shipped


def test_each_dependency_says_its_licence():
    components = {c.name.lower(): c for c in third_party.runtime_components()}
    assert components["requests"].licence == "Apache-2.0"
    assert components["keyring"].licence == "MIT"
    assert "LGPL-3.0" in components["pyside6_essentials"].licence


def test_the_licence_file_has_every_text_the_bundle_needs():
    text = third_party.licences_text()
    assert text.startswith(f"Pictory Desktop {__version__} is free software under the MIT licence.")
    for component in third_party.runtime_components():
        assert f"  {component.name} {component.version} — {component.licence}" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in text
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007" in text  # LGPL v3 extends it
    assert "Version 2.1, February 1999" in text  # FFmpeg in Qt Multimedia
    assert "https://code.qt.io" in text and "https://download.qt.io/official_releases/QtForPython/" in text
    assert "Apache License" in text and "Version 2.0, January 2004" in text  # requests' own LICENSE file
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text


def test_outside_a_bundle_there_is_no_bundled_licence_file():
    assert third_party.bundled_licences_file() is None


def test_the_draft_videos_encoder_and_its_gpl_parts_are_named_with_their_texts():
    components = {c.name.lower(): c for c in third_party.runtime_components()}
    assert "av" in components and "BSD" in components["av"].licence
    text = third_party.licences_text()
    assert "libx264 and libx265, which are under the GNU General Public License version 2 or later" in text
    assert "distributed under the GNU General Public License version 3 or later" in text
    assert "GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991" in text
    assert third_party.PYAV_FFMPEG_SOURCE in text
    assert "AUTHORS.cpython" not in text  # the compiled copy of PyAV's AUTHORS.py is not a licence
