"""Kind switches keep what the user had for each kind while the storyboard is open."""

from __future__ import annotations

from pictory_desktop.domain.body import scene_to_body
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.scene_edits import with_kind, with_prompt
from pictory_desktop.domain.storyboard import AiImage, AiVideo, Colour, NoBackground, Scene

CATALOG = default_catalog()
IMAGE = AiImage(model="nanobanana-pro", prompt="Steam over a latte", media_style="photorealistic")


def test_between_ai_kinds_the_prompt_travels_and_each_kind_keeps_its_model():
    scene = with_kind(Scene(story="s", background=IMAGE), "ai_video", CATALOG)
    video = scene.background
    assert isinstance(video, AiVideo) and video.prompt == IMAGE.prompt and video.media_style == IMAGE.media_style
    scene = with_kind(with_prompt(scene, "Steam rising slowly"), "ai_image", CATALOG)
    assert scene.background == AiImage(
        model="nanobanana-pro", prompt="Steam rising slowly", media_style="photorealistic"
    )


def test_a_round_trip_through_a_free_kind_restores_the_ai_image_exactly():
    scene = with_kind(with_kind(Scene(background=IMAGE), "colour", CATALOG), "none", CATALOG)
    assert scene.background == NoBackground()
    assert with_kind(scene, "ai_image", CATALOG).background == IMAGE
    assert with_kind(scene, "colour", CATALOG).background == Colour(color="#1f2937")


def test_what_is_set_aside_is_never_part_of_the_body():
    scene = with_kind(Scene(story="s", background=IMAGE), "colour", CATALOG)
    assert scene_to_body(scene) == {"story": "s", "background": {"color": "#1f2937"}}
