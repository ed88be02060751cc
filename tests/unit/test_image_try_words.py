"""What a locked scene and a try cost and say, the checks on a locked image, and the prompt a try is sent with."""

from __future__ import annotations

from decimal import Decimal

from pictory_desktop.domain import describe
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.checks import check_scene, check_storyboard
from pictory_desktop.domain.credits import estimate, scene_cost
from pictory_desktop.domain.scene_edits import lock_image, unlock
from pictory_desktop.domain.storyboard import AiImage, PictureUrl, Scene
from pictory_desktop.domain.studio import PROPOSAL_LIMIT, STUDIO_PROMPT_MIN, propose_prompt, studio_prompt
from pictory_desktop.domain.text import utf16_length

from .test_image_tries import ai_scene, locked_board, make_try

CATALOG = default_catalog()


# ---------------------------------------------------------------------------------------- costs, words


def test_a_locked_scene_costs_nothing_and_says_why():
    storyboard = locked_board()
    assert scene_cost(storyboard.scenes[1], CATALOG).credits == 0
    assert estimate(storyboard, CATALOG).total == 0
    assert scene_cost(ai_scene(), CATALOG).credits == Decimal("0.6")
    cost = scene_cost(storyboard.scenes[1], CATALOG)
    assert describe.scene_cost_sentence(storyboard.scenes[1], cost) == (
        "This scene uses the image you tried (locked): rendering it costs no AI credits. Back to AI generation "
        "brings the prompt back."
    )
    assert describe.visuals_summary(storyboard.scenes[1], CATALOG) == "Locked image"
    unlocked = unlock(storyboard.scenes[1])
    assert describe.visuals_summary(unlocked, CATALOG) == "AI image · Flux"
    assert describe.scene_cost_sentence(unlocked, scene_cost(unlocked, CATALOG)) == "This scene costs 0.6 credits."


def test_the_cost_of_a_try_is_said_before_it_is_sent():
    assert describe.try_cost("flux-schnell", CATALOG) == "Trying an image with Flux costs 0.6 credits."
    assert describe.try_cost("nanobanana-pro", CATALOG) == "Trying an image with Nano Banana Pro costs 14 credits."
    assert describe.try_cost("veo3.1", CATALOG) == "The cost of trying an image with Veo 3.1 is unknown."
    assert "unknown model" in describe.try_cost("dall-e", CATALOG)


# ------------------------------------------------------------------------------------------ checks


def test_a_locked_image_at_another_ratio_gets_advice_and_a_plain_http_address_an_error():
    storyboard = locked_board()
    scene = storyboard.scenes[1]
    assert [f.code for f in check_scene(scene, 1, CATALOG, "16:9")] == []
    advice = check_scene(scene, 1, CATALOG, "9:16")
    assert [(f.code, f.severity) for f in advice] == [("locked-ratio", "advice")]
    assert "cropped or letterboxed" in advice[0].message
    insecure = lock_image(ai_scene(), make_try("http://cdn.example.com/x.png"))
    assert [(f.code, f.severity) for f in check_scene(insecure, 1, CATALOG, "16:9")] == [
        ("locked-url-not-https", "error")
    ]
    # A try the sandbox made on this computer is served over plain http on loopback: that one is fine.
    sandbox = lock_image(ai_scene(), make_try("http://127.0.0.1:40123/sandbox-media/images/a.png"))
    assert check_scene(sandbox, 1, CATALOG, "16:9") == []
    # The same address on a scene that is not a lock keeps the old rules.
    plain = Scene(story="s", background=PictureUrl("http://cdn.example.com/x.png", "image"))
    assert check_scene(plain, 0, CATALOG, "16:9") == []
    assert not [f for f in check_storyboard(storyboard, CATALOG) if f.is_error]


# ------------------------------------------------------------------------------------------ prompts


def test_the_proposed_prompt_follows_its_rule():
    assert propose_prompt("  Meet our\n new app.  ") == "Meet our new app"
    assert propose_prompt("Meet our new app.", "cartoon") == "Meet our new app in a cartoon style"
    assert propose_prompt("Hi!") == "An image for: Hi!"
    assert propose_prompt("   ") == ""
    long = "The first sentence is here. " * 20
    proposal = propose_prompt(long, "photorealistic")
    assert utf16_length(proposal) <= PROPOSAL_LIMIT and proposal.endswith("is here in a photorealistic style")
    words = propose_prompt("word " * 100)
    assert utf16_length(words) <= PROPOSAL_LIMIT and words.endswith("word")
    emoji = propose_prompt("🎉" * 300)
    assert STUDIO_PROMPT_MIN <= utf16_length(emoji) <= PROPOSAL_LIMIT
    assert PROPOSAL_LIMIT == CATALOG.prompt_limits["image"]


def test_the_studio_prompt_is_the_scene_s_own_or_the_proposal():
    assert studio_prompt(ai_scene()) == "A sunny office, team planning"
    short = Scene(story="Team meeting.", background=AiImage("flux-schnell", "cat", "vintage"))
    assert studio_prompt(short) == "Team meeting in a vintage style"
    assert studio_prompt(Scene(story="", background=AiImage("flux-schnell"))) is None
    assert studio_prompt(lock_image(ai_scene(), make_try())) == "A sunny office, team planning"
