"""The editor for the current scene: story, splitting, background, cost and findings, all live."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain import describe, scene_edits
from ..domain.credits import SceneCost
from ..domain.script import split_script
from ..domain.storyboard import AiBackground, AiImage, Scene
from ..domain.text import count_split_scenes, utf16_length
from ..qt.document import StoryboardDocument
from . import theme
from .background_form import ROW_FIELDS, BackgroundForm, SceneEdit
from .findings_view import FindingsView
from .text_inputs import DocumentTextEdit

STORY_FIELDS = ("story",)
STORY_PLACEHOLDER = "What the narrator says and the subtitles show in this scene."
PLACED_FIELDS = {field for fields in ROW_FIELDS.values() for field in fields} | set(STORY_FIELDS)


_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    return widget


class SceneEditor(QWidget):
    applyToAllRequested = Signal()
    applyToSelectedRequested = Signal()
    splitRequested = Signal()  # make the scenes Pictory would split this one into real ones
    scriptOffered = Signal(str)  # several paragraphs pasted into an empty storyboard: make scenes of them?

    def __init__(self, document: StoryboardDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.row = -1
        self._updating = False

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.credits_label = _named(QLabel(self), "sceneCreditsLabel")
        self.credits_label.setWordWrap(True)
        self.length_label = _named(QLabel(self), "sceneLengthLabel")
        self.length_label.setToolTip(describe.LENGTH_EXPLAINED)

        self.story_edit = _named(DocumentTextEdit(self, preferred_lines=6), "storyEdit")
        self.story_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.story_edit.setPlaceholderText(STORY_PLACEHOLDER)
        self.story_edit.setToolTip("The scene's narration and subtitle text, up to 15,000 characters.")
        self.story_counter = _named(QLabel(self), "storyCounter")
        self.split_sentences = _named(QCheckBox("One scene per &sentence", self), "splitSentencesCheck")
        self.split_sentences.setToolTip("Pictory makes a separate scene, with its own AI image, for every sentence.")
        self.split_lines = _named(QCheckBox("One scene per l&ine", self), "splitLinesCheck")
        self.split_lines.setToolTip("Pictory makes a separate scene, with its own AI image, for every line.")
        self.split_summary = _named(QLabel(self), "splitSummary")
        self.split_summary.setWordWrap(True)
        self.split_button = _named(QPushButton("Split into scenes", self), "splitSceneButton")
        self.split_button.setToolTip(
            "Make each part a scene of its own, with its own prompt box: the cost becomes exact instead of ≈."
        )
        self.split_button.hide()
        # Offered once, right where the text landed, when a pasted script has several paragraphs.
        self.script_offer = _named(QWidget(self), "scriptOffer")
        self.script_offer_label = QLabel(self.script_offer)
        self.script_offer_label.setWordWrap(True)
        self.script_offer_button = _named(QPushButton("Make scenes of it…", self.script_offer), "scriptOfferButton")
        offer = QHBoxLayout(self.script_offer)
        offer.setContentsMargins(0, 0, 0, 0)
        offer.addWidget(self.script_offer_label, 1)
        offer.addWidget(self.script_offer_button)
        self.script_offer.hide()
        self._offered_text = ""
        self.story_findings = FindingsView(self)
        self.background = BackgroundForm(document.catalog, self)
        # The scene's elements (text, shapes, pictures, clips over the background): shown, kept, not edited.
        self.overlays_box = _named(QGroupBox("Overlays (kept as in the file)", self), "overlaysBox")
        self.overlays_summary = _named(QLabel(self.overlays_box), "overlaysSummary")
        self.overlays_summary.setWordWrap(True)
        self.overlays_list = _named(QLabel(self.overlays_box), "overlaysList")
        self.overlays_list.setWordWrap(True)
        self.overlays_list.setTextFormat(Qt.TextFormat.PlainText)
        self.overlays_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overlays_list.setToolTip("This app keeps the overlays exactly as they are; edit them in the file.")
        self.other_findings = FindingsView(self)
        self.story_findings.follow(self.split_lines)

        self.apply_all_button = _named(QPushButton("Apply model and style to &all scenes", self), "applyToAllButton")
        self.apply_all_button.setToolTip(
            "Give every AI scene this style, and every scene of the same kind this model, for a consistent look."
        )
        self.apply_selected_button = _named(QPushButton("Apply to se&lected scenes", self), "applyToSelectedButton")
        self.apply_selected_button.setToolTip("The same, but only for the scenes selected in the list.")

        self._build_layout()
        self._connect()
        # Emitted once after every edit, undo, redo or open, after the costs and findings are current.
        document.storyboardChanged.connect(self.refresh)

    # ------------------------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.title)
        header.addWidget(self.credits_label)
        header.addWidget(self.length_label)

        story_box = QGroupBox("Story", self)
        story = QVBoxLayout(story_box)
        story.addWidget(self.story_edit, 1)
        story.addWidget(self.story_counter, 0, Qt.AlignmentFlag.AlignRight)
        splits = QHBoxLayout()
        splits.addWidget(self.split_sentences)
        splits.addWidget(self.split_lines)
        splits.addStretch(1)
        story.addLayout(splits)
        summary = QHBoxLayout()
        summary.addWidget(self.split_summary, 1)
        summary.addWidget(self.split_button)
        story.addLayout(summary)
        story.addWidget(self.script_offer)
        story.addWidget(self.story_findings)

        background_box = QGroupBox("Background", self)
        background = QVBoxLayout(background_box)
        background.addWidget(self.background)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_all_button)
        buttons.addWidget(self.apply_selected_button)
        buttons.addStretch(1)
        background.addLayout(buttons)

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.addLayout(header)
        column.addWidget(story_box)
        column.addWidget(background_box)
        self._column = column
        overlays = QVBoxLayout(self.overlays_box)
        overlays.addWidget(self.overlays_summary)
        overlays.addWidget(self.overlays_list)
        column.addWidget(self.overlays_box)
        column.addWidget(self.other_findings)
        self.other_findings.follow(self.apply_selected_button)
        # The story box keeps one height whatever appears around it (a tip, an error, another background's
        # fields): a box that grew and shrank moved the text under the user's eyes. Spare height goes below.
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Always there: a bar that appeared only when a tip made the form taller would narrow every field
        # and re-wrap its text under the user's cursor (and cost the slowest keystrokes a second repaint).
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the last field to Render, not to the frame
        self.empty_label = QLabel("This video has no scenes yet. Add one with “Add scene” (Ctrl+Return).", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.empty_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def add_section(self, title: str, widget: QWidget) -> QGroupBox:
        """A box of the window's own (voice and music for this scene), shown after the background."""
        box = QGroupBox(title, self)
        QVBoxLayout(box).addWidget(widget)
        self._column.insertWidget(self._column.indexOf(self.overlays_box), box)
        return box

    def _connect(self) -> None:
        self.story_edit.textChanged.connect(self._story_typed)
        self.story_edit.pasted.connect(self._pasted)
        self.split_button.clicked.connect(self.splitRequested)
        self.script_offer_button.clicked.connect(lambda: self.scriptOffered.emit(self._offered_text))
        self.split_sentences.toggled.connect(self._split_toggled)
        self.split_lines.toggled.connect(self._split_toggled)
        self.background.editRequested.connect(self._apply)
        for view in (self.story_findings, self.other_findings):
            view.dismissRequested.connect(self.document.dismiss)
        self.background.dismissRequested.connect(self.document.dismiss)
        self.apply_all_button.clicked.connect(self.applyToAllRequested)
        self.apply_selected_button.clicked.connect(self.applyToSelectedRequested)

    # ------------------------------------------------------------------------------------ showing

    def show_scene(self, row: int) -> None:
        self.row = row
        self.refresh()

    def refresh(self) -> None:
        count = self.document.scene_count()
        if not 0 <= self.row < count:
            self.row = -1 if count == 0 else min(max(self.row, 0), count - 1)
        if self.row < 0:
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.stack.setCurrentIndex(0)
        scene = self.document.scene(self.row)
        findings = self.document.scene_findings(self.row)
        self._updating = True
        try:
            self.title.setText(f"Scene {self.row + 1} of {count}")
            cost = self.document.scene_cost(self.row)
            self.credits_label.setText(describe.scene_credits_detail(cost, scene.background))
            length = self.document.scene_length(self.row)
            runs = describe.length_words(length.seconds, floor=length.uncertain)
            parts = f", as {length.parts} scenes" if length.parts > 1 else ""
            voice = "narrated" if length.narrated else "without narration"
            self.length_label.setText(f"It runs {runs}{parts} ({voice}).")
            self.story_edit.replace_text(scene.story_text)
            # A scene can take its narration from elsewhere (Pictory's co-pilot, a web page…): say so.
            summary = describe.scene_summary(scene)
            elsewhere = not scene.story_text.split() and summary != describe.story_summary("")
            self.story_edit.setPlaceholderText(f"{summary} (as the file says)." if elsewhere else STORY_PLACEHOLDER)
            self.split_sentences.setChecked(bool(scene.split_on_sentences))
            self.split_lines.setChecked(bool(scene.split_on_lines))
            self._show_story_measures(scene)
            self.story_findings.show_findings([f for f in findings if f.field in STORY_FIELDS])
            ratio = self.document.storyboard.aspect_ratio or self.document.catalog.default_aspect_ratio
            self.background.show_scene(scene, ratio, findings)
            self._show_overlays(scene, cost)
            self.other_findings.show_findings([f for f in findings if f.field not in PLACED_FIELDS])
            ai = isinstance(scene.background, AiBackground)
            self.apply_all_button.setEnabled(ai and count > 1)
            self.apply_selected_button.setEnabled(ai and count > 1)
        finally:
            self._updating = False

    def _show_overlays(self, scene: Scene, cost: SceneCost) -> None:
        lines = describe.element_lines(scene, self.document.catalog)
        shown = bool(lines) or scene.elements is not None
        self.overlays_box.setVisible(shown)
        if shown:
            self.overlays_summary.setText(describe.overlays_summary(scene, cost))
            self.overlays_list.setText("\n".join(lines))

    def _show_story_measures(self, scene: Scene) -> None:
        length = utf16_length(scene.story_text)
        limit = self.document.catalog.story_limit
        self.story_counter.setText(f"{length:,} / {limit:,} characters")
        theme.set_text_colour(self.story_counter, theme.error_colour(self) if length > limit else None)
        on_sentences, on_lines = bool(scene.split_on_sentences), bool(scene.split_on_lines)
        if not (on_sentences or on_lines):
            self.split_summary.setText("This text stays one scene.")
            self.split_button.hide()
            return
        scenes = count_split_scenes(scene.story_text, on_sentences=on_sentences, on_lines=on_lines)
        self.split_button.setText(f"Split into {scenes} scenes")
        self.split_button.setVisible(scenes > 1)
        text = f"This text will become about {scenes} scene{'s' if scenes != 1 else ''}"
        if isinstance(scene.background, AiBackground):
            visual = "AI image" if isinstance(scene.background, AiImage) else "AI clip"
            text += f", each with its own {visual} ({scenes} in all)"
        self.split_summary.setText(text + ".")

    def _pasted(self, text: str) -> None:
        """Several paragraphs pasted into a storyboard that has only this scene: offer to make scenes of them."""
        parts = len(split_script(text, "paragraph"))
        alone = self.document.scene_count() == 1 and self.story_edit.toPlainText().strip() == text.strip()
        if parts > 1 and alone:
            self._offered_text = text
            self.script_offer_label.setText(
                f"You pasted {parts} paragraphs. Make a scene of each, and see them priced?"
            )
            self.script_offer.show()

    def hide_script_offer(self) -> None:
        self.script_offer.hide()
        self._offered_text = ""

    # ------------------------------------------------------------------------------------ editing

    def _apply(self, edit: SceneEdit, text: str, merge_field: str = "") -> None:
        if self._updating or self.row < 0:
            return
        scene = self.document.scene(self.row)
        self.document.edit_scene(self.row, edit(scene), text, merge_field=merge_field or None)

    def _story_typed(self) -> None:
        if self.script_offer.isVisible() and self.story_edit.toPlainText().strip() != self._offered_text.strip():
            self.hide_script_offer()  # the user went on typing: the offer no longer fits
        text = self.story_edit.toPlainText()
        self._apply(lambda s: scene_edits.with_story(s, text), "Edit the story", "story")

    def _split_toggled(self) -> None:
        sentences, lines = self.split_sentences.isChecked(), self.split_lines.isChecked()
        self._apply(
            lambda s: scene_edits.with_split(s, on_sentences=sentences, on_lines=lines), "Change how the story splits"
        )
