"""How the desktop knows the app: its name, id, version and icon, in every format a platform asks for."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QFileOpenEvent, QImage, QImageReader
from PySide6.QtWidgets import QApplication

from pictory_desktop import DESKTOP_ID, __version__
from pictory_desktop.ui import app as app_module

pytestmark = pytest.mark.gui

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def make_icons_module():
    spec = importlib.util.spec_from_file_location("make_icons", ICONS.parents[1] / "scripts" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_application_carries_its_name_id_version_and_icon(qapp):
    app = app_module.application()
    assert app is qapp
    assert app.applicationName() == "Pictory Desktop" and app.applicationDisplayName() == "Pictory Desktop"
    assert app.desktopFileName() == DESKTOP_ID == "io.github.pictorydesktop.PictoryDesktop"
    assert app.applicationVersion() == __version__
    assert app.organizationDomain() == "pictorydesktop.github.io"
    # Settings never lived under the organisation's name (store/paths.py), and it is the one it always was.
    assert app.organizationName() == "Pictory Desktop"
    sizes = sorted({size.width() for size in app.windowIcon().availableSizes()})
    assert sizes == [16, 32, 48, 64, 128, 256, 512]


def test_every_window_shows_the_icon(make_window):
    app_module.application()
    window, _context, _companions = make_window()
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == QApplication.windowIcon().cacheKey()


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256, 512])
def test_each_png_has_its_size_and_is_not_empty(qapp, size):
    image = QImage(str(ICONS / f"pictory-desktop-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.pixelColor(size // 2, size // 2).alpha() == 255  # drawn, not a transparent square
    assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner


def _reader_sizes(data: bytes, fmt: bytes) -> list[int]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(fmt))
    sizes = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append(image.width())
    return sorted(sizes)


def test_the_ico_holds_every_size_windows_uses_and_qt_reads_them(qapp):
    data = (ICONS / "pictory-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 6)
    assert _reader_sizes(data, b"ico") == [16, 32, 48, 64, 128, 256]


def test_the_icns_holds_every_size_macos_uses_and_qt_reads_them(qapp):
    data = (ICONS / "pictory-desktop.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, offset = [], 8
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        picture = QImage.fromData(data[offset + 8 : offset + length])
        assert not picture.isNull()
        kinds.append((kind.decode(), picture.width()))
        offset += length
    assert dict(kinds) == {
        "icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512,
        "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512,
    }  # fmt: skip


def test_the_ico_and_icns_are_made_from_the_committed_pngs():
    """After an edit of the SVG, scripts/make-icons must be run again: the containers follow the PNGs."""
    make_icons = make_icons_module()
    pngs = {size: make_icons.png_path(size).read_bytes() for size in make_icons.SIZES}
    assert (ICONS / "pictory-desktop.ico").read_bytes() == make_icons.ico_bytes(
        {s: pngs[s] for s in make_icons.ICO_SIZES}
    )
    assert (ICONS / "pictory-desktop.icns").read_bytes() == make_icons.icns_bytes(pngs)


def test_a_file_the_finder_opens_goes_to_the_running_window(make_window, guide_file, qapp):
    window, _context, _companions = make_window()
    handler = app_module._FileOpenHandler(qapp, window)
    assert handler.eventFilter(qapp, QFileOpenEvent(str(guide_file)))
    assert window.document.path == guide_file
