"""Try and lock: tries kept per scene, "Use this image" locks, "Back to AI generation" restores, nothing sent."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from pictory_desktop.domain.body import storyboard_from_body, storyboard_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.project_format import parse_project, serialize_project
from pictory_desktop.domain.scene_edits import (
    TryLocked,
    add_try,
    is_locked,
    latest_try,
    lock_image,
    remove_try,
    split_scene,
    unlock,
    with_kind,
)
from pictory_desktop.domain.storyboard import AiImage, Colour, ImageTry, PictureUrl, Scene, Storyboard, locked_try

CATALOG = default_catalog()
URL_1 = "https://cdn.example.com/images/user/u1/first.png"
URL_2 = "https://cdn.example.com/images/user/u1/second.png"

# An AI image with unknown keys at both levels, in an unusual order: unlock must give exactly this back.
AI_BODY: dict[str, Any] = {
    "settings": {"mute": True},
    "type": "image",
    "aiVisual": {
        "seed": 7,
        "model": "flux-schnell",
        "prompt": "A sunny office, team planning",
        "mediaStyle": "cartoon",
    },
}
BODY: dict[str, Any] = {
    "videoName": "Launch",
    "aspectRatio": "16:9",
    "scenes": [
        {"story": "Intro.", "background": {"color": "#000000"}},
        {"story": "A calm, sunny office where a team plans the launch.", "background": AI_BODY},
    ],
}


def make_try(url: str = URL_1, *, ratio: str = "16:9", model: str = "flux-schnell", **changes: Any) -> ImageTry:
    values: dict[str, Any] = {
        "url": url,
        "width": 1280,
        "height": 720,
        "prompt": "A sunny office, team planning",
        "model": model,
        "style": "cartoon",
        "aspect_ratio": ratio,
        "credits": Decimal("0.6"),
        "job_id": "job-" + url[-10:],
        "created": "2026-12-01T13:00:00+00:00",
    }
    values.update(changes)
    return ImageTry(**values)


def ai_scene() -> Scene:
    return storyboard_from_body(json.loads(json.dumps(BODY))).scenes[1]


# ----------------------------------------------------------------------------------------- scene edits


def test_tries_are_kept_in_order_and_the_same_image_is_never_doubled():
    scene = add_try(add_try(ai_scene(), make_try(URL_1)), make_try(URL_2))
    assert [t.url for t in scene.tries] == [URL_1, URL_2]
    assert latest_try(scene) == make_try(URL_2)
    assert add_try(scene, make_try(URL_1)) is scene
    found_again = make_try(URL_1, credits=None, job_id=None)  # e.g. from the account's image list
    assert [t.url for t in add_try(scene, found_again).tries] == [URL_1, URL_2]
    assert add_try(scene, found_again).tries[0] == found_again
    assert latest_try(ai_scene()) is None


def test_a_try_is_an_edit_the_document_sees_and_undo_can_restore():
    before = ai_scene()
    after = add_try(before, make_try())
    assert after != before  # edit_scene skips an "edit" equal to the scene
    assert lock_image(after, make_try()) != after


def test_lock_makes_the_background_the_picture_and_unlock_restores_the_ai_image_exactly():
    scene = ai_scene()
    original = scene.background
    locked = lock_image(add_try(scene, make_try()), make_try())
    assert is_locked(locked)
    assert isinstance(locked.background, PictureUrl)
    assert (locked.background.url, locked.background.media_type) == (URL_1, "image")
    assert locked.locked_from == original
    assert locked_try(locked) == make_try()
    unlocked = unlock(locked)
    assert unlocked.background == original
    assert unlocked.locked_from is None and not is_locked(unlocked)
    assert unlocked.tries == (make_try(),)
    assert unlock(scene) is scene


def test_locking_another_try_keeps_the_original_and_adds_the_try():
    scene = ai_scene()
    twice = lock_image(lock_image(scene, make_try(URL_1)), make_try(URL_2))
    assert isinstance(twice.background, PictureUrl) and twice.background.url == URL_2
    assert twice.locked_from == scene.background
    assert [t.url for t in twice.tries] == [URL_1, URL_2]
    assert unlock(twice).background == scene.background


def test_a_library_image_put_on_a_colour_scene_goes_back_to_the_ai_image_that_made_it():
    scene = Scene(story="s", background=Colour("#fff"))
    locked = lock_image(scene, make_try())
    assert unlock(locked).background == AiImage("flux-schnell", "A sunny office, team planning", "cartoon")


def test_the_locked_try_cannot_be_removed_but_others_can():
    locked = lock_image(add_try(ai_scene(), make_try(URL_2)), make_try(URL_1))
    with pytest.raises(TryLocked, match="Back to AI generation"):
        remove_try(locked, make_try(URL_1))
    assert [t.url for t in remove_try(locked, make_try(URL_2)).tries] == [URL_1]
    assert remove_try(locked, make_try("https://x.example/none.png")) is locked
    assert remove_try(unlock(locked), make_try(URL_1)).tries == (make_try(URL_2),)


def test_switching_a_locked_scene_to_ai_image_is_back_to_ai_generation():
    locked = lock_image(ai_scene(), make_try())
    back = with_kind(locked, "ai_image", CATALOG)
    assert back.background == ai_scene().background and back.locked_from is None
    # Through another kind and back to the picture: still locked.
    again = with_kind(with_kind(locked, "colour", CATALOG), "picture_url", CATALOG)
    assert is_locked(again) and again.background == locked.background


def test_tries_and_the_lock_travel_with_a_split_scene():
    locked = replace(lock_image(ai_scene(), make_try()), split_on_sentences=True, story="One. Two.")
    parts = split_scene(locked)
    assert len(parts) == 2 and all(is_locked(p) and p.tries == locked.tries for p in parts)


# ------------------------------------------------------------------------------------------ bodies


def locked_board() -> Storyboard:
    storyboard = storyboard_from_body(json.loads(json.dumps(BODY)))
    scene = lock_image(add_try(add_try(storyboard.scenes[1], make_try(URL_1)), make_try(URL_2)), make_try(URL_2))
    return storyboard.replace_scene(1, scene)


def test_the_body_sent_after_a_lock_is_a_picture_and_carries_nothing_app_owned():
    body = storyboard_to_body(locked_board())
    scenes = body["scenes"]
    assert isinstance(scenes, list) and isinstance(scenes[1], dict)
    assert scenes[1]["background"] == {"settings": {"mute": True}, "type": "image", "visualUrl": URL_2}
    text = json.dumps(body)
    for app_owned in (URL_1, "pictoryDesktop", "sceneImages", "lockedFrom", "aiVisual", "seed", "team planning"):
        assert app_owned not in text


def test_a_plain_lock_sends_exactly_type_and_visual_url():
    scene = lock_image(Scene(story="s", background=AiImage("flux-schnell", "A cat on a mat")), make_try())
    body = storyboard_to_body(Storyboard(video_name="v", scenes=(scene,)))
    assert body["scenes"] == [{"story": "s", "background": {"type": "image", "visualUrl": URL_1}}]


def test_no_request_body_ever_carries_tries_or_locks_whatever_the_scene():
    scenes = (
        add_try(ai_scene(), make_try()),
        lock_image(ai_scene(), make_try()),
        unlock(lock_image(ai_scene(), make_try(URL_2))),
        lock_image(Scene(background=Colour("#fff")), make_try()),
    )
    for scene in scenes:
        sent = json.dumps(storyboard_to_body(Storyboard(video_name="v", scenes=(scene,))))
        assert "tries" not in sent and "lockedFrom" not in sent and "pictoryDesktop" not in sent
        assert "job-" not in sent and "2026-12-01" not in sent
        if not is_locked(scene):
            assert URL_1 not in sent and URL_2 not in sent


def test_load_try_lock_save_load_unlock_gives_the_original_ai_image():
    original = storyboard_from_body(json.loads(json.dumps(BODY)))
    reopened = parse_project(serialize_project(locked_board()))
    scene = reopened.scenes[1]
    assert is_locked(scene) and scene.tries == (make_try(URL_1), make_try(URL_2))
    assert locked_try(scene) == make_try(URL_2)
    assert unlock(scene).background == original.scenes[1].background
    assert storyboard_to_body(reopened.replace_scene(1, unlock(scene))) == BODY
    assert reopened.app_data.get("sceneImages") is None  # lives on the scenes, not in app_data


def test_tries_are_saved_by_the_scene_s_position_at_save_time():
    storyboard = locked_board()
    moved = replace(storyboard, scenes=(storyboard.scenes[1], storyboard.scenes[0]))
    saved = json.loads(serialize_project(moved))
    assert list(saved["pictoryDesktop"]["sceneImages"]) == ["scenes[0]"]
    entry = saved["pictoryDesktop"]["sceneImages"]["scenes[0]"]
    assert entry["tries"][0]["credits"] == "0.6" and entry["lockedFrom"]["url"] == URL_2
    assert is_locked(parse_project(json.dumps(saved).encode()).scenes[0])


def test_a_lock_whose_picture_was_changed_elsewhere_is_dropped_and_bad_entries_are_ignored():
    saved = json.loads(serialize_project(locked_board()))
    saved["scenes"][1]["background"]["visualUrl"] = "https://elsewhere.example/other.png"
    saved["pictoryDesktop"]["sceneImages"]["scenes[7]"] = {"tries": [{"url": URL_1}]}  # no such scene
    saved["pictoryDesktop"]["sceneImages"]["scenes[1]"]["tries"].append({"url": 5})  # not a try
    scene = parse_project(json.dumps(saved).encode()).scenes[1]
    assert not is_locked(scene) and scene.locked_from is None
    assert [t.url for t in scene.tries] == [URL_1, URL_2]
    junk = dict(BODY, pictoryDesktop={"sceneImages": ["not", "an", "object"]})
    assert parse_project(json.dumps(junk).encode()).scenes[1].tries == ()
