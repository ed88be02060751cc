"""`from-script` in process: arguments checked against the catalog before anything is read or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pictory_desktop.cli import main
from pictory_desktop.store.project_files import load_project_file

SCRIPT = "# Intro\nWelcome to Acme.\nWe make rockets.\n\n## Price\nOnly $4.99 today. Dr. Lee agrees!\n"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "launch.md"
    path.write_text(SCRIPT, "utf-8")
    return path


def test_a_script_becomes_a_project_file_and_the_cost_is_printed(script, tmp_path, capsys):
    out = tmp_path / "launch.json"
    code = main(["from-script", str(script), "--split", "sentence", "--model", "nanobanana", "--style", "cartoon",
                 "--aspect-ratio", "9:16", "--video-name", "Acme launch", "-o", str(out)])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert f"Wrote {out}: 4 scenes, one per sentence of {script}." in printed
    assert "  Scene   4: 4 credits (1 AI visual × 4)\n  Total: 16 credits\n" in printed
    board = load_project_file(out)
    assert board.video_name == "Acme launch" and board.aspect_ratio == "9:16"
    assert [s.story for s in board.scenes] == ["Welcome to Acme.", "We make rockets.", "Only $4.99 today.",
                                               "Dr. Lee agrees!"]  # fmt: skip
    assert json.loads(out.read_text("utf-8"))["scenes"][0]["background"] == {
        "type": "image",
        "aiVisual": {"model": "nanobanana", "mediaStyle": "cartoon"},
    }
    assert not list(tmp_path.glob(".launch.json.*"))  # the atomic writer left no temporary file


def test_the_default_is_no_background_and_the_script_name(script, tmp_path, capsys):
    out = tmp_path / "plain.json"
    assert main(["from-script", str(script), "--split", "paragraph", "-o", str(out)]) == 0
    assert "  Total: 0 credits" in capsys.readouterr().out
    board = load_project_file(out)
    assert board.video_name == "launch" and len(board.scenes) == 2 and board.aspect_ratio is None


def test_a_video_model_gets_its_shortest_clip(script, tmp_path, capsys):
    out = tmp_path / "clips.json"
    assert main(["from-script", str(script), "--split", "paragraph", "--model", "pixverse5.5", "-o", str(out)]) == 0
    assert "Each scene gets a 5s clip" in capsys.readouterr().out
    assert json.loads(out.read_text("utf-8"))["scenes"][1]["background"]["aiVisual"]["videoDuration"] == "5s"


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--split", "marker"], "--split marker needs --marker TEXT"),
        (["--split", "line", "--marker=---"], "--marker is used only with --split marker"),
        (["--split", "line", "--model", "dall-e"], "Unknown model “dall-e”. Choose one of: flux-schnell,"),
        (["--split", "line", "--style", "cartoon"], "--style needs --model"),
        (["--split", "line", "--model", "flux-schnell", "--style", "noir"], "Unknown style “noir”"),
        (["--split", "line", "--aspect-ratio", "2:1"], "Unknown aspect ratio “2:1”. Choose one of: 16:9,"),
        (["--split", "line", "--model", "veo3.1", "--aspect-ratio", "1:1"], "Veo 3.1 does not make 1:1 clips"),
    ],
)
def test_bad_arguments_are_usage_errors_that_say_what_to_do(script, tmp_path, capsys, extra, says):
    out = tmp_path / "never.json"
    assert main(["from-script", str(script), *extra, "-o", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_output_is_kept_unless_forced(script, tmp_path, capsys):
    out = tmp_path / "mine.json"
    out.write_text("{}", "utf-8")
    assert main(["from-script", str(script), "--split", "line", "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text("utf-8") == "{}"
    assert main(["from-script", str(script), "--split", "line", "-o", str(out), "--force"]) == 0
    assert len(load_project_file(out).scenes) == 3  # the headings are not lines of narration


def test_unreadable_and_empty_scripts_are_usage_errors(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 \x81")
    assert main(["from-script", str(bad), "--split", "line", "-o", str(tmp_path / "a.json")]) == 2
    assert "Tried UTF-8" in capsys.readouterr().err
    empty = tmp_path / "empty.md"
    empty.write_text("# Only a heading\n", "utf-8")
    assert main(["from-script", str(empty), "--split", "line", "-o", str(tmp_path / "b.json")]) == 2
    assert "has no text to make scenes from" in capsys.readouterr().err


def test_a_scene_over_pictorys_story_limit_is_written_but_reported(tmp_path, capsys):
    long = tmp_path / "long.txt"
    long.write_text("word " * 4000, "utf-8")
    out = tmp_path / "long.json"
    assert main(["from-script", str(long), "--split", "paragraph", "-o", str(out)]) == 2
    printed = capsys.readouterr().out
    assert out.exists() and "1 error to fix before rendering" in printed
