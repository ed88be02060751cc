"""The document: one owner of the storyboard, with undo for every edit and per-scene caches."""

from __future__ import annotations

import json

import pytest

from pictory_desktop.domain import checks, scene_edits
from pictory_desktop.qt import storyboard_state as state_module
from pictory_desktop.qt.document import StoryboardDocument

pytestmark = pytest.mark.gui


def prompts(document) -> list[str | None]:
    return [scene.background.prompt for scene in document.storyboard.scenes]


def test_typing_in_one_field_is_one_undo_step(document):
    before = document.scene(0)
    for letter in "warm":
        text = (document.scene(0).background.prompt or "") + letter
        document.edit_scene(0, scene_edits.with_prompt(document.scene(0), text), "Edit", merge_field="prompt")
    assert document.undo_stack.count() == 1
    document.edit_scene(0, scene_edits.with_model(document.scene(0), "flux-schnell", document.catalog), "Model")
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.scene(0) == before


def test_a_keystroke_rechecks_only_the_edited_scene(document, monkeypatch):
    checked: list[int] = []
    original = checks.check_scene

    def counting(scene, index, catalog, ratio):
        checked.append(index)
        return original(scene, index, catalog, ratio)

    monkeypatch.setattr(state_module, "check_scene", counting)
    document.edit_scene(1, scene_edits.with_prompt(document.scene(1), "x"), "Edit", merge_field="prompt")
    assert checked == [1]
    checked.clear()
    document.set_aspect_ratio("9:16")
    assert sorted(checked) == [0, 1]


def test_aspect_ratio_a_model_cannot_make_is_an_error_on_every_scene_using_it(document):
    document.set_aspect_ratio("4:5")
    assert [f.code for f in document.errors()] == ["aspect-unsupported", "aspect-unsupported"]
    document.undo_stack.undo()
    assert document.errors() == []


def test_deleting_several_scenes_and_undoing_puts_them_back_in_place(document):
    document.add_scene()
    document.edit_scene(2, scene_edits.with_story(document.scene(2), "Third."), "Type")
    before = document.storyboard.scenes
    document.delete_scenes([0, 2])
    assert document.scene_count() == 1
    assert document.estimate().total == 4
    document.undo_stack.undo()
    assert document.storyboard.scenes == before
    # The added scene copied the model of the scene before it (Nano Banana, 4 credits).
    assert [str(document.scene_cost(i).credits) for i in range(3)] == ["2", "4", "4"]


def test_totals_follow_every_edit(document, qtbot):
    assert document.estimate().total == 6
    with qtbot.waitSignal(document.totalsChanged):
        document.edit_scene(0, scene_edits.with_model(document.scene(0), "nanobanana-pro", document.catalog), "M")
    assert document.estimate().total == 18


def test_dismissed_advice_is_hidden_undoable_and_saved(document, tmp_path):
    advice = [f for f in document.video_findings() if not f.is_error]
    assert advice, "the guide example has no voice-over, which is advice"
    document.dismiss(advice[0])
    assert advice[0] not in document.video_findings()
    target = tmp_path / "saved.json"
    document.save(target)
    saved = json.loads(target.read_text("utf-8"))
    assert advice[0].advice_id in saved["pictoryDesktop"]["dismissedAdvice"]
    reopened = StoryboardDocument(document.catalog)
    reopened.open_file(target)
    assert advice[0] not in reopened.video_findings()
    document.undo_stack.undo()
    assert advice[0] in document.video_findings()


def test_modified_follows_the_undo_stack_and_a_recovered_document_stays_unsaved(document, qtbot):
    assert not document.is_modified
    with qtbot.waitSignal(document.modifiedChanged) as signal:
        document.set_video_name("Launch")
    assert signal.args == [True]
    document.undo_stack.undo()
    assert not document.is_modified
    document.replace_all(document.storyboard, None, saved=False)
    assert document.is_modified


def test_switching_kind_keeps_a_long_prompt_whole_and_reports_it(document):
    long_prompt = "cinematic city skyline at dusk " * 10  # 310 characters: fine for video, too long for images
    scene = scene_edits.with_kind(document.scene(0), "ai_video", document.catalog)
    document.edit_scene(0, scene_edits.with_prompt(scene, long_prompt), "Video")
    assert document.errors() == []
    document.edit_scene(0, scene_edits.with_kind(document.scene(0), "ai_image", document.catalog), "Image")
    assert document.scene(0).background.prompt == long_prompt
    assert [f.code for f in document.errors()] == ["prompt-too-long"]


def _negative_prompt_advice(document, row: int) -> list:
    return [f for f in document.scene_findings(row) if f.code == "prompt-negative"]


@pytest.fixture
def three_scenes_asking_for_no_people(catalog, guide_file):
    """Scenes 2 and 3 say what they don't want ("no people"): the same tip on each."""
    from pictory_desktop.domain.body import storyboard_from_body

    body = json.loads(guide_file.read_text("utf-8"))
    second = body["scenes"][1]
    body["scenes"].append(json.loads(json.dumps(second)))
    body["scenes"][1]["background"]["aiVisual"]["prompt"] = "A quiet beach at dawn, no people"
    body["scenes"][2]["background"]["aiVisual"]["prompt"] = "A busy street at night, no people"
    body["scenes"][2]["story"] = "The third scene."
    document = StoryboardDocument(catalog)
    document.replace_all(storyboard_from_body(body), None, saved=True)
    assert _negative_prompt_advice(document, 1) and _negative_prompt_advice(document, 2)
    return document


def test_a_dismissed_tip_stays_with_its_scene_when_scenes_move(three_scenes_asking_for_no_people):
    document = three_scenes_asking_for_no_people
    document.dismiss(_negative_prompt_advice(document, 2)[0])  # the street scene's tip
    assert document.move_scenes([2], 0)  # the street scene goes first
    assert document.scene(0).story == "The third scene."
    assert _negative_prompt_advice(document, 0) == []  # still dismissed, on the scene that moved
    assert _negative_prompt_advice(document, 2)  # the beach scene's own tip is still shown
    document.undo_stack.undo()
    assert _negative_prompt_advice(document, 2) == [] and _negative_prompt_advice(document, 1)


def test_a_dismissed_tip_survives_inserts_and_deletes_before_its_scene(three_scenes_asking_for_no_people):
    document = three_scenes_asking_for_no_people
    document.dismiss(_negative_prompt_advice(document, 2)[0])
    document.add_scene(after=0)  # a new scene 2: the street scene becomes scene 4
    assert document.scene(3).story == "The third scene."
    assert _negative_prompt_advice(document, 3) == [] and _negative_prompt_advice(document, 2)
    document.delete_scenes([0, 1])  # the street scene is now the second
    assert document.scene(1).story == "The third scene."
    assert _negative_prompt_advice(document, 1) == [] and _negative_prompt_advice(document, 0)


def test_deleting_a_scene_drops_its_dismissal_and_undo_brings_both_back(three_scenes_asking_for_no_people):
    document = three_scenes_asking_for_no_people
    street_tip = _negative_prompt_advice(document, 2)[0]
    street = street_tip.advice_id
    document.dismiss(street_tip)
    document.delete_scenes([2])
    assert street not in document.dismissed_advice()  # no stale id left to hide a future scene 3's tip
    document.undo_stack.undo()
    assert document.scene(2).story == "The third scene."
    assert _negative_prompt_advice(document, 2) == [] and street in document.dismissed_advice()
