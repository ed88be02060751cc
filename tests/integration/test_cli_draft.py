"""`pictory-desktop draft`: the real command in a child process, as a script would run it, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av

from .cli_runner import run_cli

ROOT = Path(__file__).resolve().parents[2]
STORYBOARD = {
    "videoName": "Coffee launch",
    "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 100}]},
    "scenes": [
        {"story": "one two three four five", "background": {"color": "#ff0000"}},  # 2 s
        {"story": "First part here. Second.", "createSceneOnEndOfSentence": True, "background": {"color": "#00ff00"}},
        # 1.2 s + 0.4 s
        {"story": "A picture we do not have.", "background": {"type": "image", "visualUrl": "https://x.example/a.png"}},
    ],
}


def write_storyboard(folder: Path) -> Path:
    path = folder / "coffee.json"
    path.write_text(json.dumps(STORYBOARD), "utf-8")
    return path


def test_draft_json_prints_the_scene_boundaries_and_writes_a_video_that_plays(tmp_path):
    out = tmp_path / "videos" / "coffee draft.mp4"
    result = run_cli(
        "draft", str(write_storyboard(tmp_path)), "-o", str(out), "--width", "480", "--json", "--offline",
        sandbox=None, home=tmp_path / "home",
    )  # fmt: skip
    assert result.code == 0, result.err
    record = json.loads(result.out)
    assert (record["seconds"], record["estimated_seconds"], record["width"], record["height"]) == (6.0, 6.0, 480, 270)
    assert [(s["scene"], s["part"], s["start"], s["end"]) for s in record["scenes"]] == [
        (1, 1, 0.0, 2.0),
        (2, 1, 2.0, 3.2),
        (2, 2, 3.2, 3.6),
        (3, 1, 3.6, 6.0),  # six words: 2.4 s
    ]
    assert record["audio"] is False and record["codec"] == "libx264"
    assert record["notes"] == ["Scene 3: The picture is not on this computer. A card stands in for it."]
    assert "Drafting coffee draft.mp4: 100 %" in result.err and record["notes"][0] in result.err
    with av.open(str(out)) as container:
        assert container.duration is not None and abs(container.duration / 1e6 - 6.0) < 0.1
        assert sum(1 for _ in container.decode(video=0)) == 150


def test_draft_prints_a_table_and_paints_without_a_display(tmp_path):
    # No QT_QPA_PLATFORM and no display: the command makes its own offscreen application to paint text with.
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PICTORY_DESKTOP_HOME"] = str(tmp_path / "home")
    out = tmp_path / "d.mp4"
    done = subprocess.run(
        [sys.executable, "-m", "pictory_desktop", "draft", str(write_storyboard(tmp_path)), "-o", str(out), "--offline",
         "--width", "320"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{out}: draft of “Coffee launch”, 6.0 s, 320×180, 25 fps, libx264, no sound")
    assert [line.split()[:2] for line in lines[1:]] == [["Scene", "1"], ["Scene", "2"], ["Scene", "2"], ["Scene", "3"]]
    assert "part 2 of 2" in lines[3] and lines[3].rstrip().endswith("3.20 s –    3.60 s")


def test_draft_of_a_file_it_cannot_open_exits_2_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"videoName": 3, "scenes": []}', "utf-8")
    out = tmp_path / "d.mp4"
    result = run_cli("draft", str(broken), "-o", str(out), sandbox=None, home=tmp_path / "home")
    assert result.code == 2 and "videoName" in result.err and not out.exists()
    bad_width = run_cli("draft", str(broken), "-o", str(out), "--width", "12", sandbox=None, home=tmp_path / "home")
    assert bad_width.code == 2 and "between 320 and 3840" in bad_width.err
