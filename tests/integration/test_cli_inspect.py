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
    # The length estimate is added beside the credits (no voice-over: each scene is shown for its reading time).
    assert (first["estimated_seconds"], [s["seconds"] for s in first["scenes"]]) == (9.2, [4.8, 4.4])
    assert (second["estimated_seconds"], second["length_uncertain_scenes"]) == (13.4, [])  # 3 × 3 s + 4.4 s


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


def test_a_plain_http_base_url_that_is_not_this_computer_is_refused(tmp_path):
    path = tmp_path / "v.json"
    path.write_text(GUIDE.read_text("utf-8"), "utf-8")
    result = run_cli("render", str(path), "--yes", "--api-base-url", "http://api.example.com/pictoryapis",
                     sandbox=None, home=tmp_path)  # fmt: skip
    assert result.code == 2
    assert "https" in result.err


def test_sandbox_command_serves_the_api_until_interrupted(tmp_path):
    import os
    import signal
    import socket
    import subprocess
    import sys

    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PICTORY_DESKTOP_HOME": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "pictory_desktop", "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        assert f"127.0.0.1:{port}" in banner
        reply = requests.get(
            f"http://127.0.0.1:{port}/pictoryapis/v1/quota", headers={"Authorization": "pictai_try"}, timeout=5
        )
        assert reply.status_code == 200 and "aiCredits" in reply.json()
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0
