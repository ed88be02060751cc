"""From script to storyboard in one step, and the scene edits around it (issue 13): a pasted five-paragraph
script becomes five priced scenes, a .docx opens, Split into scenes makes an estimate exact, Merge with next
joins two scenes, Switch models turns drafts into finals, each one undo step."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from pictory_desktop.domain.storyboard import AiImage
from pictory_desktop.ui.main_window import MainWindow
from pictory_desktop.ui.script_dialog import NewFromScriptDialog
from pictory_desktop.ui.switch_models_dialog import SwitchModelsDialog

from .conftest import GUIDE_EXAMPLE
from .driving import drive_dialog, run_dialog

pytestmark = pytest.mark.gui

SCRIPT = """## Morning
Wake up to the smell of fresh coffee.

Our beans are roasted every Tuesday, in small batches.

Visit us at 12 Market St. and try the $4.99 flat white.

Bring a friend: the second cup is on us.

Open every day from 7 a.m. until late."""


@pytest.fixture
def window(make_window) -> MainWindow:
    window, _context, _companions = make_window()
    window.resize(1280, 800)
    return window


def total_text(window: MainWindow) -> str:
    label = window.findChild(QLabel, "totalCreditsLabel")
    assert label is not None
    return label.text()


def paste(qtbot, window: MainWindow, text: str) -> None:
    story = window.editor.story_edit
    story.setFocus()
    QApplication.clipboard().setText(text)
    qtbot.keyClick(story, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # as the user pastes
    assert story.toPlainText() == text


def test_five_pasted_paragraphs_become_five_priced_scenes_in_one_undo_step(qtbot, window: MainWindow):
    paste(qtbot, window, SCRIPT)
    offer = window.editor.script_offer
    assert offer.isVisible()
    assert "5 paragraphs" in window.editor.script_offer_label.text()

    def make_scenes(dialog: NewFromScriptDialog) -> None:
        assert dialog.model.rowCount() == 5  # the heading starts the first scene and is not narrated
        assert dialog.model.index(0, 1).data() == "Wake up to the smell of fresh coffee."
        assert dialog.totals_label.text().startswith("5 scenes · ")
        assert dialog.totals_label.text().endswith("· 0 credits")  # no background yet: nothing to pay
        dialog.background_combo.setCurrentIndex(dialog.background_combo.findData("ai_image"))
        dialog.model_combo.setCurrentIndex(dialog.model_combo.findData("flux-schnell"))
        assert dialog.totals_label.text().endswith("· 3 credits")  # 5 × 0.6, before anything is created
        assert [dialog.model.index(r, 3).data() for r in range(5)] == ["0.6 credits"] * 5
        dialog.name_edit.setText("Coffee week")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    run_dialog(qtbot, window.editor.script_offer_button, make_scenes)
    document = window.document
    assert document.scene_count() == 5 and document.storyboard.video_name == "Coffee week"
    backgrounds = [s.background for s in document.storyboard.scenes]
    assert all(isinstance(b, AiImage) and b.model == "flux-schnell" and not b.prompt for b in backgrounds)
    assert total_text(window) == "Total: 3 credits"  # each scene has its own, empty, prompt box
    assert not offer.isVisible()
    document.undo_stack.undo()  # one step takes all five back to what was pasted
    assert document.scene_count() == 1 and document.scene(0).story_text.strip() == SCRIPT.strip()


def test_the_split_and_marker_change_the_preview_and_a_docx_opens(qtbot, window: MainWindow, tmp_path: Path):
    docx = tmp_path / "Launch script.docx"
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>'
        for line in ["First part. It has two sentences.", "---", "Second part.", "---", "Third part!"]
    )
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    docx.write_bytes(buffer.getvalue())
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")

    def use_the_file(dialog: NewFromScriptDialog) -> None:
        assert not dialog.load_file(broken)
        assert dialog.file_note.isVisible() and dialog.file_note.text().startswith("“broken.docx”: This is not a Word")
        assert dialog.script_edit.toPlainText() == ""  # nothing lost, nothing half-read
        assert dialog.load_file(docx)
        assert dialog.name_edit.text() == "Launch script"
        counts = {}
        for mode in ("paragraph", "line", "sentence", "marker"):
            dialog.split_combo.setCurrentIndex(dialog.split_combo.findData(mode))
            counts[mode] = dialog.model.rowCount()
        assert counts == {"paragraph": 3, "line": 3, "sentence": 4, "marker": 3}
        dialog.marker_edit.clear()
        assert dialog.model.rowCount() == 0 and not dialog.create_button.isEnabled()
        assert "marker" in dialog.totals_label.text()
        dialog.reject()

    drive_dialog(window.tools.new_from_script_action.trigger, use_the_file)
    assert window.document.scene_count() == 1  # cancelled: the editor's storyboard is untouched


def test_split_into_scenes_makes_the_estimate_exact_and_merge_joins_them_back(
    qtbot, tmp_path: Path, window: MainWindow
):
    body = json.loads(json.dumps(GUIDE_EXAMPLE))
    body["scenes"][0]["story"] = "Coffee wakes you up. Tea calms you down. Water keeps you going."
    body["scenes"][0]["createSceneOnEndOfSentence"] = True
    path = tmp_path / "split.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert window.open_path(path)
    assert total_text(window) == "Total: ≈ 10 credits"  # 3 × 2 (split) + 4
    button = window.editor.split_button
    assert button.isVisible() and button.text() == "Split into 3 scenes"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    document = window.document
    assert document.scene_count() == 4
    assert [s.story for s in document.storyboard.scenes[:3]] == [
        "Coffee wakes you up.",
        "Tea calms you down.",
        "Water keeps you going.",
    ]
    assert total_text(window) == "Total: 10 credits"  # exact now: no ≈
    assert not button.isVisible()

    window.scene_panel.view.select_rows([0], 0)
    assert window.tools.merge_action.isEnabled()
    window.tools.merge_action.trigger()
    assert document.scene_count() == 3
    assert document.scene(0).story == "Coffee wakes you up.\n\nTea calms you down."
    document.undo_stack.undo()  # the merge
    document.undo_stack.undo()  # the split: one step each
    assert document.scene_count() == 2 and document.scene(0).split_on_sentences is True
    document.undo_stack.setClean()


def test_switch_models_shows_the_cost_before_and_after_and_is_one_undo_step(qtbot, tmp_path: Path, window: MainWindow):
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(GUIDE_EXAMPLE), encoding="utf-8")
    assert window.open_path(path)

    def to_the_final_model(dialog: SwitchModelsDialog) -> None:
        dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("seedream3.0"))
        dialog.to_combo.setCurrentIndex(dialog.to_combo.findData("nanobanana-pro"))
        assert dialog.summary.text().startswith("1 scene will change. The video: 6 credits now, 18 credits after.")
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    drive_dialog(window.tools.switch_models_action.trigger, to_the_final_model)
    document = window.document
    models = [s.background.model for s in document.storyboard.scenes if isinstance(s.background, AiImage)]
    assert models == ["nanobanana-pro", "nanobanana"]
    assert total_text(window) == "Total: 18 credits"
    document.undo_stack.undo()
    models = [s.background.model for s in document.storyboard.scenes if isinstance(s.background, AiImage)]
    assert models == ["seedream3.0", "nanobanana"]
    document.undo_stack.setClean()
    QApplication.processEvents()
