"""One picture per segment of the draft video, painted with QPainter on a QImage (safe off the GUI thread).

What a frame shows: the background (a picture scaled to cover the frame, a colour, or a card saying what Pictory
will make), the segment's words in the lower third on a dark band, and in the top corners the label that says
this is a draft (no narration: it is not synthesised) and which scene it is. Text needs a QGuiApplication to
exist (its font database); ``ensure_painting_app`` makes an offscreen one for a process that has none.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QImageReader,
    QLinearGradient,
    QPainter,
)

from ..domain.draft_plan import (
    PICTORY_WRITES_PROMPT,
    AiCard,
    ColourBackground,
    DraftBackground,
    DraftSegment,
    PictureBackground,
    TextCard,
)

DRAFT_LABEL = "Draft — not rendered by Pictory · no narration"
SANDBOX_LABEL = "Sandbox — not rendered by Pictory · no narration"  # a sandbox render is a draft too
FRAME_FORMAT = QImage.Format.Format_RGBX8888  # R, G, B, 255 in memory: PyAV's "rgba" without a conversion
CARD_TOP = QColor("#1e293b")  # a slate no storyboard colour is likely to be: a card never passes for a colour scene
CARD_BOTTOM = QColor("#334155")
MISSING_TOP = QColor("#3f3f46")  # a picture that cannot be had: grey, so it is not mistaken for an AI card
MISSING_BOTTOM = QColor("#52525b")
BAND = QColor(0, 0, 0, 165)
LABEL_BACK = QColor(0, 0, 0, 190)
WHITE = QColor(255, 255, 255)
MUTED = QColor(226, 232, 240)


@dataclass(frozen=True)
class FrameSize:
    width: int
    height: int


LONG_SIDE = 1280  # a draft's longer side when the caller names no width: 1280×720, 720×1280, 1280×1280


def default_width(ratio: tuple[int, int]) -> int:
    """The width that makes the draft's longer side ``LONG_SIDE``: a vertical draft 1280 wide would be 2276 tall,
    four times the pixels to paint and encode for a phone-shaped video."""
    across, down = ratio
    return LONG_SIDE if across >= down else max(2, round(LONG_SIDE * across / down))


def frame_size(ratio: tuple[int, int], width: int) -> FrameSize:
    """``width`` wide (made even) and as high as the aspect ratio says, also even: H.264 in 4:2:0 needs both."""
    even_width = max(2, width - width % 2)
    height = round(even_width * ratio[1] / ratio[0])
    return FrameSize(even_width, max(2, height + height % 2))


def ensure_painting_app() -> QGuiApplication:
    """The running QGuiApplication (or QApplication), or a new one on the offscreen platform. ``-platform`` is
    an argument of this one application, so the process's environment (and any window it opens later) is
    left as it was."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication([sys.argv[0] if sys.argv else "pictory-desktop", "-platform", "offscreen"])


