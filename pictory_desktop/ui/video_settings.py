"""Settings for the whole video: its name and aspect ratio, with the video-level findings beneath."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from ..domain.storyboard import AiBackground
from ..qt.document import StoryboardDocument
from . import combo_items
from .findings_view import FindingsView
from .text_inputs import DocumentLineEdit
from .wheel_guard import guard_wheel


class VideoSettings(QWidget):
    def __init__(self, document: StoryboardDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._updating = False
        self._ratio_key: tuple[object, ...] | None = None
        self.name_edit = DocumentLineEdit(self)
        self.name_edit.setObjectName("videoNameEdit")
        self.name_edit.setAccessibleName("videoNameEdit")
        self.name_edit.setPlaceholderText("For example: Spring launch teaser")
        self.name_edit.setToolTip("The video's name in Pictory and in your job list. Pictory requires one.")
        self.ratio_combo = guard_wheel(QComboBox(self))
        self.ratio_combo.setObjectName("aspectRatioCombo")
        self.ratio_combo.setAccessibleName("aspectRatioCombo")
        self.ratio_combo.setToolTip("The video's shape. Some AI models cannot make every shape; those say so.")
        self.ratio_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.ratio_combo.setMinimumContentsLength(16)
        self.name_findings = FindingsView(self)
        self.ratio_findings = FindingsView(self)
        self.video_findings = FindingsView(self)
        self.video_findings.setObjectName("videoFindings")
        for view in (self.name_findings, self.ratio_findings, self.video_findings):
            view.dismissRequested.connect(document.dismiss)
        self.name_findings.follow(self.name_edit)
        self.ratio_findings.follow(self.ratio_combo)
        self.video_findings.follow(self.ratio_combo)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Video &name:", self.name_edit)
        form.addRow("", self.name_findings)
        form.addRow("As&pect ratio:", self.ratio_combo)
        form.addRow("", self.ratio_findings)
        form.addRow(self.video_findings)

        self.name_edit.textEdited.connect(document.set_video_name)
        self.ratio_combo.currentIndexChanged.connect(self._ratio_chosen)
        document.storyboardChanged.connect(self.refresh)
        self.refresh()

    def _unsupported_ratios(self) -> dict[str, str]:
        """ratio -> names of the models in this video that cannot make it."""
        catalog = self.document.catalog
        models = {
            scene.background.model
            for scene in self.document.storyboard.scenes
            if isinstance(scene.background, AiBackground)
        }
        result: dict[str, list[str]] = {}
        for model_id in sorted(models):
            model = catalog.model(model_id)
            for ratio in catalog.aspect_ratios:
                if model is not None and ratio not in model.aspect_ratios:
                    result.setdefault(ratio, []).append(model.name)
        return {ratio: ", ".join(names) for ratio, names in result.items()}

    def refresh(self) -> None:
        storyboard = self.document.storyboard
        self._updating = True
        try:
            if self.name_edit.text() != (storyboard.video_name or ""):
                self.name_edit.setText(storyboard.video_name or "")
            unsupported = self._unsupported_ratios()
            key = (storyboard.aspect_ratio, tuple(sorted(unsupported.items())))
            if key != self._ratio_key:
                self._ratio_key = key
                combo_items.fill_aspect_ratios(
                    self.ratio_combo, self.document.catalog, storyboard.aspect_ratio, unsupported
                )
                shown = storyboard.aspect_ratio or self.document.catalog.default_aspect_ratio
                self.ratio_combo.setCurrentIndex(self.ratio_combo.findData(shown))
            findings = self.document.video_findings()
            self.name_findings.show_findings([f for f in findings if f.field == "videoName"])
            self.ratio_findings.show_findings([f for f in findings if f.field == "aspectRatio"])
            self.video_findings.show_findings([f for f in findings if f.field not in ("videoName", "aspectRatio")])
        finally:
            self._updating = False

    def _ratio_chosen(self, index: int) -> None:
        ratio = self.ratio_combo.itemData(index)
        if not self._updating and ratio:
            self.document.set_aspect_ratio(ratio)
