"""Painting a scene's picture (``qt.scene_list_model.SceneRole.PICTURE``) into a rectangle: the thumbnail
when it is ready, a colour swatch, or a neutral tile that says what there is (the AI model to be used, stock
footage, no picture, a picture that cannot be shown). Never waits: a thumbnail not made yet is a plain tile
until ``Thumbnails.ready`` repaints the view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap, QPixmapCache

from ..domain.scene_picture import ScenePicture
from ..qt.thumbnails import Thumbnails

AI_MARK = "AI"
NOT_SHOWN = "Picture not shown"


def thumbnail_size(rect: QRect, device_pixel_ratio: float) -> int:
    """The size a thumbnail for ``rect`` is made at (its longer side, in device pixels)."""
    return max(16, round(max(rect.width(), rect.height()) * device_pixel_ratio))


def tile_colour(palette: QPalette) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    # A grey between the page and its text, readable in light and dark themes alike.
    return QColor(
        (base.red() * 5 + text.red()) // 6, (base.green() * 5 + text.green()) // 6, (base.blue() * 5 + text.blue()) // 6
    )


def paint_picture(
    painter: QPainter,
    rect: QRect,
    picture: ScenePicture | None,
    thumbnails: Thumbnails | None,
    palette: QPalette,
    font: QFont,
    device_pixel_ratio: float = 1.0,
) -> str:
    """Paints and returns what it painted: "thumbnail", "colour", "loading", "broken", "ai" or "tile"."""
    painter.save()
    painter.setClipRect(rect)
    try:
        if picture is None:
            _tile(painter, rect, "", palette, font)
            return "tile"
        if picture.kind == "colour":
            colour = QColor(picture.source.strip())
            if colour.isValid():
                painter.fillRect(rect, colour)
                _border(painter, rect, palette)
                return "colour"
            _tile(painter, rect, f"Colour {picture.source}", palette, font)
            return "tile"
        if picture.kind == "image" and thumbnails is not None:
            pixmap = thumbnails.pixmap(picture.source, thumbnail_size(rect, device_pixel_ratio))
            if pixmap is not None:
                painter.fillRect(rect, QColor(0, 0, 0))  # letterbox: pictures are framed like the video
                width = pixmap.width() / device_pixel_ratio
                height = pixmap.height() / device_pixel_ratio
                scale = min(rect.width() / width, rect.height() / height, 1.0) if width and height else 1.0
                target = QRectF(0, 0, width * scale, height * scale)
                target.moveCenter(QRectF(rect).center())
                if scale < 1.0:
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
                return "thumbnail"
            if thumbnails.problem(picture.source):
                _tile(painter, rect, f"⚠ {NOT_SHOWN}", palette, font)
                return "broken"
            _tile(painter, rect, "", palette, font)
            return "loading"
        if picture.kind == "ai":
            _cached_tile(painter, rect, picture.label, palette, font, device_pixel_ratio, ai=True)
            return "ai"
        _cached_tile(painter, rect, picture.label, palette, font, device_pixel_ratio, ai=False)
        return "tile"
    finally:
        painter.restore()


# Drawings of text (tiles with words, a card's story, a row's lines) are kept as pixmaps in Qt's own
# QPixmapCache, least recently used out: laying text out again on every repaint cost the list a millisecond
# per keystroke with 1,000 scenes, and the storyboard view a frame while scrolling (docs/benchmarks.md).
DRAWINGS_CACHE_KB = 24 * 1024  # ~400 card texts at 1× (a card's text block is ~56 KB)


def cached_drawing(
    painter: QPainter, rect: QRect, dpr: float, key: tuple[object, ...], draw: Callable[[QPainter, QRect], None]
) -> None:
    """Paint ``draw(painter, QRect(0, 0, w, h))`` at ``rect``, from the cache when the same ``key`` (everything the
    drawing depends on, sizes and colours included) was drawn before."""
    if QPixmapCache.cacheLimit() < DRAWINGS_CACHE_KB:
        QPixmapCache.setCacheLimit(DRAWINGS_CACHE_KB)
    name = f"pictory-drawing:{rect.width()}x{rect.height()}@{dpr}:{key!r}"
    pixmap = QPixmap()
    if not QPixmapCache.find(name, pixmap):
        pixmap = QPixmap(round(rect.width() * dpr), round(rect.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        drawing = QPainter(pixmap)
        draw(drawing, QRect(0, 0, rect.width(), rect.height()))
        drawing.end()
        QPixmapCache.insert(name, pixmap)
    painter.drawPixmap(rect.topLeft(), pixmap)


def colours_key(palette: QPalette) -> tuple[int, ...]:
    roles = (QPalette.ColorRole.Base, QPalette.ColorRole.Text, QPalette.ColorRole.Highlight)
    return tuple(palette.color(role).rgba() for role in roles)


def _cached_tile(
    painter: QPainter, rect: QRect, text: str, palette: QPalette, font: QFont, dpr: float, *, ai: bool
) -> None:
    def draw(tile_painter: QPainter, local: QRect) -> None:
        _tile(tile_painter, local, text, palette, font)
        if ai:
            _ai_mark(tile_painter, local, palette, font)

    cached_drawing(painter, rect, dpr, ("tile", text, ai, font.key(), colours_key(palette)), draw)


def outline(painter: QPainter, rect: QRect, colour: QColor, backdrop: QColor) -> None:
    """A one-pixel frame just inside ``rect``, in ``colour`` as it looks over ``backdrop``, drawn opaque: a pen
    with alpha takes the raster engine's slow stroking path (a tenth of a millisecond a card)."""
    alpha = colour.alphaF()
    mixed = QColor.fromRgbF(
        colour.redF() * alpha + backdrop.redF() * (1 - alpha),
        colour.greenF() * alpha + backdrop.greenF() * (1 - alpha),
        colour.blueF() * alpha + backdrop.blueF() * (1 - alpha),
    )
    painter.setPen(mixed)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0, 0, -1, -1))


def _border(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    edge = QColor(palette.color(QPalette.ColorRole.Text))
    edge.setAlphaF(0.25)
    outline(painter, rect, edge, palette.color(QPalette.ColorRole.Base))


def _tile(painter: QPainter, rect: QRect, text: str, palette: QPalette, font: QFont) -> None:
    painter.fillRect(rect, tile_colour(palette))
    _border(painter, rect, palette)
    if not text:
        return
    tiny = rect.height() < 60  # a list row's picture: small words, kept under the "AI" mark
    small = QFont(font)
    small.setPointSizeF(max(5.5, font.pointSizeF() * (0.68 if tiny else 0.95)))
    painter.setFont(small)
    muted = QColor(palette.color(QPalette.ColorRole.Text))
    muted.setAlphaF(0.8)
    painter.setPen(muted)
    align = (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom) if tiny else Qt.AlignmentFlag.AlignCenter
    painter.drawText(rect.adjusted(2, 2, -2, -2), align | Qt.TextFlag.TextWordWrap, text)


def _ai_mark(painter: QPainter, rect: QRect, palette: QPalette, font: QFont) -> None:
    bold = QFont(font)
    bold.setBold(True)
    bold.setPointSizeF(max(5.5, font.pointSizeF() * 0.7))
    painter.setFont(bold)
    metrics = painter.fontMetrics()
    badge = QRect(0, 0, metrics.horizontalAdvance(AI_MARK) + 6, metrics.height())
    badge.moveTopRight(rect.topRight() + QPoint(-2, 2))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
    painter.drawRoundedRect(QRectF(badge), 3, 3)
    painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, AI_MARK)
