"""`pictory-desktop voices` and `pictory-desktop music`: the real command in a child process against the
sandbox over HTTP, as a script or a person at a terminal would run it."""

from __future__ import annotations

import io
import json
import subprocess
import wave
from pathlib import Path
from typing import Any

import pytest
import requests

from pictory_desktop.sandbox import Fault, SandboxServer
from tests.robustness.helpers import closed_port, run

SECRET = "pictai_cli_library_SECRET_5e8f01"


def cli(*args: str, home: Path, sandbox: SandboxServer | None = None, base_url: str | None = None,
        key: str | None = SECRET) -> subprocess.CompletedProcess[str]:  # fmt: skip
    result = run(*args, home=home, sandbox=sandbox, base_url=base_url, key=key, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    if key:
        assert key not in result.stdout + result.stderr  # never printed, whatever happened
    return result


def json_out(*args: str, home: Path, sandbox: SandboxServer) -> list[dict[str, Any]]:
    result = cli(*args, "--json", home=home, sandbox=sandbox)
    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)  # exactly one JSON document, nothing else on stdout
    assert isinstance(value, list)
    return value


# ---- voices ---------------------------------------------------------------------------------------------
def test_voices_json_lists_every_voice_with_a_playable_sample(sandbox: SandboxServer, tmp_path: Path) -> None:
    listed = json_out("voices", home=tmp_path, sandbox=sandbox)
    assert len(listed) == 12
    for voice in listed:
        assert {"id", "name", "language", "gender", "service", "sample"} <= set(voice)
        assert isinstance(voice["id"], str) and voice["id"].isdigit()
    rachel = next(v for v in listed if v["name"] == "Rachel")
    assert rachel["service"] == "elevenlabs" and rachel["elevenlabs"] is True
    sample = requests.get(rachel["sample"], timeout=5)  # as a player would: no key
    assert sample.status_code == 200 and sample.headers["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(sample.content)) as reader:
        assert reader.getnframes() > 0
    (asked,) = sandbox.requests_for("voices")
    assert asked.headers["Authorization"] == SECRET
    assert all("authorization" not in {k.lower() for k in r.headers} for r in sandbox.requests if r.origin == "cdn")


@pytest.mark.parametrize(
    ("filters", "languages", "count"),
    [
        (["--language", "en"], {"en-US", "en-GB"}, 6),
        (["--language", "EN-gb"], {"en-GB"}, 2),
        (["--language", "e"], set(), 0),  # a prefix of the subtag is not a language
        (["--language", "de", "--gender", "FEMALE"], {"de-DE"}, 1),
        (["--gender", "male"], {"en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "nl-NL"}, 7),
    ],
)
def test_voice_filters(
    sandbox: SandboxServer, tmp_path: Path, filters: list[str], languages: set[str], count: int
) -> None:
    listed = json_out("voices", *filters, home=tmp_path, sandbox=sandbox)
    assert {v["language"] for v in listed} == languages and len(listed) == count


def test_voices_table_for_people(sandbox: SandboxServer, tmp_path: Path) -> None:
    result = cli("voices", "--language", "fr", home=tmp_path, sandbox=sandbox)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["NAME", "ID", "LANGUAGE", "GENDER", "SERVICE", "SAMPLE"]
    assert [row.split()[0] for row in rows[:2]] == ["Gabriel", "Léa"]
    assert f"{sandbox.cdn_base_url}/sandbox-media/voices/1201.wav" in rows[0]
    assert "ElevenLabs" not in result.stdout  # no ElevenLabs voice among these, so no word about its minutes
    none = cli("voices", "--language", "ja", home=tmp_path, sandbox=sandbox)
    assert none.returncode == 0 and "No voices match" in none.stdout


# ---- music ----------------------------------------------------------------------------------------------
def test_music_json_with_repeated_moods(sandbox: SandboxServer, tmp_path: Path) -> None:
    tracks = json_out("music", "--mood", "Calm / Serene", "--mood", "Playful", home=tmp_path, sandbox=sandbox)
    assert [t["title"] for t in tracks] == ["Bio Journey", "Slow Tide", "Paper Boats"]
    for track in tracks:
        assert {"id", "title", "audioUrl", "duration", "moods"} <= set(track)
        assert track["audioUrl"].startswith(sandbox.cdn_base_url)
    assert tracks[0]["moods"] == ["Calm / Serene", "Feel Good"] and tracks[0]["duration"] == 6.0
    (asked,) = sandbox.requests_for("music_search")
    assert json.loads(asked.body) == {"mood": ["Calm / Serene", "Playful"], "page": 1, "pageSize": 20}
    assert asked.headers["Authorization"] == SECRET


def test_music_query_and_genre(sandbox: SandboxServer, tmp_path: Path) -> None:
    tracks = json_out("music", "--query", "CALM", "--genre", "Lo-Fi", "--genre", "Pop", home=tmp_path, sandbox=sandbox)
    assert [t["title"] for t in tracks] == ["Slow Tide"]
    (asked,) = sandbox.requests_for("music_search")
    assert json.loads(asked.body) == {"query": "CALM", "genre": ["Lo-Fi", "Pop"], "page": 1, "pageSize": 20}


def test_music_table_and_an_empty_answer(sandbox: SandboxServer, tmp_path: Path) -> None:
    result = cli("music", "--query", "journey", home=tmp_path, sandbox=sandbox)
    assert result.returncode == 0, result.stderr
    header, row, *_ = result.stdout.splitlines()
    assert header.split() == ["TITLE", "ID", "LENGTH", "MOODS", "LISTEN"]
    assert row.split()[:4] == ["Bio", "Journey", "279", "0:06"] and row.endswith("/sandbox-media/music/279.wav")
    lower = cli("music", "--mood", "calm / serene", home=tmp_path, sandbox=sandbox)
    assert lower.returncode == 0 and "No tracks match" in lower.stdout and '"Calm / Serene"' in lower.stdout


# ---- keys, servers, failures: the same options and exit codes as `render` -------------------------------
@pytest.mark.parametrize("command", [["voices"], ["music", "--query", "calm"]])
def test_without_a_key_nothing_is_asked_and_the_exit_code_is_2(tmp_path: Path, command: list[str]) -> None:
    result = cli(*command, home=tmp_path, base_url="http://127.0.0.1:9/pictoryapis", key=None)
    assert result.returncode == 2 and "No Pictory API key found" in result.stderr and "--sandbox" in result.stderr


@pytest.mark.parametrize("command", [["voices"], ["music"]])
def test_a_rejected_key_exits_1(sandbox: SandboxServer, tmp_path: Path, command: list[str]) -> None:
    result = cli(*command, home=tmp_path, sandbox=sandbox, key="sk_not_a_pictory_key")
    assert result.returncode == 1 and "did not accept your API key" in result.stderr


@pytest.mark.parametrize(("command", "route"), [(["voices"], "voices"), (["music"], "music_search")])
def test_a_lasting_server_error_exits_1_after_retrying(
    sandbox: SandboxServer, tmp_path: Path, command: list[str], route: str
) -> None:
    sandbox.faults.add(Fault(route, "status", status=503, times=None))
    result = cli(*command, "--json", home=tmp_path, sandbox=sandbox)
    assert result.returncode == 1 and result.stdout == ""
    assert "Pictory's servers had a problem (error 503)" in result.stderr
    assert "may have started" not in result.stderr  # a search spends nothing, so no such warning
    assert len(sandbox.requests_for(route)) == 4


@pytest.mark.parametrize(("command", "route"), [(["voices"], "voices"), (["music"], "music_search")])
def test_a_passing_fault_is_retried_unseen(
    sandbox: SandboxServer, tmp_path: Path, command: list[str], route: str
) -> None:
    sandbox.faults.add(Fault(route, "drop"))
    result = cli(*command, "--json", home=tmp_path, sandbox=sandbox)
    assert result.returncode == 0 and json.loads(result.stdout) and "Error:" not in result.stderr
    assert len(sandbox.requests_for(route)) == 2


def test_a_garbled_answer_exits_1_and_says_so(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.faults.add(Fault("voices", "non_json"))
    result = cli("voices", home=tmp_path, sandbox=sandbox)
    assert result.returncode == 1
    assert "Pictory sent a list of voices this app could not read." in result.stderr


def test_an_unreachable_server_exits_1(tmp_path: Path) -> None:
    result = cli("music", home=tmp_path, base_url=f"http://127.0.0.1:{closed_port()}/pictoryapis")
    assert result.returncode == 1 and "Could not reach Pictory" in result.stderr


def test_plain_http_to_another_computer_is_refused_with_2(tmp_path: Path) -> None:
    result = cli("voices", "--api-base-url", "http://example.com/pictoryapis", home=tmp_path, key=SECRET)
    assert result.returncode == 2 and "https://" in result.stderr


def test_sandbox_option_needs_no_key(tmp_path: Path) -> None:
    result = cli("voices", "--sandbox", "--language", "nl", "--json", home=tmp_path, key=None)
    assert result.returncode == 0, result.stderr
    assert [v["name"] for v in json.loads(result.stdout)] == ["Tim"]
    assert "stop working when it ends" in result.stderr  # the links die with the command's own sandbox
