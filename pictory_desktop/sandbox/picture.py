"""The placeholder pictures the sandbox's AI Studio "generates": a PNG per request that shows, as text, that it
is a sandbox image, the first words of the prompt, the model, the style and the size, on a colour derived
from the request, so two tries are told apart at a glance (and by a test reading the pixels).

Standard library only: the PNG is written with ``zlib`` and ``struct``, the text drawn with the 5×7 bitmap
font below, scaled to the picture. A 1280×720 picture encodes in about 0.1 s (tests/unit measure it); the
bytes are deterministic and cached per request.
"""

from __future__ import annotations

import colorsys
import hashlib
import struct
import zlib
from functools import lru_cache

# 5×7 glyphs, one number per row, bit 4 the leftmost pixel. Lower case is drawn as upper case; anything
# else as "?".
_FONT: dict[str, tuple[int, ...]] = {
    "A": (0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11), "B": (0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E),
    "C": (0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E), "D": (0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E),
    "E": (0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F), "F": (0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10),
    "G": (0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F), "H": (0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11),
    "I": (0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E), "J": (0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C),
    "K": (0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11), "L": (0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F),
    "M": (0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11), "N": (0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11),
    "O": (0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E), "P": (0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10),
    "Q": (0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D), "R": (0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11),
    "S": (0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E), "T": (0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04),
    "U": (0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E), "V": (0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04),
    "W": (0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A), "X": (0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11),
    "Y": (0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04), "Z": (0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F),
    "0": (0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E), "1": (0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E),
    "2": (0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F), "3": (0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E),
    "4": (0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02), "5": (0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E),
    "6": (0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E), "7": (0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08),
    "8": (0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E), "9": (0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C),
    " ": (0, 0, 0, 0, 0, 0, 0), ".": (0, 0, 0, 0, 0, 0x0C, 0x0C), ",": (0, 0, 0, 0, 0x0C, 0x04, 0x08),
    ":": (0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0), ";": (0, 0x0C, 0x0C, 0, 0x0C, 0x04, 0x08),
    "!": (0x04, 0x04, 0x04, 0x04, 0x04, 0, 0x04), "?": (0x0E, 0x11, 0x01, 0x02, 0x04, 0, 0x04),
    "-": (0, 0, 0, 0x1F, 0, 0, 0), "'": (0x04, 0x04, 0x08, 0, 0, 0, 0), '"': (0x0A, 0x0A, 0, 0, 0, 0, 0),
    "/": (0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10), "(": (0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02),
    ")": (0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08), "+": (0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0),
    "&": (0x0C, 0x12, 0x14, 0x08, 0x15, 0x12, 0x0D), "%": (0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03),
    "#": (0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A), "=": (0, 0, 0x1F, 0, 0x1F, 0, 0),
    "_": (0, 0, 0, 0, 0, 0, 0x1F), "*": (0, 0x04, 0x15, 0x0E, 0x15, 0x04, 0),
}  # fmt: skip
GLYPH_WIDTH, GLYPH_HEIGHT = 5, 7
SIZES = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (1024, 1024)}
WHITE = (255, 255, 255)


def size_for(aspect_ratio: str) -> tuple[int, int]:
    """The (width, height) the sandbox makes for an aspect ratio."""
    return SIZES.get(aspect_ratio, SIZES["1:1"])


def request_colour(*parts: str) -> tuple[int, int, int]:
    """A saturated, mid-dark colour from the request: different prompts, models or styles look different."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    hue = digest[0] / 255
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.55 + digest[1] / 255 * 0.3, 0.55 + digest[2] / 255 * 0.2)
    return round(red * 255), round(green * 255), round(blue * 255)


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(width * height * 3)

    def fill(self, x: int, y: int, width: int, height: int, colour: tuple[int, int, int]) -> None:
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + width), min(self.height, y + height)
        if x1 <= x0 or y1 <= y0:
            return
        run = bytes(colour) * (x1 - x0)
        stride = self.width * 3
        for row in range(y0, y1):
            start = row * stride + x0 * 3
            self.pixels[start : start + len(run)] = run

    def text(self, x: int, y: int, text: str, scale: int, colour: tuple[int, int, int]) -> None:
        for index, char in enumerate(text):
            glyph = _FONT.get(char.upper(), _FONT["?"])
            left = x + index * (GLYPH_WIDTH + 1) * scale
            for row, bits in enumerate(glyph):
                for column in range(GLYPH_WIDTH):
                    if bits & (0x10 >> column):
                        self.fill(left + column * scale, y + row * scale, scale, scale, colour)

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + bytes(self.pixels[row * stride : (row + 1) * stride]) for row in range(self.height))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 6))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _wrap(words: list[str], columns: int, lines: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in words:
        word = word[:columns]
        if current and len(current) + 1 + len(word) > columns:
            out.append(current)
            current = word
            if len(out) == lines:
                break
        else:
            current = f"{current} {word}".strip()
    else:
        if current:
            out.append(current)
        return out
    if out:
        out[-1] = out[-1][: columns - 3].rstrip() + "..."
    return out


@lru_cache(maxsize=16)
def placeholder_png(image_id: str, prompt: str, model: str, style: str, aspect_ratio: str) -> bytes:
    """The sandbox's picture for one AI Studio request, at ``size_for(aspect_ratio)``."""
    width, height = size_for(aspect_ratio)
    colour = request_colour(prompt, model, style, aspect_ratio)
    canvas = _Canvas(width, height)
    bands = 24  # a stepped vertical gradient: lighter at the top
    for band in range(bands):
        shade = 1.25 - 0.5 * band / bands
        tone = tuple(min(255, round(c * shade)) for c in colour)
        top = height * band // bands
        canvas.fill(0, top, width, height * (band + 1) // bands - top, (tone[0], tone[1], tone[2]))
    scale = max(2, width // 200)
    advance = (GLYPH_WIDTH + 1) * scale
    margin = advance * 2
    columns = max(8, (width - 2 * margin) // advance)
    panel = (colour[0] // 4, colour[1] // 4, colour[2] // 4)
    prompt_lines = _wrap(prompt.split(), columns, 3 if width > height else 6)
    info = [f"MODEL: {model}", f"STYLE: {style or 'none'}", f"{aspect_ratio}  {width}X{height}", f"#{image_id[:8]}"]
    line_height = (GLYPH_HEIGHT + 3) * scale
    title_scale = scale * 3 // 2
    panel_height = (GLYPH_HEIGHT + 4) * title_scale + line_height * (len(prompt_lines) + len(info) + 1) + margin
    panel_top = max(margin // 2, (height - panel_height) // 2)
    canvas.fill(margin // 2, panel_top, width - margin, panel_height, panel)
    y = panel_top + margin // 2
    canvas.text(margin, y, "SANDBOX IMAGE"[: max(1, (width - 2 * margin) // ((GLYPH_WIDTH + 1) * title_scale))],
                title_scale, WHITE)  # fmt: skip
    y += (GLYPH_HEIGHT + 4) * title_scale
    for line in prompt_lines:
        canvas.text(margin, y, line, scale, WHITE)
        y += line_height
    y += line_height
    accent = tuple(min(255, c + 110) for c in colour)
    for line in info:
        canvas.text(margin, y, line[:columns], scale, (accent[0], accent[1], accent[2]))
        y += line_height
    canvas.fill(0, height - scale * 3, width, scale * 3, accent_bar(colour))
    return canvas.png()


def accent_bar(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    return (255 - colour[0], 255 - colour[1], 255 - colour[2])
