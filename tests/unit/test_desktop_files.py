"""The Linux menu entry and AppStream metadata: valid by the freedesktop tools, and naming the app one way."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pictory_desktop import DESKTOP_ID, __version__

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"
DESKTOP = LINUX / f"{DESKTOP_ID}.desktop"
METAINFO = LINUX / f"{DESKTOP_ID}.metainfo.xml"


def tool(name: str) -> str:
    """The validator's path; CI installs it (scripts/test), elsewhere its absence skips the check."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name} is missing: scripts/test installs it on Debian and Ubuntu.")
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils, appstream).")
    return found


def entry() -> dict[str, str]:
    lines = DESKTOP.read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_menu_entry_is_valid():
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_appstream_metadata_is_valid_with_no_warning():
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Errors and warnings fail; infos (such as an older appstreamcli not knowing <developer>) may stay.
    assert not [line for line in result.stdout.splitlines() if line.startswith(("E:", "W:"))], result.stdout


def test_the_entry_names_the_app_its_icon_and_takes_the_file_it_opens():
    fields = entry()
    assert fields["Name"] == "Pictory Desktop" and fields["Type"] == "Application"
    assert fields["Icon"] == DESKTOP_ID  # installed as hicolor/<size>/apps/<id>.png by install.sh
    assert fields["Exec"].endswith(" %f")  # the file manager's file goes to the (running) app
    # Storyboards are plain .json: claiming application/json would take over every JSON file.
    assert "MimeType" not in fields


def test_the_metadata_describes_this_version_with_the_same_id():
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == DESKTOP_ID
    assert component.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert component.findtext("project_license") == "MIT"
    releases = [release.get("version") for release in component.iter("release")]
    assert releases[0] == __version__  # a release adds its <release> line first
