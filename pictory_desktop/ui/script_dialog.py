"""File › New from script: paste a script (or open a .txt, .md or .docx), choose how it splits into scenes and
what background each gets, and see every scene with its length and cost before anything is created.

The preview is worked out again on every change (a 10,000-word script takes ~9 ms, docs/benchmarks.md); typing
in the script waits for a short pause first, so a paste of a long script is not split once per character.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import describe
from ..domain.catalog import Catalog
from ..domain.script import SPLIT_MODES, ScriptError, ScriptPreview, SplitMode, preview_script, storyboard_from_script
from ..domain.storyboard import AiImage, Background, NoBackground, Storyboard
from ..qt.script_preview_model import ScriptPreviewModel
from ..store.script_files import read_script_file
from . import combo_items, theme
from .wheel_guard import guard_wheel

SPLIT_LABELS: dict[SplitMode, str] = {
    "paragraph": "One scene per paragraph (a blank line between)",
    "line": "One scene per line",
    "sentence": "One scene per sentence",
    "marker": "A new scene at a marker line",
}
TYPING_PAUSE_MS = 150
NO_BACKGROUND, AI_IMAGE = "none", "ai_image"


class NewFromScriptDialog(QDialog):
    def __init__(
        self,
        catalog: Catalog,
        aspect_ratio: str | None,
        *,
        text: str = "",
        voice_speed: float | None = None,
        start_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from script")
        self.setObjectName("newFromScriptDialog")
        self.resize(900, 680)
        self._catalog = catalog
        self._ratio = aspect_ratio or catalog.default_aspect_ratio
        self._voice_speed = voice_speed
        self._start_folder = start_folder
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.update_preview)

        self.script_edit = QPlainTextEdit(self)
        self.script_edit.setObjectName("scriptEdit")
        self.script_edit.setPlaceholderText(
            "Paste your script here. Blank lines between paragraphs; Markdown headings (## Intro) start a scene."
        )
        self.open_button = QPushButton("&Open a file…", self)
        self.open_button.setObjectName("openScriptButton")
        self.open_button.setToolTip("A .txt, .md or .docx file.")
        self.file_note = QLabel(self)
        self.file_note.setObjectName("scriptFileNote")
        self.file_note.setWordWrap(True)
        self.file_note.hide()

        self.split_combo = guard_wheel(QComboBox(self))
        self.split_combo.setObjectName("scriptSplitCombo")
        for mode in SPLIT_MODES:
            self.split_combo.addItem(SPLIT_LABELS[mode], mode)
        self.marker_edit = QLineEdit("---", self)
        self.marker_edit.setObjectName("scriptMarkerEdit")
        self.marker_edit.setToolTip("A line with exactly this text starts a new scene (it is not narrated).")
        self.marker_edit.setMaximumWidth(120)
        self.background_combo = guard_wheel(QComboBox(self))
        self.background_combo.setObjectName("scriptBackgroundCombo")
        self.background_combo.addItem("No background: Pictory picks stock footage (no AI credits)", NO_BACKGROUND)
        self.background_combo.addItem("AI image, generated from each scene's story", AI_IMAGE)
        self.model_combo = guard_wheel(QComboBox(self))
        self.model_combo.setObjectName("scriptModelCombo")
        combo_items.fill_models(self.model_combo, catalog, "image", self._ratio, None)
        self.style_combo = guard_wheel(QComboBox(self))
        self.style_combo.setObjectName("scriptStyleCombo")
        combo_items.fill_styles(self.style_combo, catalog, None)
        self.name_edit = QLineEdit("My video", self)
        self.name_edit.setObjectName("scriptVideoNameEdit")

        self.model = ScriptPreviewModel()
        self.table = QTableView(self)
        self.table.setObjectName("scriptPreview")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("scriptTotals")
        self.totals_label.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = buttons.addButton("Create scenes", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createScenesButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        script_row = QHBoxLayout()
        script_row.addWidget(QLabel("Your script:", self), 1)
        script_row.addWidget(self.open_button)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_combo, 1)
        split_row.addWidget(QLabel("Marker:", self))
        split_row.addWidget(self.marker_edit)
        self.ai_area = QWidget(self)
        ai_form = QFormLayout(self.ai_area)
        ai_form.setContentsMargins(0, 0, 0, 0)
        ai_form.addRow("&Model:", self.model_combo)
        ai_form.addRow("St&yle:", self.style_combo)
        form = QFormLayout()
        split_label = QLabel("&Split:", self)
        split_label.setBuddy(self.split_combo)  # a row holding a layout has no buddy of its own
        form.addRow(split_label, split_row)
        form.addRow("&Background:", self.background_combo)
        form.addRow("", self.ai_area)
        form.addRow("Video &name:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(script_row)
        layout.addWidget(self.script_edit, 2)
        layout.addWidget(self.file_note)
        layout.addLayout(form)
        layout.addWidget(
            QLabel("The scenes it makes (a prompt left empty is written by Pictory from the story):", self)
        )
        layout.addWidget(self.table, 3)
        layout.addWidget(self.totals_label)
        layout.addWidget(buttons)

        self.script_edit.textChanged.connect(self._timer.start)
        self.split_combo.currentIndexChanged.connect(self.update_preview)
        self.marker_edit.textChanged.connect(self.update_preview)
        for combo in (self.background_combo, self.model_combo, self.style_combo):
            combo.currentIndexChanged.connect(self.update_preview)
        self.open_button.clicked.connect(self.choose_file)
        if text:
            self.script_edit.setPlainText(text)
        self.update_preview()
        self.script_edit.setFocus()

    # --- reading -----------------------------------------------------------------------------------

    def mode(self) -> SplitMode:
        data = self.split_combo.currentData()
        return data if data in SPLIT_MODES else "paragraph"

    def background(self) -> Background:
        if self.background_combo.currentData() != AI_IMAGE:
            return NoBackground()
        model = str(self.model_combo.currentData() or "")
        style = self.style_combo.currentData()
        return AiImage(model, None, style if isinstance(style, str) else None)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a script", str(self._start_folder or ""), "Scripts (*.txt *.md *.docx);;All files (*)"
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Put the file's text in the script box; on failure say why and keep what the box had."""
        try:
            decoded = read_script_file(path)
        except ScriptError as error:
            said = str(error)
            self._note(said if path.name in said else f"“{path.name}”: {said}", error=True)
            return False
        self.script_edit.setPlainText(decoded.text)
        if decoded.encoding.lower() in ("cp1252", "windows-1252"):
            self._note(f"Read “{path.name}” as Windows-1252 (it is not UTF-8): check accented letters.", error=False)
        else:
            self.file_note.hide()
        if self.name_edit.text() == "My video":
            self.name_edit.setText(path.stem.replace("_", " ").replace("-", " ").strip() or "My video")
        self.update_preview()
        return True

    def _note(self, text: str, *, error: bool) -> None:
        self.file_note.setText(text)
        theme.set_text_colour(self.file_note, theme.error_colour(self) if error else theme.warning_colour(self))
        self.file_note.show()

    # --- the preview ----------------------------------------------------------------------------------

    def update_preview(self, *_args: object) -> None:
        self._timer.stop()
        mode = self.mode()
        self.marker_edit.setEnabled(mode == "marker")
        self.ai_area.setVisible(self.background_combo.currentData() == AI_IMAGE)
        marker = self.marker_edit.text().strip() or None
        preview = ScriptPreview((), Decimal(0), Decimal(0), True)
        if mode != "marker" or marker:
            preview = preview_script(
                self.script_edit.toPlainText(), mode, marker, self.background(), self._catalog, self._voice_speed
            )
        self.model.set_preview(preview)
        count = len(preview.scenes)
        self.create_button.setEnabled(count > 0)
        self.create_button.setText(f"Create {count} scene{'s' if count != 1 else ''}" if count else "Create scenes")
        self.totals_label.setText(self._totals(preview, mode, marker))

    def _totals(self, preview: ScriptPreview, mode: SplitMode, marker: str | None) -> str:
        count = len(preview.scenes)
        if not count:
            if mode == "marker" and not marker:
                return "Type the marker line that separates the scenes."
            return "Paste or open a script to see its scenes."
        credits = describe.credits(preview.credits) if preview.priced else "an unknown number of credits"
        narration = "narrated" if self._voice_speed is not None else "with no voice chosen yet"
        text = (
            f"{count} scene{'s' if count != 1 else ''} · {describe.length_words(preview.seconds)} long ({narration}) "
            f"· {credits}"
        )
        over = sum(1 for scene in preview.scenes if scene.over_limit)
        if over:
            text += f". {over} scene{'s are' if over != 1 else ' is'} longer than Pictory takes: split differently."
        return text

    def storyboard(self) -> Storyboard:
        """What Create makes: one scene per part, each with the chosen background."""
        return storyboard_from_script(
            self.model.preview.stories,
            video_name=self.name_edit.text().strip() or "My video",
            background=self.background(),
            aspect_ratio=self._ratio,
        )
