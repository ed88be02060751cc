"""``pictory-desktop --self-test``, the bundle's smoke test, says what the real window shows (tests/bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_the_self_test_opens_the_guide_example_and_reports_its_total(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "PICTORY_API_KEY"}
    env.update(QT_QPA_PLATFORM="offscreen", PICTORY_DESKTOP_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "pictory_desktop", "--self-test"],
        capture_output=True, text=True, env=env, timeout=90, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["total"] == "Total: 6 credits"
    assert lines["example"] == "AI background images (Pictory's guide)"
    assert lines["balance"].startswith("Balance (pretend credits): 500 credits")  # the in-process sandbox answered
    assert lines["desktop id"] == "io.github.pictorydesktop.PictoryDesktop"
    assert lines["icon sizes"] == "16 32 48 64 128 256 512"
    assert "PySide6_Essentials" in lines["about lists"] and "requests" in lines["about lists"]
    assert lines["code"] == str(ROOT / "pictory_desktop")
    assert not home.exists()  # it used a folder of its own and removed it, never the user's


def test_the_self_test_is_not_offered_in_the_help(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pictory_desktop", "--help"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0 and "self-test" not in result.stdout
