"""A non-editable install carries the catalog and the sandbox media, and works away from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "tests" / "unit" / "data" / "guide_example.json"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("pictory_desktop-*.whl")
    return built


def test_the_wheel_contains_the_catalog_the_field_list_and_sandbox_media(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "pictory_desktop/resources/catalog.json",
        "pictory_desktop/resources/fields.json",
        "pictory_desktop/resources/examples/ai-background-images-guide.json",
        "pictory_desktop/resources/examples/coffee-autumn-launch.json",
        "pictory_desktop/resources/sandbox/video.mp4",
        "pictory_desktop/resources/sandbox/thumbnail.jpg",
        "pictory_desktop/resources/icons/pictory-desktop.svg",
        "pictory_desktop/resources/icons/pictory-desktop-512.png",
        "pictory_desktop/resources/licenses/LGPL-3.0.txt",
        "pictory_desktop/cli/__init__.py",
        "pictory_desktop/draft/encoder.py",
        "pictory_desktop/ui/main_window.py",
    ):
        assert needed in names


def test_the_installed_package_prices_a_storyboard_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "PICTORY_DESKTOP_HOME": str(tmp_path / "home")}
    code = "import pictory_desktop, sys; sys.argv[1:] = ['estimate', sys.argv[1]]; print(pictory_desktop.__file__); from pictory_desktop.cli import main; sys.exit(main())"
    result = subprocess.run(
        [sys.executable, "-c", code, str(GUIDE)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    location, *table = result.stdout.splitlines()
    assert location.startswith(str(target))  # really the installed copy, not the checkout
    assert "  Total: 6 credits" in table
