"""The download users get: ./scripts/build-app's Linux bundle, unpacked away from the checkout and run with
no Python, no virtualenv and no PYTHONPATH (issue 16).

Builds the bundle first (about 30 s when pip's and PyInstaller's caches are warm; nothing is rebuilt when the
sources have not changed). CI runs these; `./scripts/test -m "not bundle"` leaves them out locally.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import NoReturn

import pytest
import requests

from pictory_desktop import DESKTOP_ID, __version__

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.slow,
    pytest.mark.hang_limit(1500),  # building the bundle may take its own 1,200 s (below)
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the release workflow builds the other platforms"),
]

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "tests" / "unit" / "data" / "guide_example.json"
# What the bundle may use from the machine: the system's own programs folder, nothing from a virtualenv.
SYSTEM_PATH = "/usr/bin:/bin"


def required() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> NoReturn:
    if required():
        pytest.fail(f"{reason} (CI must prove this, not skip it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = tmp_path_factory.mktemp("build") / "build-app.log"
    with log.open("w") as out:
        result = subprocess.run(
            [str(ROOT / "scripts" / "build-app")], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, timeout=1200
        )
    text = log.read_text()
    assert result.returncode == 0, text[-4000:]
    [built] = (ROOT / "dist").glob(f"pictory-desktop-{__version__}-linux-*.tar.gz")
    print(text[-400:])  # the sizes, in the test's output (pytest -s)
    return built


@pytest.fixture(scope="module")
def unpacked(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive unpacked where a user would, far from the checkout."""
    place = tmp_path_factory.mktemp("Downloads")
    subprocess.run(["tar", "-C", str(place), "-xzf", str(archive)], check=True)
    return place / "pictory-desktop"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """Nothing from this test run's environment: no virtualenv, no PYTHONPATH, a home of its own."""
    return {"PATH": SYSTEM_PATH, "HOME": str(home), "LANG": "C.UTF-8", **extra}


def self_test(program: Path, env: dict[str, str], *prefix: str) -> dict[str, str]:
    result = subprocess.run(
        [*prefix, str(program), "--self-test"], capture_output=True, text=True, env=env, timeout=120, cwd=env["HOME"]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)


def test_the_archive_is_one_folder_with_the_program_its_menu_entry_and_an_installer(archive):
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {name.split("/")[0] for name in names} == {"pictory-desktop"}
    for needed in (
        "pictory-desktop/pictory-desktop",
        "pictory-desktop/install.sh",
        f"pictory-desktop/share/{DESKTOP_ID}.desktop",
        f"pictory-desktop/share/{DESKTOP_ID}.metainfo.xml",
        "pictory-desktop/share/icons/pictory-desktop-256.png",
        "pictory-desktop/_internal/THIRD-PARTY-LICENSES",
        "pictory-desktop/_internal/pictory_desktop/resources/catalog.json",
        "pictory-desktop/_internal/pictory_desktop/resources/examples/ai-background-images-guide.json",
        "pictory-desktop/_internal/pictory_desktop/resources/sandbox/video.mp4",
    ):
        assert needed in names


def test_only_the_qt_the_app_uses_is_inside(unpacked):
    qt = {path.name for path in (unpacked / "_internal" / "PySide6").glob("Qt*.abi3.so")}
    assert qt == {
        "QtCore.abi3.so", "QtGui.abi3.so", "QtWidgets.abi3.so", "QtNetwork.abi3.so", "QtDBus.abi3.so",
        "QtConcurrent.abi3.so", "QtMultimedia.abi3.so", "QtMultimediaWidgets.abi3.so",
    }  # fmt: skip
    libraries = " ".join(path.name for path in (unpacked / "_internal").rglob("libQt6*"))
    for unused in ("WebEngine", "3DCore", "Charts", "Pdf", "VirtualKeyboard", "Designer"):
        assert unused not in libraries
    size = sum(path.stat().st_size for path in unpacked.rglob("*") if path.is_file() and not path.is_symlink())
    # 313 MB with the draft video's PyAV (~100 MB: its own FFmpeg with x264, x265, SVT-AV1, dav1d and libvpx, one
    # library set libavcodec links as a whole); the guard catches a Qt module or a package creeping in.
    assert size < 340 * 1024 * 1024, f"the bundle grew to {size / 1024 / 1024:.0f} MB"


def test_no_library_inside_misses_a_library_it_links(unpacked):
    """Each Qt plugin (Wayland and xcb included, which no offscreen run loads) finds what it links."""
    internal = unpacked / "_internal"
    # Qt's xcb plugin needs it since Qt 6.5 and many desktops do not install it: the bundle brings its own.
    assert (internal / "libxcb-cursor.so.0").is_file()
    search = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    missing = []
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        result = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env={"PATH": SYSTEM_PATH, "LD_LIBRARY_PATH": search}
        )
        missing += [
            f"{path.relative_to(internal)}: {line.strip()}"
            for line in result.stdout.splitlines()
            if "not found" in line
        ]
    assert missing == []


