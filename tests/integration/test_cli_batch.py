"""`pictory-desktop batch` in a real child process against the local sandbox, over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import JobStore
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.project_files import load_project_file
from tests.timing import CLI_SPEED, SandboxClock

from .cli_runner import run_cli


@pytest.fixture
def sandbox_clock() -> SandboxClock:
    return SandboxClock(rate=CLI_SPEED)  # the sandbox's time runs at the pace of the child commands


TEMPLATE: dict[str, Any] = {
    "videoName": "{{product}} launch",
    "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian"}]},
    "scenes": [
        {
            "story": "Meet {{ product }}, made for {{audience}}.",
            "background": {
                "type": "image",
                "aiVisual": {"model": "flux-schnell", "prompt": "A bright studio with {{product}} on a table"},
            },
        },
        {"story": "Get {{product}} today.", "background": {"color": "#112233"}},
    ],
}


def files(tmp_path: Path, csv_text: str, template: dict[str, Any] | None = None) -> tuple[str, str]:
    template_path = tmp_path / "template.json"
    template_path.write_text(json.dumps(template or TEMPLATE), "utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_bytes(csv_text.encode("utf-8"))
    return str(template_path), str(rows)


def sent_names(sandbox) -> list[str]:
    return [json.loads(r.body)["videoName"] for r in sandbox.requests_for("render")]


def test_a_batch_renders_each_row_once_downloads_them_and_a_rerun_sends_nothing(sandbox, tmp_path):
    home, out, videos = tmp_path / "home", tmp_path / "out", tmp_path / "videos"
    template, rows = files(
        tmp_path, 'product;audience\nGizmo;runners\n"Widget; Pro";"busy\nparents"\nDoohickey;cooks\n'
    )
    args = ("batch", template, rows, "--out", str(out), "--render", "--yes", "--download", str(videos),
            "--poll-interval", "0.2")  # fmt: skip
    result = run_cli(*args, sandbox=sandbox, home=home)
    assert result.code == 0, result.err
    assert "Batch total for 3 valid videos: 1.8 credits" in result.out
    assert sorted(p.name for p in out.iterdir()) == [
        "Doohickey launch.json",
        "Gizmo launch.json",
        "Widget; Pro launch.json",
    ]
    widget = load_project_file(out / "Widget; Pro launch.json")
    assert widget.scenes[0].story == "Meet Widget; Pro, made for busy\nparents."
    assert sent_names(sandbox) == ["Gizmo launch", "Widget; Pro launch", "Doohickey launch"]
    assert len([p for p in videos.iterdir() if p.suffix == ".mp4"]) == 3
    with JobStore(AppPaths.under(home).jobs_db_file) as store:
        [batch] = store.list_batches()
        assert (batch.row_count, batch.rows_sent) == (3, 3)
        assert sorted(store.batch_rows_sent(batch.batch_id)) == [1, 2, 3]

    again = run_cli(*args, sandbox=sandbox, home=home)
    assert again.code == 0, again.err
    assert again.out.count("not sent again") == 3 and "nothing new to send" in again.out
    assert len(sandbox.requests_for("render")) == 3
    assert len([p for p in videos.iterdir() if p.suffix == ".mp4"]) == 3  # nothing downloaded twice


def test_rows_with_errors_stop_the_batch_unless_skip_invalid(sandbox, tmp_path):
    home, out = tmp_path / "home", tmp_path / "out"
    template, rows = files(tmp_path, f"product,audience\nGizmo,runners\n{'x' * 300},cooks\n")
    refused = run_cli("batch", template, rows, "--out", str(out), "--render", "--yes", sandbox=sandbox, home=home)
    assert refused.code == 2
    assert "CSV row 3" in refused.err and "prompt" in refused.err and "--skip-invalid" in refused.err
    assert sandbox.requests == []  # not even the valid row, and not even a balance check
    assert len(list(out.iterdir())) == 2  # both storyboards are written, so the bad one can be opened and fixed

    skipped = run_cli("batch", template, rows, "--out", str(out), "--render", "--yes", "--skip-invalid",
                      sandbox=sandbox, home=home)  # fmt: skip
    assert skipped.code == 0, skipped.err
    assert sent_names(sandbox) == ["Gizmo launch"]


def test_a_placeholder_without_a_column_is_reported_before_anything_is_made(sandbox, tmp_path):
    out = tmp_path / "out"
    template, rows = files(tmp_path, "product,colour\nGizmo,red\n")
    result = run_cli("batch", template, rows, "--out", str(out), "--render", "--yes", sandbox=sandbox, home=tmp_path)
    assert result.code == 2
    assert "{{audience}}" in result.err and "no column" in result.err
    assert "colour" in result.err  # the unused column is named too
    assert not out.exists() and sandbox.requests == []


def test_a_csv_that_cannot_be_read_says_where(sandbox, tmp_path):
    template, rows = files(tmp_path, "product,audience\nGizmo,runners\nWidget\n")
    result = run_cli("batch", template, rows, "--out", str(tmp_path / "out"), sandbox=None, home=tmp_path)
    assert result.code == 2 and "Row 3 has 1 value" in result.err


def test_a_row_whose_answer_was_lost_is_never_sent_again_and_is_reported(sandbox, tmp_path):
    home, out = tmp_path / "home", tmp_path / "out"
    template, rows = files(tmp_path, "product,audience\nGizmo,runners\nWidget,cooks\n")
    sandbox.faults.add(Fault(route="render", kind="drop"))  # the first render's connection closes unanswered
    args = ("batch", template, rows, "--out", str(out), "--render", "--yes")
    first = run_cli(*args, sandbox=sandbox, home=home)
    assert first.code == 1
    assert "NOT sent again" in first.err and "not sent" in first.err  # the rest stopped, to be resumed
    assert len(sandbox.requests_for("render")) == 1

    second = run_cli(*args, sandbox=sandbox, home=home)
    assert second.code == 1  # the lost row still needs the user's check
    assert "Gizmo launch" in second.err and "NOT sent again" in second.err
    assert sent_names(sandbox) == ["Gizmo launch", "Widget launch"]  # the lost row was not sent a second time
