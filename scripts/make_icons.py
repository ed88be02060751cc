"""Render resources/icons/pictory-desktop.svg into the PNG, ICO and ICNS files the app and its bundles use.

Run through ``scripts/make-icons``; the results are committed, so neither a build nor the app renders SVG.
The PNGs come from Qt's own SVG renderer (QtSvg, in PySide6-Essentials). Qt's ICO writer stores a single
image per file and Qt writes no ICNS, so both containers are written here from the PNGs: each is a short
header, a table of sizes, and the PNG data as it is (Windows Vista and later read PNG inside ICO; macOS
reads PNG inside ICNS).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICONS / "pictory-desktop.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)  # 256 is the largest an ICO directory entry can describe
# ICNS element types that hold PNG data, by pixel size (the @2x types reuse the larger pictures).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)


def png_path(size: int) -> Path:
    return ICONS / f"pictory-desktop-{size}.png"


def render_png(svg: bytes, size: int, target: Path) -> bytes:
    """Draw the SVG at ``size`` pixels into ``target``; returns the PNG's bytes."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can draw.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"Qt could not write {target}.")
    return target.read_bytes()


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one 16-byte ICONDIRENTRY per image, then the PNGs."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries = b""
    for size in sizes:
        data = pngs[size]
        edge = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + entries + b"".join(pngs[size] for size in sizes)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' and the total length, then per element its type, length (with header) and PNG."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])  # QImage and QPainter need a Gui application for fonts and plugins
    svg = SOURCE.read_bytes()
    pngs = {size: render_png(svg, size, png_path(size)) for size in SIZES}
    (ICONS / "pictory-desktop.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "pictory-desktop.icns").write_bytes(icns_bytes(pngs))
    print(f"Wrote {len(SIZES)} PNGs, pictory-desktop.ico and pictory-desktop.icns to {ICONS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
