"""`from-script`: a storyboard from a script file, one scene per paragraph, line, sentence or marked part.

Offline: it reads the script, writes the project file (atomically, as the window saves) and prints the scene
count and cost in the same table as `estimate`. Nothing is sent to Pictory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.catalog import Catalog, VideoModel, default_catalog
from ..domain.checks import check_storyboard
from ..domain.credits import estimate
from ..domain.length import estimate_length
from ..domain.project_format import ProjectFileError
from ..domain.script import ScriptError, SplitMode, split_script, storyboard_from_script
from ..domain.storyboard import AiImage, AiVideo, Background, NoBackground
from ..store.project_files import save_project_file
from ..store.script_files import read_script_file
from .exit_codes import OK, USAGE
from .inspect_commands import print_cost_table, print_findings
from .loading import CheckedFile

_SPLIT_WORDS = {"paragraph": "paragraph", "line": "line", "sentence": "sentence", "marker": "marker line"}


class _Refused(Exception):
    """A usage problem, with the sentence to print."""


def _background(args: argparse.Namespace, catalog: Catalog) -> Background:
    if args.style is not None and args.model is None:
        raise _Refused("--style needs --model: a style is the look of an AI background. Add --model too.")
    if args.model is None:
        return NoBackground()
    model = catalog.model(args.model)
    if model is None:
        names = ", ".join(m.id for m in (*catalog.image_models, *catalog.video_models))
        raise _Refused(f"Unknown model “{args.model}”. Choose one of: {names}.")
    if args.style is not None and catalog.style(args.style) is None:
        names = ", ".join(s.id for s in catalog.media_styles)
        raise _Refused(f"Unknown style “{args.style}”. Choose one of: {names}.")
    if args.aspect_ratio is not None and args.aspect_ratio not in model.aspect_ratios:
        raise _Refused(
            f"{model.name} does not make {args.aspect_ratio} {'clips' if isinstance(model, VideoModel) else 'pictures'}; it makes {', '.join(model.aspect_ratios)}. "
            "Choose one of those, or another model."
        )
    if isinstance(model, VideoModel):
        return AiVideo(model.id, model.durations[0], None, args.style)
    return AiImage(model.id, None, args.style)


def _check_arguments(args: argparse.Namespace, catalog: Catalog) -> Background:
    if args.split == "marker" and not (args.marker and args.marker.strip()):
        raise _Refused(
            "--split marker needs --marker TEXT: the line that separates scenes, e.g. --marker=--- (with '=' when it starts with a dash)."
        )
    if args.split != "marker" and args.marker is not None:
        raise _Refused("--marker is used only with --split marker.")
    if args.aspect_ratio is not None and args.aspect_ratio not in catalog.aspect_ratios:
        raise _Refused(
            f"Unknown aspect ratio “{args.aspect_ratio}”. Choose one of: {', '.join(catalog.aspect_ratios)}."
        )
    background = _background(args, catalog)
    output: Path = args.output
    if output.suffix.lower() != ".json":
        raise _Refused(f"The storyboard is written as JSON: name the output file …{output.stem}.json.")
    if output.exists() and not args.force:
        raise _Refused(f"“{output}” already exists. Choose another name, or add --force to replace it.")
    return background


def from_script(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    try:
        background = _check_arguments(args, catalog)
        text = read_script_file(args.script).text
        mode: SplitMode = args.split
        parts = split_script(text, mode, args.marker)
        if not parts:
            raise _Refused(f"“{args.script}” has no text to make scenes from.")
    except (_Refused, ScriptError) as exc:
        print(f"pictory-desktop from-script: {exc}", file=sys.stderr)
        return USAGE
    video_name = args.video_name if args.video_name is not None else Path(args.script).stem
    storyboard = storyboard_from_script(
        parts, video_name=video_name, background=background, aspect_ratio=args.aspect_ratio
    )
    try:
        save_project_file(args.output, storyboard)
    except ProjectFileError as exc:
        print(f"pictory-desktop from-script: {exc}", file=sys.stderr)
        return USAGE
    count = len(parts)
    print(
        f"Wrote {args.output}: {count} scene{'s' if count != 1 else ''}, one per {_SPLIT_WORDS[mode]} of {args.script}."
    )
    if isinstance(background, AiVideo):
        print(f"  Each scene gets a {background.duration} clip; change the length in the window if you need another.")
    item = CheckedFile(
        args.output,
        storyboard,
        findings=check_storyboard(storyboard, catalog),
        cost=estimate(storyboard, catalog),
        length=estimate_length(storyboard),
    )
    print_cost_table(item, out=sys.stdout)  # the default is bound at import; tests swap sys.stdout
    if item.errors:
        errors = len(item.errors)
        print(f"  {errors} error{'s' if errors != 1 else ''} to fix before rendering:")
        print_findings(item, advice=False, out=sys.stdout)
        return USAGE
    return OK