def read_picture(data: bytes, size: FrameSize) -> QImage | None:
    """The picture in ``data`` (PNG, JPEG, WebP, GIF…), turned as its EXIF says, decoded at no more than what
    covering the frame needs (a 6000×4000 photo must not cost 100 MB per scene). None when it is not a picture."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid() and original.width() > 0 and original.height() > 0:
        # Whatever the rotation, the shorter side must still cover the frame's longer side.
        factor = max(size.width, size.height) / min(original.width(), original.height())
        if factor < 1:
            reader.setScaledSize(
                QSize(max(1, round(original.width() * factor)), max(1, round(original.height() * factor)))
            )
    image = reader.read()
    return None if image.isNull() else image


def paint_segment(
    segment: DraftSegment,
    size: FrameSize,
    picture: QImage | None = None,
    problem: str = "",
    label: str = DRAFT_LABEL,
) -> QImage:
    """The frame shown for the whole of ``segment``. ``picture`` is the background picture when the segment has
    one and it could be had; otherwise ``problem`` says why not, on a labelled card. ``label`` is the corner's
    words (the sandbox's renders say they are the sandbox's)."""
    image = QImage(size.width, size.height, FRAME_FORMAT)
    painter = QPainter(image)
    try:
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        frame = QRect(0, 0, size.width, size.height)
        _background(painter, frame, segment.background, picture, problem)
        _subtitle(painter, frame, segment.subtitle)
        _corner_labels(painter, frame, segment, label)
    finally:
        painter.end()
    return image


# ------------------------------------------------------------------------------------------ backgrounds


def _background(
    painter: QPainter, frame: QRect, background: DraftBackground, picture: QImage | None, problem: str
) -> None:
    if isinstance(background, PictureBackground):
        if picture is not None:
            _cover(painter, frame, picture)
        else:
            _card(
                painter,
                frame,
                "Picture not available",
                [problem or "The picture could not be had.", background.url],
                missing=True,
            )
    elif isinstance(background, ColourBackground):
        colour = QColor(background.color.strip())
        if colour.isValid():
            colour.setAlpha(255)  # the video has no transparency: a see-through colour is shown solid
            painter.fillRect(frame, colour)
        else:
            _card(painter, frame, f"Colour “{background.color}”", ["The draft cannot read this colour."], missing=True)
    elif isinstance(background, AiCard):
        heading = f"{background.kind} · {background.model}"
        if background.clip_seconds is not None:
            heading += f" · {background.clip_seconds} s"
        style = f"Style: {background.style}" if background.style else "Style: the model's default look"
        _card(
            painter,
            frame,
            heading,
            [style, _prompt_line(background.prompt), "Pictory makes this when it renders; the draft cannot show it."],
        )
    else:
        _text_card(painter, frame, background)


def _prompt_line(prompt: str) -> str:
    return prompt if prompt == PICTORY_WRITES_PROMPT else f"Prompt: “{prompt}”"


def _text_card(painter: QPainter, frame: QRect, card: TextCard) -> None:
    _card(painter, frame, card.title, [card.detail] if card.detail else [], missing=True)


def _cover(painter: QPainter, frame: QRect, picture: QImage) -> None:
    """Scaled to cover the frame, centred, the overflow cut off: the way Pictory fills a scene with a picture."""
    scale = max(frame.width() / picture.width(), frame.height() / picture.height())
    source_width = frame.width() / scale
    source_height = frame.height() / scale
    source = QRectF(
        (picture.width() - source_width) / 2, (picture.height() - source_height) / 2, source_width, source_height
    )
    painter.drawImage(QRectF(frame), picture, source)


def _card(painter: QPainter, frame: QRect, title: str, lines: list[str], *, missing: bool = False) -> None:
    top, bottom = (MISSING_TOP, MISSING_BOTTOM) if missing else (CARD_TOP, CARD_BOTTOM)
    gradient = QLinearGradient(0, frame.top(), 0, frame.bottom())
    gradient.setColorAt(0, top)
    gradient.setColorAt(1, bottom)
    painter.fillRect(frame, gradient)
    unit = _unit(frame)
    margin = round(unit * 2)
    # Above the subtitle band (the lower third) and below the corner labels.
    area = QRect(
        margin, round(unit * 3.2), frame.width() - 2 * margin, round(frame.height() * 0.62) - round(unit * 3.2)
    )
    title_font = _font(unit * 1.25, bold=True)
    body_font = _font(unit * 0.85)
    painter.setPen(WHITE)
    painter.setFont(title_font)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
    title_rect = painter.boundingRect(area, int(flags), title)
    painter.drawText(area, int(flags), title)
    body = QRect(
        area.left(), title_rect.bottom() + round(unit * 0.6), area.width(), area.bottom() - title_rect.bottom()
    )
    painter.setPen(MUTED)
    text = "\n".join(line for line in lines if line)
    fitted_font, fitted = _fit_text(text, body_font, body, minimum=unit * 0.55)
    painter.setFont(fitted_font)
    painter.drawText(body, int(flags), fitted)


# ------------------------------------------------------------------------------------------ words


def _subtitle(painter: QPainter, frame: QRect, text: str) -> None:
    """The part's words, wrapped, in the lower third on a dark band as wide as the frame."""
    words = " ".join(text.split())
    if not words:
        return
    unit = _unit(frame)
    margin = round(unit * 1.5)
    third = frame.height() // 3
    area = QRect(margin, frame.height() - third, frame.width() - 2 * margin, third - margin)
    font, fitted = _fit_text(words, _font(unit * 1.1, bold=True), area, minimum=unit * 0.6)
    painter.setFont(font)
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap)
    used = painter.boundingRect(area, flags, fitted)
    pad = round(unit * 0.5)
    painter.fillRect(QRect(0, used.top() - pad, frame.width(), used.height() + 2 * pad), BAND)
    painter.setPen(WHITE)
    painter.drawText(area, flags, fitted)


