"""Video › Switch models: draft with a cheap model, then switch every scene (or the selected ones) to the final
model in one step, seeing the cost before and after before anything changes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import describe
from ..domain.catalog import Catalog
from ..domain.model_switch import SwitchResult, switch_models
from ..domain.storyboard import AiBackground, Storyboard
from . import theme
from .wheel_guard import guard_wheel


def models_in_use(storyboard: Storyboard) -> list[str]:
    """The AI models the scenes' backgrounds use, in the order they first appear."""
    seen: dict[str, None] = {}
    for scene in storyboard.scenes:
        if isinstance(scene.background, AiBackground) and scene.background.model:
            seen.setdefault(scene.background.model, None)
    return list(seen)


class SwitchModelsDialog(QDialog):
    def __init__(
        self, storyboard: Storyboard, catalog: Catalog, selected: Sequence[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Switch models")
        self.setObjectName("switchModelsDialog")
        self._storyboard = storyboard
        self._catalog = catalog
        self._selected = list(selected)
        self.result_value: SwitchResult | None = None

        self.from_combo = guard_wheel(QComboBox(self))
        self.from_combo.setObjectName("switchFromCombo")
        for model_id in models_in_use(storyboard):
            model = catalog.model(model_id)
            self.from_combo.addItem(model.name if model else f"“{model_id}”", model_id)
        self.to_combo = guard_wheel(QComboBox(self))
        self.to_combo.setObjectName("switchToCombo")
        self.all_radio = QRadioButton("&Every scene", self)
        self.all_radio.setObjectName("switchAllRadio")
        count = len(self._selected)
        self.selected_radio = QRadioButton(f"The {count} &selected scene{'s' if count != 1 else ''}", self)
        self.selected_radio.setObjectName("switchSelectedRadio")
        group = QButtonGroup(self)
        group.addButton(self.all_radio)
        group.addButton(self.selected_radio)
        self.all_radio.setChecked(True)
        self.selected_radio.setEnabled(count > 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("switchSummary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = buttons.addButton("Switch", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("switchApplyButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Replace:", self.from_combo)
        form.addRow("&With:", self.to_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("In:", self))
        layout.addWidget(self.all_radio)
        layout.addWidget(self.selected_radio)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        self.from_combo.currentIndexChanged.connect(self._fill_targets)
        self.to_combo.currentIndexChanged.connect(self.update_summary)
        self.all_radio.toggled.connect(self.update_summary)
        self._fill_targets()

    def _fill_targets(self, *_args: object) -> None:
        source = self._catalog.model(str(self.from_combo.currentData() or ""))
        kind = source.kind if source is not None else "image"
        self.to_combo.blockSignals(True)
        self.to_combo.clear()
        for model in self._catalog.models_of(kind):
            if source is None or model.id != source.id:
                self.to_combo.addItem(f"{model.name} — {model.price_label}", model.id)
        self.to_combo.blockSignals(False)
        self.update_summary()

    def update_summary(self, *_args: object) -> None:
        source, target = self.from_combo.currentData(), self.to_combo.currentData()
        self.result_value = None
        if not source or not target:
            self.summary.setText("This storyboard has no AI scenes to switch.")
            self.apply_button.setEnabled(False)
            return
        rows = None if self.all_radio.isChecked() else self._selected
        result = switch_models(self._storyboard, str(source), str(target), rows, self._catalog)
        self.result_value = result
        before, after = describe.total_credits(result.cost_before), describe.total_credits(result.cost_after)
        changed = len(result.changed_rows)
        lines = [
            f"{changed} scene{'s' if changed != 1 else ''} will change. "
            f"The video: {before.removeprefix('Total: ')} now, {after.removeprefix('Total: ')} after."
        ]
        lines += [f"Scene {row + 1} stays as it is: {reason}" for row, reason in result.skipped]
        lines += [f"Scene {row + 1}: {note}" for row, note in result.adjusted]
        self.summary.setText("\n".join(lines))
        theme.set_text_colour(self.summary, None)
        self.apply_button.setEnabled(result.changed)
