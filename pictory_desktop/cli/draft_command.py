"""`draft`: a free draft video of a storyboard, made on this computer in seconds (``pictory_desktop/draft``).

Nothing is sent to Pictory and nothing is spent. Pictures come from the app's image cache, else from their
address (fetched without the API key, as the scene list fetches them, and kept in the cache), unless
``--offline``. The music plays when ``--music`` gives its audio. Progress goes to standard error; the scenes'
boundaries and the length to standard output (one JSON object with ``--json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..domain.catalog import default_catalog
from ..domain.describe import format_duration
from ..domain.draft_plan import DraftPlan, plan_draft
from ..domain.project_format import ProjectFileError
from ..draft.encoder import DraftCancelled, DraftError, DraftResult, encode_draft
from ..draft.frames import default_width, ensure_painting_app
from ..draft.pictures import picture_source
from ..store.image_cache import ImageCache
from ..store.paths import AppPaths
from ..store.project_files import load_project_file
from .exit_codes import API_ERROR, OK, USAGE
from .progress import ProgressLine

MIN_WIDTH = 320
MAX_WIDTH = 3840


def draft_width(text: str) -> int:
    """argparse type of ``--width``: a whole number of pixels the encoder can use."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number of pixels.") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"Give a width between {MIN_WIDTH} and {MAX_WIDTH} pixels.")
    return value


def draft(args: argparse.Namespace) -> int:
    try:
        storyboard = load_project_file(args.file)
    except ProjectFileError as exc:
        where = f" ({exc.location})" if exc.location else ""
        print(f"{args.file}: cannot open{where}: {exc.message}", file=sys.stderr)
        return USAGE
    plan = plan_draft(storyboard, default_catalog())
    if not plan.segments:
        print(f"{args.file}: the storyboard has no scenes, so there is nothing to draft.", file=sys.stderr)
        return USAGE
    music: Path | None = args.music
    if music is not None and not music.is_file():
        print(f"{music}: no such file. Give the music's audio (MP3, WAV, M4A…) with --music.", file=sys.stderr)
        return USAGE
    if music is not None and plan.music is None:
        print("The storyboard has no music switched on, so --music is not played.", file=sys.stderr)
    out: Path = args.output
    if out.is_dir():
        print(f"{out} is a folder: give the video's file name, e.g. -o {out / 'draft.mp4'}.", file=sys.stderr)
        return USAGE

    ensure_painting_app()
    cache = ImageCache(AppPaths.from_environment().ensure().image_cache_dir)
    line = ProgressLine()
    try:
        result = encode_draft(
            plan,
            out,
            width=args.width or default_width(plan.ratio),
            picture_for=picture_source(cache, offline=args.offline),
            music_audio=music,
            # In steps of 5 %: a log file gets 21 lines, not one per half second of video.
            progress=lambda fraction: line.show(f"Drafting {out.name}: {int(fraction * 20) * 5} %"),
        )
    except (DraftCancelled, KeyboardInterrupt):
        line.done()
        print(f"Stopped: no draft was written ({out} is as it was).", file=sys.stderr)
        return 130
    except DraftError as exc:
        line.done()
        print(f"{args.file}: {exc}", file=sys.stderr)
        return API_ERROR
    line.done()
    for note in result.notes:
        print(note, file=sys.stderr)
    if args.json:
        print(json.dumps(draft_record(plan, result), ensure_ascii=False))
    else:
        print_draft(plan, result)
    return OK


def draft_record(plan: DraftPlan, result: DraftResult) -> dict[str, Any]:
    return {
        "path": str(result.path),
        "seconds": result.seconds,
        "estimated_seconds": float(plan.seconds),
        "length_is_a_floor": plan.uncertain,
        "width": result.width,
        "height": result.height,
        "fps": result.fps,
        "codec": result.codec,
        "audio": result.audio,
        "scenes": [
            {"scene": c.scene, "part": c.part, "parts": c.parts, "start": c.start, "end": c.end}
            for c in result.chapters
        ],
        "notes": list(result.notes),
    }


def print_draft(plan: DraftPlan, result: DraftResult, out=sys.stdout) -> None:
    sound = "with the music" if result.audio else "no sound"
    length = f"{result.seconds:.1f} s"
    if result.seconds >= 60:
        length += f" ({format_duration(result.seconds, approx=False)})"
    print(
        f"{result.path}: draft of “{plan.title}”, {length}, {result.width}×{result.height}, {result.fps} fps, "
        f"{result.codec}, {sound}",
        file=out,
    )
    for chapter in result.chapters:
        print(f"  {chapter.title:<24} {chapter.start:>7.2f} s – {chapter.end:>7.2f} s", file=out)
    if plan.uncertain:
        print("  (Some narration comes from a file or a web page: the real video may be longer.)", file=out)
