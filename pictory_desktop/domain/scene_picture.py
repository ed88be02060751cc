"""Which picture stands for a scene in the scene list and the storyboard view, and where it comes from.

Pure: the GUI turns a ``ScenePicture`` into pixels (a thumbnail from the image cache, a swatch, a tile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .catalog import Catalog
from .describe import model_name
from .storyboard import AiImage, AiVideo, Colour, PictureUrl, Scene, StockVisuals, is_locked, latest_try

PictureKind = Literal["image", "colour", "ai", "video", "none"]


@dataclass(frozen=True)
class ScenePicture:
    kind: PictureKind
    source: str  # the picture's URL, the colour as written, or "" for a tile
    label: str  # what a tile says ("Flux", "Stock footage"), or where the image is from ("Locked image")

    def describe(self) -> str:
        """ "image https://…", "colour #1f2937", "ai Flux": what a test or a tooltip can compare."""
        return f"{self.kind} {self.source or self.label}"


def scene_picture(scene: Scene, catalog: Catalog) -> ScenePicture:
    background = scene.background
    if is_locked(scene) and isinstance(background, PictureUrl):
        return ScenePicture("image", background.url, "Locked image")
    if isinstance(background, AiImage):
        tried = latest_try(scene)
        if tried is not None:
            return ScenePicture("image", tried.url, "Latest try")
        return ScenePicture("ai", "", model_name(background.model, catalog))
    if isinstance(background, AiVideo):
        return ScenePicture("ai", "", model_name(background.model, catalog))
    if isinstance(background, PictureUrl) and background.url.strip():
        if background.media_type == "video":
            return ScenePicture("video", "", "Video clip")
        return ScenePicture("image", background.url.strip(), "Picture")
    if isinstance(background, Colour):
        return ScenePicture("colour", background.color, "Colour")
    if isinstance(background, StockVisuals):
        return ScenePicture("none", "", "Stock footage")
    return ScenePicture("none", "", "No picture")
