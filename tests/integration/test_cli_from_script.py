"""`from-script` as a user runs it: the real command in a child process, offline."""

from __future__ import annotations

import json

from .cli_runner import run_cli


def test_five_paragraphs_become_five_priced_scenes(tmp_path):
    script = tmp_path / "script.txt"
    script.write_bytes("\r\n\r\n".join(f"Paragraph {n}.\r\nIt wraps here." for n in range(1, 6)).encode("cp1252"))
    out = tmp_path / "out.json"
    result = run_cli("from-script", str(script), "--split", "paragraph", "--model", "flux-schnell", "-o", str(out),
                     sandbox=None, home=tmp_path)  # fmt: skip
    assert result.code == 0, result.err
    assert "5 scenes, one per paragraph" in result.out and "Total: 3 credits" in result.out
    body = json.loads(out.read_text("utf-8"))
    assert [scene["story"] for scene in body["scenes"]][0] == "Paragraph 1. It wraps here."
    checked = run_cli("validate", str(out), sandbox=None, home=tmp_path)
    assert checked.code == 0 and "ready to render" in checked.out


def test_a_missing_marker_is_a_usage_error(tmp_path):
    script = tmp_path / "s.md"
    script.write_text("One\n---\nTwo\n", "utf-8")
    result = run_cli("from-script", str(script), "--split", "marker", "-o", str(tmp_path / "o.json"),
                     sandbox=None, home=tmp_path)  # fmt: skip
    assert result.code == 2 and "--marker TEXT" in result.err
    done = run_cli("from-script", str(script), "--split", "marker", "--marker=---", "-o", str(tmp_path / "o.json"),
                   sandbox=None, home=tmp_path)  # fmt: skip
    assert done.code == 0 and "2 scenes, one per marker line" in done.out
