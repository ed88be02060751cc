"""`estimate` and `validate` are offline: they read files and never talk to a server."""

from __future__ import annotations

import json
from pathlib import Path

from .cli_runner import run_cli

GUIDE = Path(__file__).parents[1] / "unit" / "data" / "guide_example.json"


def test_estimate_json_prints_one_object_per_file(tmp_path):
    split = json.loads(GUIDE.read_text("utf-8"))
    split["scenes"][0]["createSceneOnEndOfSentence"] = True
    split["scenes"][0]["story"] = "One. Two. Three."
    other = tmp_path / "split.json"
    other.write_text(json.dumps(split), "utf-8")
    result = run_cli("estimate", "--json", str(GUIDE), str(other), sandbox=None, home=tmp_path)
    assert result.code == 0, result.err
    first, second = (json.loads(line) for line in result.out.splitlines())
    assert (first["path"], first["total_credits"], first["estimated"]) == (str(GUIDE), 6, False)
    assert [s["credits"] for s in first["scenes"]] == [2, 4]
    assert (second["total_credits"], second["estimated"]) == (10, True)


def test_estimate_of_a_broken_file_says_where_and_exits_2(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"videoName": 3, "scenes": []}', "utf-8")
    result = run_cli("estimate", str(broken), sandbox=None, home=tmp_path)
    assert result.code == 2 and "videoName" in result.err


def test_validate_exit_codes_and_messages(tmp_path):
    ok = run_cli("validate", str(GUIDE), sandbox=None, home=tmp_path)
    assert ok.code == 0 and "ready to render" in ok.out
    typo = json.loads(GUIDE.read_text("utf-8"))
    typo["scenes"][1]["background"]["aiVisual"]["mediastyle"] = typo["scenes"][1]["background"]["aiVisual"].pop(
        "mediaStyle"
    )
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(typo), "utf-8")
    bad = run_cli("validate", str(path), sandbox=None, home=tmp_path)
    assert bad.code == 2
    assert "Error · Scene 2" in bad.out and "Did you mean “mediaStyle”" in bad.out


def test_unknown_command_line_options_are_usage_errors(tmp_path):
    assert run_cli("estimate", sandbox=None, home=tmp_path).code == 2
    assert run_cli("render", "x.json", "--poll-interval", "soon", sandbox=None, home=tmp_path).code == 2
