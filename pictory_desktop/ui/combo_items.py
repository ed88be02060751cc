"""Fill the editor's dropdowns from the catalog: names, prices and what each choice is best for."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from ..domain.catalog import Catalog, ModelKind, VideoModel, duration_seconds, format_credits
from ..domain.describe import KIND_LABELS
from ..domain.storyboard import BackgroundKind

KIND_CHOICES: tuple[tuple[BackgroundKind, str], ...] = (
    ("none", "None: Pictory picks stock visuals from the story"),
    ("ai_image", "AI image: generated from a prompt"),
    ("ai_video", "AI video: a generated motion clip"),
    ("picture_url", "Picture or clip from a web address"),
    ("colour", "Plain colour"),
)
# Kinds a file can hold but the editor does not make: listed only for the scene that has one.
LOADED_ONLY_CHOICES: dict[BackgroundKind, tuple[str, str]] = {
    "stock": (
        KIND_LABELS["stock"],
        "Pictory picks stock footage for this scene. Choosing another kind replaces the search.",
    ),
    "unrecognised": (
        f"{KIND_LABELS['unrecognised']} (pick another kind)",
        "The file's background cannot be sent as it is.",
    ),
}

RATIO_NAMES = {"16:9": "landscape", "9:16": "portrait", "1:1": "square", "4:5": "tall feed post"}


def _add(combo: QComboBox, text: str, data: object, tooltip: str = "") -> None:
    combo.addItem(text, data)
    if tooltip:
        combo.setItemData(combo.count() - 1, tooltip, Qt.ItemDataRole.ToolTipRole)


def widen_popup(combo: QComboBox) -> None:
    """Let the open list be as wide as its longest entry, so no price or description is cut off."""
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)


def fill_kinds(combo: QComboBox, current: BackgroundKind, set_aside: Iterable[BackgroundKind] = ()) -> None:
    """The kinds a user can pick, plus a kind only a loaded file can have (stock visuals, an unrecognised
    background) while the scene has it, or has it set aside so switching back brings it back."""
    combo.clear()
    for kind, text in KIND_CHOICES:
        _add(combo, text, kind)
    offered = {current, *set_aside}
    for kind, (text, tooltip) in LOADED_ONLY_CHOICES.items():
        if kind in offered:
            _add(combo, text, kind, tooltip)
    widen_popup(combo)


def fill_models(combo: QComboBox, catalog: Catalog, kind: ModelKind, aspect_ratio: str, current: str | None) -> None:
    combo.clear()
    for model in catalog.models_of(kind):
        unavailable = "" if aspect_ratio in model.aspect_ratios else f" (cannot make {aspect_ratio})"
        text = f"{model.name} — {model.price_label} — {model.best_for}{unavailable}"
        tooltip = f"{model.name} ({model.id}): {model.best_for}. {model.price_label.capitalize()}."
        _add(combo, text, model.id, tooltip)
    if current and combo.findData(current) < 0:
        _add(combo, f"“{current}” (not a Pictory {kind} model)", current, "Choose one of the models above.")
    widen_popup(combo)


def fill_styles(combo: QComboBox, catalog: Catalog, current: str | None) -> None:
    combo.clear()
    _add(combo, "Model default: the model's usual look", None, "No style is sent; the model decides the look.")
    for style in catalog.media_styles:
        _add(combo, f"{style.name} — {style.description}", style.id, f"Best for: {style.best_for}.")
    if current and combo.findData(current) < 0:
        _add(combo, f"“{current}” (not a Pictory style)", current, "Choose one of the styles above.")
    widen_popup(combo)


def fill_durations(combo: QComboBox, model: VideoModel | None, current: str | None) -> None:
    combo.clear()
    for duration in model.durations if model else ():
        seconds = duration_seconds(duration)
        price = f" · {format_credits(model.credits_per_second * seconds)} credits" if seconds and model else ""
        _add(combo, f"{seconds} seconds{price}" if seconds else duration, duration)
    if current and combo.findData(current) < 0:
        _add(combo, f"{current} (not offered by this model)", current)
    widen_popup(combo)


def fill_aspect_ratios(combo: QComboBox, catalog: Catalog, current: str | None, unsupported_by: dict[str, str]) -> None:
    """Each ratio with its shape; ratios a chosen model cannot make say which model."""
    combo.clear()
    for ratio in catalog.aspect_ratios:
        shape = RATIO_NAMES.get(ratio, "")
        text = f"{ratio} {shape}".strip()
        if ratio == catalog.default_aspect_ratio and current is None:
            text += " (default)"
        if ratio in unsupported_by:
            text += f" · not available with {unsupported_by[ratio]}"
        _add(combo, text, ratio)
    if current and combo.findData(current) < 0:
        _add(combo, f"{current} (Pictory does not offer this ratio)", current)
    widen_popup(combo)
