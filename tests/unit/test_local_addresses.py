"""Addresses only this computer can open (the sandbox's tries, uploads, own track or recording) in a storyboard
about to go to a real Pictory account: errors, because Pictory's servers would render without them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pictory_desktop.domain.local_addresses import check_local_addresses, is_on_this_computer
from pictory_desktop.domain.scene_edits import add_try, lock_image
from pictory_desktop.domain.storyboard import ImageTry

from .domain_builders import ai_image_scene, board

SANDBOX_TRY = "http://127.0.0.1:41234/cdn/aistudio/img-1.png"


@pytest.mark.parametrize(
    ("url", "local"),
    [
        (SANDBOX_TRY, True),
        ("http://localhost:8000/cdn/x.png", True),
        ("HTTP://LOCALHOST:8000/cdn/x.png", True),
        ("http://[::ffff:127.0.0.1]:8000/x.png", True),
        ("https://cdn.example.com/127.png", False),  # the marker in the path, not the host
        ("https://[::1]:9000/x.png", True),
        ("http://127.1.2.3/x.png", True),
        ("https://cdn.pictory.ai/x.png", False),
        ("https://127.0.0.1.example.com/x.png", False),
        ("not a url", False),
        ("http://[bad", False),
    ],
)
def test_which_addresses_only_this_computer_can_open(url: str, local: bool) -> None:
    assert is_on_this_computer(url) is local


def _locked_board(url: str):
    storyboard = board(ai_image_scene(prompt="A calm office"), ai_image_scene(prompt="A busy street"))
    tried = ImageTry(url, 1280, 720, "A busy street", "flux-schnell", None, "16:9", Decimal("0.6"), "job", "2026-12-01")
    scene = lock_image(add_try(storyboard.scenes[1], tried), tried)
    return storyboard.replace_scene(1, scene)


def test_a_sandbox_try_locked_on_a_scene_is_an_error_only_for_a_server_elsewhere() -> None:
    storyboard = _locked_board(SANDBOX_TRY)
    found = check_local_addresses(storyboard, server_on_this_computer=False)
    assert [(f.code, f.scene, f.path, f.is_error) for f in found] == [
        ("address-on-this-computer", 2, "scenes[1].background.visualUrl", True)
    ]
    assert "try the image again with your account" in found[0].message
    assert check_local_addresses(storyboard, server_on_this_computer=True) == []
    assert check_local_addresses(storyboard, server_on_this_computer=None) == []  # not known yet: no claim


def test_a_pictory_picture_is_fine_anywhere() -> None:
    storyboard = _locked_board("https://pictory-static.example.com/aistudio/img-1.png")
    assert check_local_addresses(storyboard, server_on_this_computer=False) == []


def test_an_uploaded_picture_music_track_and_recording_from_the_sandbox_are_named() -> None:
    storyboard = board(
        {"story": "Our product.", "background": {"type": "image", "visualUrl": "http://127.0.0.1:5000/up/a.jpg"}},
        backgroundMusic={"enabled": True, "musicUrl": "http://localhost:5000/up/track.mp3", "volume": 0.1},
        voiceOver={"enabled": True, "externalVoice": {"url": "http://127.0.0.1:5000/up/me.wav", "syncVoice": True}},
    )
    found = check_local_addresses(storyboard, server_on_this_computer=False)
    assert sorted((f.path, f.scene) for f in found) == [
        ("backgroundMusic.musicUrl", None),
        ("scenes[0].background.visualUrl", 1),
        ("voiceOver.externalVoice.url", None),
    ]
    by_path = {f.path: f.message for f in found}
    assert "From this computer…" in by_path["scenes[0].background.visualUrl"]
    assert by_path["backgroundMusic.musicUrl"].startswith("The music track is a file the sandbox keeps")
    assert by_path["voiceOver.externalVoice.url"].startswith("The narration recording is a file the sandbox keeps")


def test_replace_keeps_nothing_stale() -> None:
    storyboard = _locked_board(SANDBOX_TRY)
    moved = replace(storyboard, scenes=tuple(reversed(storyboard.scenes)))
    assert [f.scene for f in check_local_addresses(moved, server_on_this_computer=False)] == [1]


def test_the_render_command_refuses_a_sandbox_address_for_a_server_elsewhere(tmp_path, capsys) -> None:
    import json

    from pictory_desktop.cli.loading import check_files
    from pictory_desktop.cli.render_command import refuse_local_addresses

    path = tmp_path / "launch.json"
    scene = {"story": "Our product.", "background": {"type": "image", "visualUrl": "http://127.0.0.1:5000/up/a.jpg"}}
    path.write_text(json.dumps({"videoName": "Launch", "scenes": [scene]}), "utf-8")
    checked = check_files([path])
    assert not refuse_local_addresses(checked, server_on_this_computer=True)
    assert capsys.readouterr().err == ""
    assert refuse_local_addresses(checked, server_on_this_computer=False)
    err = capsys.readouterr().err
    assert f"{path}: scene 1: This scene's picture is kept by the sandbox on this computer" in err
    assert err.rstrip().endswith("Nothing was sent and no credits were spent.")
