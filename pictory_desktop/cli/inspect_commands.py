"""`estimate` and `validate`: read-only, offline, never talk to Pictory."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from typing import Any

from ..domain.catalog import format_credits
from ..domain.describe import format_duration
from .exit_codes import OK, USAGE
from .loading import CheckedFile, check_files, describe_load_error


def _number(value: Decimal) -> int | float:
    # JSON has one number type; credits are at most a few decimals, which floats print exactly (1.8 stays 1.8).
    return int(value) if value == value.to_integral_value() else float(str(value))


def estimate_record(item: CheckedFile) -> dict[str, Any]:
    if item.cost is None:
        return {"path": str(item.path), "error": str(item.load_error)}
    lengths = item.length.scenes if item.length is not None else ()
    record: dict[str, Any] = {
        "path": str(item.path),
        "video_name": item.storyboard.video_name if item.storyboard else None,
        "total_credits": _number(item.cost.total),
        "estimated": item.cost.estimated,
        "unpriced_scenes": list(item.cost.unpriced_scenes),
        "errors": len(item.errors),
        "scenes": [
            {
                "scene": number,
                "credits": _number(cost.credits),
                "ai_visuals": cost.all_visuals,
                "estimated": cost.estimated,
                "background_credits": _number(cost.background_credits),
                "overlay_credits": _number(cost.media_credits),
                "overlay_ai_visuals": cost.media_visuals,
            }
            for number, cost in enumerate(item.cost.scenes, start=1)
        ],
    }
    if item.length is not None:
        # The video's length, estimated (narration at 2.5 words a second; see domain/length.py), in seconds.
        record["estimated_seconds"] = _number(item.length.seconds)
        record["length_uncertain_scenes"] = list(item.length.uncertain_scenes)
        for scene, length in zip(record["scenes"], lengths, strict=True):
            scene["seconds"] = _number(length.seconds)
    return record


def print_cost_table(item: CheckedFile, out=sys.stdout) -> None:
    assert item.cost is not None
    print(f"{item.path}  “{item.name}”", file=out)
    for number, cost in enumerate(item.cost.scenes, start=1):
        approx = "≈ " if cost.estimated else ""
        if cost.all_visuals == 0:
            detail = "no AI visual"
        elif not cost.priced:
            detail = "cost unknown (unknown model or clip length)"
        elif cost.media_visuals == 0:
            plural = "s" if cost.visuals != 1 else ""
            detail = f"{approx}{format_credits(cost.credits)} credits ({cost.visuals} AI visual{plural} × {format_credits(cost.unit_credits)})"
        else:
            plural = "s" if cost.media_visuals != 1 else ""
            overlays = f"{format_credits(cost.media_credits)} for {cost.media_visuals} AI visual{plural} in overlays"
            background = f"{format_credits(cost.background_credits)} for the background, " if cost.visuals else ""
            detail = f"{approx}{format_credits(cost.credits)} credits ({background}{overlays})"
        print(f"  Scene {number:>3}: {detail}", file=out)
    approx = "≈ " if item.cost.estimated else ""
    print(f"  Total: {approx}{format_credits(item.cost.total)} credits", file=out)
    if item.cost.estimated:
        print("  (≈: Pictory splits some stories into several scenes; the count is an estimate.)", file=out)
    if item.length is not None:
        floor = bool(item.length.uncertain_scenes)  # narration from a file or a web page: its length is unknown
        said = ("at least " if floor else "") + format_duration(item.length.seconds, approx=not floor)
        print(f"  Length: {said} (narration at 2.5 words a second)", file=out)


def estimate(args: argparse.Namespace) -> int:
    checked = check_files(args.files)
    code = OK
    for item in checked:
        if item.load_error is not None:
            code = USAGE
            print(describe_load_error(item), file=sys.stderr)
        if args.json:
            print(json.dumps(estimate_record(item), ensure_ascii=False))
        elif item.cost is not None:
            print_cost_table(item)
    if not args.json and len(checked) > 1:
        total = sum((item.cost.total for item in checked if item.cost), Decimal(0))
        print(f"All files: {format_credits(total)} credits")
    return code


def print_findings(item: CheckedFile, *, advice: bool = True, out=sys.stdout) -> None:
    for finding in item.errors + (item.advice if advice else []):
        print(f"  {finding.describe()}", file=out)


def validate(args: argparse.Namespace) -> int:
    code = OK
    for item in check_files(args.files):
        if item.load_error is not None:
            print(describe_load_error(item))
            code = USAGE
            continue
        errors, advice = len(item.errors), len(item.advice)
        verdict = (
            "ready to render" if not errors else f"{errors} error{'s' if errors != 1 else ''} to fix before rendering"
        )
        extra = "" if args.no_advice or not advice else f", {advice} piece{'s' if advice != 1 else ''} of advice"
        print(f"{item.path}: {verdict}{extra}")
        print_findings(item, advice=not args.no_advice)
        if errors:
            code = USAGE
    return code