def _corner_labels(painter: QPainter, frame: QRect, segment: DraftSegment, label: str) -> None:
    unit = _unit(frame)
    painter.setFont(_font(unit * 0.62, bold=True))
    metrics = painter.fontMetrics()
    pad = round(unit * 0.35)
    edge = round(unit * 0.6)
    scene = f"Scene {segment.scene}" + (f" · part {segment.part} of {segment.parts}" if segment.parts > 1 else "")
    # The draft label is the one that must always be read: it gets the room; the scene number what is left.
    label = metrics.elidedText(label, Qt.TextElideMode.ElideRight, frame.width() - 2 * edge - 2 * pad)
    left = _pill(painter, QRect(edge, edge, 0, 0), label, pad, anchor_right=False)
    room = frame.width() - left.right() - 3 * edge - 2 * pad
    if room > metrics.horizontalAdvance("Scene 00"):
        scene = metrics.elidedText(scene, Qt.TextElideMode.ElideRight, room)
        _pill(painter, QRect(frame.width() - edge, edge, 0, 0), scene, pad, anchor_right=True)


def _pill(painter: QPainter, at: QRect, text: str, pad: int, *, anchor_right: bool) -> QRect:
    metrics = painter.fontMetrics()
    box = QRect(0, 0, metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad)
    if anchor_right:
        box.moveTopRight(at.topLeft())
    else:
        box.moveTopLeft(at.topLeft())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LABEL_BACK)
    painter.drawRoundedRect(QRectF(box), pad, pad)
    painter.setPen(WHITE)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    return box


def _unit(frame: QRect) -> float:
    """The size everything on a frame is measured in: a 20th of the shorter side (36 px at 1280×720), so a
    vertical or square draft is laid out like a wide one."""
    return min(frame.width(), frame.height()) / 20


def _font(pixels: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(8, round(pixels)))
    font.setBold(bold)
    return font


def _fit_text(text: str, font: QFont, area: QRect, *, minimum: float) -> tuple[QFont, str]:
    """``font`` made smaller until ``text`` fits ``area`` wrapped; at the smallest size, the text cut at a word
    with "…". A subtitle is one scene's story, up to Pictory's limit: it must fit, and stay readable."""
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    current = QFont(font)
    while True:
        if QFontMetrics(current).boundingRect(area, flags, text).height() <= area.height():
            return current, text
        smaller = round(current.pixelSize() * 0.9)
        if smaller < max(8, round(minimum)):
            break
        current.setPixelSize(smaller)
    metrics = QFontMetrics(current)
    words = text.split(" ")
    low, high = 0, len(words)  # the most words that fit with "…", by halving
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.boundingRect(area, flags, " ".join(words[:middle]) + "…").height() <= area.height():
            low = middle
        else:
            high = middle - 1
    return current, " ".join(words[:low]) + "…"
