"""`estimate` reports the video's length beside its credits: the JSON gains fields, the table a line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pictory_desktop.cli.inspect_commands import estimate_record, print_cost_table
from pictory_desktop.cli.loading import check_files
from tests.published import BY_NAME

GUIDE = Path(__file__).parent / "data" / "guide_example.json"


def test_the_json_record_adds_seconds_per_file_and_per_scene_and_keeps_the_rest(tmp_path):
    body = json.loads(GUIDE.read_text("utf-8"))
    body["voiceOver"] = {"enabled": True, "aiVoices": [{"speaker": "Brian", "speed": 120}]}
    path = tmp_path / "voiced.json"
    path.write_text(json.dumps(body), "utf-8")
    [item] = check_files([path])
    record = estimate_record(item)
    assert (record["total_credits"], record["estimated"], record["unpriced_scenes"]) == (6, False, [])
    assert [s["credits"] for s in record["scenes"]] == [2, 4]
    # 12 and 11 words at 2.5 words a second × 1.2.
    assert [s["seconds"] for s in record["scenes"]] == [4, 3.7]
    assert record["estimated_seconds"] == 7.7 and record["length_uncertain_scenes"] == []
    json.dumps(record)  # plain JSON numbers, no Decimal


def test_the_table_says_the_length_and_when_it_is_only_a_floor():
    [guide] = check_files([GUIDE])
    out = io.StringIO()
    print_cost_table(guide, out)
    assert "  Total: 6 credits\n  Length: ≈ 9 s (narration at 2.5 words a second)\n" in out.getvalue()
    [fragments] = check_files([BY_NAME["skills-schema-reference-fragments"].path])
    out = io.StringIO()
    print_cost_table(fragments, out)
    assert "  Length: at least 29 s" in out.getvalue()