def test_the_bundled_window_shows_the_guides_example_and_its_total_with_no_python(unpacked, tmp_path):
    lines = self_test(unpacked / "pictory-desktop", bare_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    assert lines["total"] == "Total: 6 credits"
    assert lines["example"] == "AI background images (Pictory's guide)"
    assert lines["balance"].startswith("Balance (pretend credits): 500 credits")  # its own sandbox answered
    assert lines["version"] == f"Pictory Desktop {__version__}"
    assert lines["desktop id"] == DESKTOP_ID
    assert lines["icon sizes"] == "16 32 48 64 128 256 512"
    # Everything it ran came from the unpacked folder: the program and the code.
    assert lines["program"] == str(unpacked / "pictory-desktop")
    assert lines["code"] == str(unpacked / "_internal" / "pictory_desktop")
    # About lists what the bundle carries, read from the metadata the bundle carries.
    for name in ("PySide6_Essentials", "PySide6_Addons", "shiboken6", "requests", "keyring", "SecretStorage"):
        assert name in lines["about lists"].split(", ")
    licences = Path(lines["licence file"])
    assert licences == unpacked / "_internal" / "THIRD-PARTY-LICENSES"
    text = licences.read_text("utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "https://code.qt.io" in text and "requests" in text


def test_on_a_real_x_display_with_a_desktop_keyring_it_uses_the_secret_service(unpacked, tmp_path):
    """xcb, not offscreen: the plugin a Linux desktop loads. The keyring: what keyring's entry points find."""
    if shutil.which("xvfb-run") is None:
        skip_or_fail("xvfb-run is missing (Debian: xvfb, which scripts/test installs)")
    bus = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not bus:
        skip_or_fail("no D-Bus session with a Secret Service (scripts/test starts one)")
    env = bare_env(tmp_path, QT_QPA_PLATFORM="xcb", DBUS_SESSION_BUS_ADDRESS=bus)
    lines = self_test(unpacked / "pictory-desktop", env, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24")
    assert lines["total"] == "Total: 6 credits"
    assert lines["keyring"] == "SecretService Keyring"


def test_the_bundled_command_line_prices_a_storyboard_with_nothing_on_the_path(unpacked, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = subprocess.run(
        [str(unpacked / "pictory-desktop"), "estimate", "--json", str(GUIDE)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": str(empty), "HOME": str(tmp_path), "PICTORY_DESKTOP_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [report] = [json.loads(line) for line in result.stdout.splitlines()]
    assert report["total_credits"] == 6 and report["errors"] == 0
    assert [scene["credits"] for scene in report["scenes"]] == [2, 4]


def test_the_bundled_sandbox_serves_the_api_until_stopped(unpacked, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(unpacked / "pictory-desktop"), "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env=bare_env(tmp_path, PICTORY_DESKTOP_HOME=str(tmp_path / "home")),
    )  # fmt: skip
    try:
        assert server.stdout is not None
        assert f"127.0.0.1:{port}" in server.stdout.readline()
        reply = requests.get(
            f"http://127.0.0.1:{port}/pictoryapis/v1/quota", headers={"Authorization": "pictai_try"}, timeout=10
        )
        assert reply.status_code == 200 and "aiCredits" in reply.json()
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=15) == 0


def test_install_adds_the_app_to_the_menu_and_uninstall_keeps_the_users_data(unpacked, tmp_path):
    home = tmp_path / "home"
    data = tmp_path / "data"
    kept = data / "pictory-desktop" / "jobs.sqlite3"  # the app's own data folder, beside the program's
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"job history")
    env = {**bare_env(home), "XDG_DATA_HOME": str(data)}
    home.mkdir()
    # scripts/build-app --install: the build is up to date, so this only runs the bundle's install.sh.
    result = subprocess.run(
        [str(ROOT / "scripts" / "build-app"), "--install"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env={**os.environ, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    installed = data / "pictory-desktop-app"
    entry = data / "applications" / f"{DESKTOP_ID}.desktop"
    assert f'Exec="{installed}/pictory-desktop" %f' in entry.read_text("utf-8").splitlines()
    assert (data / "metainfo" / f"{DESKTOP_ID}.metainfo.xml").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{DESKTOP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        validated = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    # The menu's command runs, from the installed copy.
    version = subprocess.run(
        [str(installed / "pictory-desktop"), "--version"], capture_output=True, text=True, env=env, timeout=60
    )
    assert version.stdout.strip() == f"pictory-desktop {__version__}"

    removed = subprocess.run(
        [str(installed / "install.sh"), "--uninstall"], capture_output=True, text=True, env=env, timeout=60
    )
    assert removed.returncode == 0, removed.stderr
    assert not installed.exists() and not entry.exists()
    assert not (data / "icons" / "hicolor" / "256x256" / "apps" / f"{DESKTOP_ID}.png").exists()
    assert kept.read_bytes() == b"job history"
