"""The editor opens each of Pictory's published bodies, shows its scenes sensibly and saves it back unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QWidget

from pictory_desktop.domain.catalog import default_catalog, format_credits
from pictory_desktop.domain.fields import APP_DATA_KEY
from pictory_desktop.domain.render_request import RenderRequest
from pictory_desktop.ui.render_dialog import RenderConfirmDialog
from pictory_desktop.ui.render_question import RenderQuestion
from tests.published import BY_NAME, PUBLISHED, Published

pytestmark = pytest.mark.gui


def find(window: QWidget, kind: type, name: str):
    widget = window.findChild(kind, name)
    assert widget is not None, name
    return widget


def _total_text(credits: Decimal) -> str:
    return f"Total: {format_credits(credits)} credit{'' if credits == 1 else 's'}"


@pytest.mark.parametrize("published", PUBLISHED, ids=[p.name for p in PUBLISHED])
def test_the_editor_opens_a_published_body_and_saves_it_back_unchanged(
    make_window, dialogs, tmp_path: Path, published: Published
):
    window, _, _ = make_window(published.path)
    body = published.body()
    scenes = body.get("scenes", [])
    model = window.scene_model
    assert model.rowCount() == len(scenes)
    for row in range(model.rowCount()):
        shown = model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
        assert "(no story yet)" not in shown and "would reject" not in shown, shown
        window.scene_panel.view.select_rows([row], row)
        assert window.editor.title.text() == f"Scene {row + 1} of {len(scenes)}"
    assert find(window, QLabel, "totalCreditsLabel").text() == _total_text(published.credits)
    assert window.document.errors() == []

    dialogs.save_path = tmp_path / published.file
    window.files.save_as()
    saved = json.loads(dialogs.save_path.read_text("utf-8"))
    saved.pop(APP_DATA_KEY)
    assert json.dumps(saved) == json.dumps(body)


def test_a_stock_search_background_shows_as_its_own_kind_with_the_search(make_window):
    window, _, _ = make_window(BY_NAME["skills-example-1-designed-explainer"].path)
    window.scene_panel.view.select_rows([0], 0)
    kind = find(window, QComboBox, "backgroundKindCombo")
    assert kind.currentText() == "Stock visuals chosen by Pictory"
    search = find(window, QLabel, "stockSearchLabel")
    assert search.isVisibleTo(window)
    assert "“hooded hacker typing dark room screen glow”" in search.text()
    assert not find(window, QComboBox, "modelCombo").isVisibleTo(window)
    shown = window.scene_model.data(window.scene_model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    assert "Stock visuals chosen by Pictory" in shown and "+ 3 overlays" in shown


def test_a_settings_only_background_says_pictory_picks_from_the_story(make_window):
    window, _, _ = make_window(BY_NAME["docs-background-video-loop-and-mute"].path)
    assert find(window, QComboBox, "backgroundKindCombo").currentText() == "Stock visuals chosen by Pictory"
    assert "picks stock visuals that match the story" in find(window, QLabel, "stockSearchLabel").text()


def test_overlays_are_shown_read_only_with_their_ai_credits(make_window):
    window, _, _ = make_window(BY_NAME["skills-example-3-ai-media-elements"].path)
    window.scene_panel.view.select_rows([0], 0)
    assert find(window, QGroupBox, "overlaysBox").isVisibleTo(window)
    assert find(window, QLabel, "overlaysSummary").text() == "3 overlays · 1 AI image, 2 credits"
    listed = find(window, QLabel, "overlaysList").text().splitlines()
    assert listed[0] == "1. Text “INTRODUCING” (subheading)"
    assert listed[2].startswith("3. AI image · Seedream · 2 credits: “sleek minimalist smart lamp")
    assert find(window, QLabel, "sceneCreditsLabel").text() == (
        "This scene costs 2 credits, all of it for the AI media in its overlays."
    )
    window.scene_panel.view.select_rows([2], 2)
    assert find(window, QLabel, "overlaysSummary").text() == "2 overlays · 1 AI clip, 8 credits"
    assert find(window, QLabel, "totalCreditsLabel").text() == "Total: 14 credits"


def test_a_scene_without_overlays_shows_no_overlay_box(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    assert not find(window, QGroupBox, "overlaysBox").isVisibleTo(window)


def test_the_render_confirmation_counts_the_overlays_ai_media(qtbot, make_window):
    window, _, _ = make_window(BY_NAME["skills-example-3-ai-media-elements"].path)
    document = window.document
    dialog = RenderConfirmDialog(
        None,
        RenderQuestion(
            RenderRequest(document.storyboard, document.estimate()),
            balance=None,
            catalog=default_catalog(),
            sandbox=False,
        ),
    )
    qtbot.addWidget(dialog)
    rows = [
        [cell.text() for c in range(3) if (cell := dialog.table.item(r, c))] for r in range(dialog.table.rowCount())
    ]
    assert rows[0] == ["Scene 1", "Plain colour rgb(8,8,12); overlays: 1 AI image (Seedream)", "2 credits"]
    assert rows[1][1] == "Stock visuals chosen by Pictory; overlays: 1 AI image (Seedream)"
    assert rows[2] == ["Scene 3", "Plain colour rgb(20,20,28); overlays: 1 AI clip (PixVerse 5.5)", "8 credits"]
    assert dialog.total_label.text() == "Total: 14 credits"
    assert dialog.render_button.text() == "Render for 14 credits"


def test_a_scene_narrated_by_pictorys_co_pilot_says_so_instead_of_an_empty_story(make_window):
    window, _, _ = make_window(BY_NAME["skills-schema-reference-fragments"].path)
    window.scene_panel.view.select_rows([5], 5)
    story = window.editor.story_edit
    assert story.toPlainText() == ""
    assert story.placeholderText() == (
        "Story written by Pictory: “30-second video about ocean plastic pollution” (as the file says)."
    )
    shown = window.scene_model.data(window.scene_model.index(5, 0), Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("Story written by Pictory")
