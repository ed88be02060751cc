"""The scene list model: a correct Qt item model that follows every document change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from pictory_desktop.qt.scene_list_model import SceneListModel, SceneRole

pytestmark = pytest.mark.gui


def stories(document) -> list[str]:
    return [scene.story_text.split()[0] for scene in document.storyboard.scenes]


def test_model_passes_the_qt_model_tester_through_structural_edits(qtmodeltester, document):
    model = SceneListModel(document)
    qtmodeltester.check(model)
    document.add_scene(after=0)
    document.duplicate_scenes([0, 2])
    document.delete_scenes([1, 3])
    document.move_scenes([0], 3)
    document.undo_stack.undo()
    document.undo_stack.undo()
    document.new()
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_rows_show_number_story_background_and_credits(document):
    model = SceneListModel(document)
    first = model.index(0, 0)
    assert model.data(first, SceneRole.NUMBER) == 1
    assert model.data(first, SceneRole.SUMMARY) == "AI is transforming how we create visual content…"
    assert model.data(first, SceneRole.BACKGROUND) == "AI image · Seedream"
    assert model.data(first, SceneRole.CREDITS) == "2 credits"
    assert model.data(model.index(1, 0), SceneRole.CREDITS) == "4 credits"
    assert model.data(first, Qt.ItemDataRole.DisplayRole).startswith("AI is transforming")
    assert model.data(first, Qt.ItemDataRole.AccessibleTextRole).startswith("Scene 1: AI is transforming")


def test_error_marker_follows_the_scene_it_belongs_to(document):
    model = SceneListModel(document)
    assert model.data(model.index(1, 0), SceneRole.HAS_ERROR) is False
    from pictory_desktop.domain.scene_edits import with_prompt

    document.edit_scene(1, with_prompt(document.scene(1), "x" * 251), "Edit the prompt")
    assert model.data(model.index(1, 0), SceneRole.HAS_ERROR) is True
    assert "251" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    document.move_scenes([1], 0)
    assert model.data(model.index(0, 0), SceneRole.HAS_ERROR) is True
    assert model.data(model.index(1, 0), SceneRole.HAS_ERROR) is False


def test_drop_moves_the_dragged_scenes_as_one_undo_step(document):
    model = SceneListModel(document)
    document.add_scene()
    document.edit_scene(2, document.scene(2).__class__(story="Third scene."), "Type")
    before = stories(document)
    data = model.mimeData([model.index(0, 0)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert stories(document) == [before[1], before[2], before[0]]
    document.undo_stack.undo()
    assert stories(document) == before


def test_drop_from_another_document_is_refused(document, catalog):
    from pictory_desktop.qt.document import StoryboardDocument

    other = SceneListModel(StoryboardDocument(catalog))
    data = other.mimeData([other.index(0, 0)])
    model = SceneListModel(document)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
