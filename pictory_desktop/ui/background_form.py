"""The background half of the scene editor: one kind at a time, and only that kind's fields shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QComboBox, QFormLayout, QLabel, QPushButton, QWidget

from ..domain import describe, scene_edits
from ..domain.catalog import Catalog, ModelKind, VideoModel
from ..domain.findings import Finding
from ..domain.storyboard import (
    AiBackground,
    AiImage,
    AiVideo,
    Background,
    BackgroundKind,
    Colour,
    PictureUrl,
    Scene,
    StockVisuals,
)
from . import combo_items, theme
from .findings_view import FindingsView
from .form_rows import field_with_button
from .prompt_box import PromptBox
from .text_inputs import DocumentLineEdit
from .wheel_guard import guard_wheel

# Which finding fields sit next to which editor row.
ROW_FIELDS = {
    "background": ("background", "type"),
    "model": ("model",),
    "style": ("mediaStyle",),
    "duration": ("videoDuration",),
    "prompt": ("prompt",),
    "url": ("visualUrl",),
    "colour": ("color",),
    "stock": ("searchFilter",),
}
SceneEdit = Callable[[Scene], Scene]


def ask_colour(parent: QWidget, current: str) -> str | None:
    """The system colour picker; None when cancelled. Tests replace this function."""
    colour = QColorDialog.getColor(QColor(current), parent, "Background colour")
    return colour.name() if colour.isValid() else None


def _combo(name: str, tooltip: str, parent: QWidget) -> QComboBox:
    combo = guard_wheel(QComboBox(parent))
    combo.setObjectName(name)
    combo.setAccessibleName(name)
    combo.setToolTip(tooltip)
    # Long item texts (name · price · best for) must not force the window wider than 1280 px.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    return combo


class BackgroundForm(QWidget):
    # (edit, undo text, merge field or ""): the editor applies it to the current scene.
    editRequested = Signal(object, str, str)
    dismissRequested = Signal(Finding)
    uploadRequested = Signal()  # "Use a file from this computer…" (the window chooses and uploads it)
    uploadCancelled = Signal()

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._updating = False
        self._combo_key: tuple[object, ...] | None = None
        self.kind_combo = _combo("backgroundKindCombo", "What fills the screen behind this scene's text.", self)
        self.model_combo = _combo(
            "modelCombo", "The AI model: price per image or second, and what it is best for.", self
        )
        self.style_combo = _combo("styleCombo", "The look of the AI visual. “Model default” sends no style.", self)
        self.duration_combo = _combo("durationCombo", "How long the AI clip lasts; longer clips cost more.", self)
        self.prompt = PromptBox(self)
        self.url_edit = DocumentLineEdit(self)
        self.url_edit.setObjectName("pictureUrlEdit")
        self.url_edit.setAccessibleName("pictureUrlEdit")
        self.url_edit.setPlaceholderText("https://example.com/picture.jpg")
        self.url_edit.setToolTip("The full web address of a picture or clip you are allowed to use.")
        self.upload_button = QPushButton("From this computer…", self)
        self.upload_button.setObjectName("uploadPictureButton")
        self.upload_button.setToolTip(
            "Use your own picture (JPG, PNG) or clip (MP4): it is uploaded to your Pictory account once."
        )
        url_row = field_with_button(self, self.url_edit, self.upload_button)
        self.upload_status = QLabel(self)
        self.upload_status.setObjectName("uploadStatus")
        self.upload_status.setWordWrap(True)
        self.upload_cancel = QPushButton("Cancel upload", self)
        self.upload_cancel.setObjectName("cancelUploadButton")
        self.upload_row = upload_row = field_with_button(self, self.upload_status, self.upload_cancel)
        upload_row.hide()
        self.colour_edit = DocumentLineEdit(self)
        self.colour_edit.setObjectName("colourEdit")
        self.colour_edit.setAccessibleName("colourEdit")
        self.colour_edit.setToolTip("A colour such as #1f2937 or a name such as navy.")
        self.colour_button = QPushButton("Choose…", self)
        self.colour_button.setToolTip("Pick the colour from a palette.")
        colour_row = field_with_button(self, self.colour_edit, self.colour_button)
        # A stock background is shown, not edited: what Pictory will search for, as the file says.
        self.stock_label = QLabel(self)
        self.stock_label.setObjectName("stockSearchLabel")
        self.stock_label.setAccessibleName("stockSearchLabel")
        self.stock_label.setWordWrap(True)
        self.stock_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.findings = {row: FindingsView(self) for row in ROW_FIELDS}
        for view in self.findings.values():
            view.dismissRequested.connect(self.dismissRequested)

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: dict[str, list[int]] = {}
        self._add_row("background", "&Background:", self.kind_combo)
        self._add_row("model", "&Model:", self.model_combo)
        self._add_row("style", "St&yle:", self.style_combo)
        self._add_row("duration", "Clip &length:", self.duration_combo)
        self._add_row("prompt", "&Prompt:", self.prompt)
        self._add_row("url", "Web &address:", url_row)
        self.findings["url"].follow(self.upload_button)  # its tips' Dismiss comes after the button, not the row
        self.form.addRow("", upload_row)
        self._add_row("colour", "&Colour:", colour_row)
        self._add_row("stock", "Search:", self.stock_label)

        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.style_combo.currentIndexChanged.connect(self._style_chosen)
        self.duration_combo.currentIndexChanged.connect(self._duration_chosen)
        self.prompt.edit.textChanged.connect(self._prompt_typed)
        self.url_edit.textEdited.connect(
            lambda text: self._request(lambda s: scene_edits.with_url(s, text), "Edit the picture address", "url")
        )
        self.colour_edit.textEdited.connect(
            lambda text: self._request(lambda s: scene_edits.with_colour(s, text), "Edit the colour", "colour")
        )
        self.colour_button.clicked.connect(self._pick_colour)
        self.upload_button.clicked.connect(self.uploadRequested)
        self.upload_cancel.clicked.connect(self.uploadCancelled)

    def show_upload(self, text: str | None, *, error: bool = False, running: bool = False) -> None:
        """Say how an upload goes under the address (None hides it)."""
        self.upload_row.setVisible(text is not None)
        self.upload_status.setText(text or "")
        theme.set_text_colour(self.upload_status, theme.error_colour(self) if error else None)
        self.upload_cancel.setVisible(running)
        self.upload_button.setEnabled(not running)

    def _add_row(self, key: str, label: str, field: QWidget) -> None:
        self.findings[key].follow(field)
        first = self.form.rowCount()
        self.form.addRow(label, field)
        self.form.addRow("", self.findings[key])
        self._rows[key] = [first, first + 1]

    def _show_row(self, key: str, visible: bool) -> None:
        self.form.setRowVisible(self._rows[key][0], visible)
        self.form.setRowVisible(self._rows[key][1], visible and bool(self.findings[key].findings()))

    # ------------------------------------------------------------------------------------ showing

    def show_scene(self, scene: Scene, aspect_ratio: str, findings: list[Finding]) -> None:
        self._updating = True
        try:
            self._show(scene.background, aspect_ratio, tuple(scene.set_aside))
            for key, fields in ROW_FIELDS.items():
                self.findings[key].show_findings([f for f in findings if f.field in fields])
            for key in ROW_FIELDS:
                self._show_row(key, self._row_applies(key, scene.background))
        finally:
            self._updating = False

    @staticmethod
    def _row_applies(key: str, background: Background) -> bool:
        ai = isinstance(background, AiBackground)
        return {
            "background": True,
            "model": ai,
            "style": ai,
            "prompt": ai,
            "duration": isinstance(background, AiVideo),
            "url": isinstance(background, PictureUrl),
            "colour": isinstance(background, Colour),
            "stock": isinstance(background, StockVisuals),
        }[key]

    def _show(self, background: Background, aspect_ratio: str, set_aside: tuple[BackgroundKind, ...]) -> None:
        kind = background.kind
        model_id = getattr(background, "model", None)
        style = getattr(background, "media_style", None)
        duration = getattr(background, "duration", None)
        key = (kind, aspect_ratio, model_id, style, duration, set_aside)
        if key != self._combo_key:
            # Rebuild only when the choices themselves change, not on every keystroke in the prompt.
            self._combo_key = key
            combo_items.fill_kinds(self.kind_combo, kind, set_aside)
            if isinstance(background, AiBackground):
                model_kind: ModelKind = "image" if isinstance(background, AiImage) else "video"
                combo_items.fill_models(self.model_combo, self.catalog, model_kind, aspect_ratio, model_id)
                combo_items.fill_styles(self.style_combo, self.catalog, style)
                model = self.catalog.model(model_id or "")
                combo_items.fill_durations(
                    self.duration_combo, model if isinstance(model, VideoModel) else None, duration
                )
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
            self.model_combo.setCurrentIndex(self.model_combo.findData(model_id))
            self.style_combo.setCurrentIndex(self.style_combo.findData(style))
            self.duration_combo.setCurrentIndex(self.duration_combo.findData(duration))
        if isinstance(background, AiBackground):
            text = background.prompt or ""
            self.prompt.edit.replace_text(text)
            limit = self.catalog.prompt_limit("image" if isinstance(background, AiImage) else "video")
            self.prompt.show_count(text, limit)
        if isinstance(background, PictureUrl) and self.url_edit.text() != background.url:
            self.url_edit.setText(background.url)
        if isinstance(background, Colour) and self.colour_edit.text() != background.color:
            self.colour_edit.setText(background.color)
        if isinstance(background, StockVisuals):
            self.stock_label.setText(describe.stock_description(background))

    # ------------------------------------------------------------------------------------ editing

    def _request(self, edit: SceneEdit, text: str, merge_field: str = "") -> None:
        if not self._updating:
            self.editRequested.emit(edit, text, merge_field)

    def _kind_chosen(self, index: int) -> None:
        kind = self.kind_combo.itemData(index)
        if kind and kind not in combo_items.LOADED_ONLY_CHOICES:
            label = self.kind_combo.itemText(index).split(":")[0]
            self._request(lambda s: scene_edits.with_kind(s, kind, self.catalog), f"Change the background to {label}")

    def _model_chosen(self, index: int) -> None:
        model_id = self.model_combo.itemData(index)
        if model_id:
            model = self.catalog.model(model_id)
            name = model.name if model else model_id
            self._request(lambda s: scene_edits.with_model(s, model_id, self.catalog), f"Choose the model {name}")

    def _style_chosen(self, index: int) -> None:
        if index >= 0:
            style = self.style_combo.itemData(index)
            self._request(lambda s: scene_edits.with_style(s, style), "Choose a style")

    def _duration_chosen(self, index: int) -> None:
        duration = self.duration_combo.itemData(index)
        if duration:
            self._request(lambda s: scene_edits.with_duration(s, duration), "Choose the clip length")

    def _prompt_typed(self) -> None:
        text = self.prompt.edit.toPlainText()
        self._request(lambda s: scene_edits.with_prompt(s, text), "Edit the prompt", "prompt")

    def _pick_colour(self) -> None:
        colour = ask_colour(self, self.colour_edit.text())
        if colour:
            self._request(lambda s: scene_edits.with_colour(s, colour), "Choose a colour")
