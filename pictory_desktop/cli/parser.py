"""Argument parsing for the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__

SUBCOMMANDS = (
    "estimate",
    "validate",
    "from-script",
    "render",
    "batch",
    "watch",
    "image",
    "draft",
    "jobs",
    "voices",
    "music",
    "sandbox",
)


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds.") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("Give a number of seconds between 0 and 3600.")
    return value


def _add_connection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-base-url",
        metavar="URL",
        help="Pictory API address (default: $PICTORY_API_BASE_URL or https://api.pictory.ai/pictoryapis).",
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="Use a local sandbox server started for this command: nothing is sent to Pictory; its credits are pretend credits.",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pictory-desktop",
        description="Build, check, price and render Pictory AI videos. Run without a command to open the window.",
        epilog="Exit codes: 0 done, 1 API or network error, 2 invalid input or usage, 3 job failed, "
        "4 stopped watching while still rendering, 5 refused by your monthly AI-credit limit (nothing sent).",
    )
    parser.add_argument("--version", action="version", version=f"pictory-desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from . import (
        batch_command,
        draft_command,
        image_command,
        inspect_commands,
        jobs_commands,
        library_commands,
        render_command,
        script_command,
    )

    estimate = commands.add_parser("estimate", help="Show AI credits per scene and in total.")
    estimate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    estimate.add_argument("--json", action="store_true", help="Print one JSON object per file.")
    estimate.set_defaults(handler=inspect_commands.estimate)

    validate = commands.add_parser("validate", help="List errors and advice; exit 2 when a file has errors.")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("--no-advice", action="store_true", help="Show errors only.")
    validate.set_defaults(handler=inspect_commands.validate)

    from_script = commands.add_parser(
        "from-script",
        help="Make a storyboard from a script (.txt, .md, .docx): one scene per paragraph, line, sentence or part.",
        description="Markdown headings start a scene and are not narrated. Offline: nothing is sent to Pictory.",
    )
    from_script.add_argument("script", type=Path, metavar="SCRIPT")
    from_script.add_argument(
        "--split",
        required=True,
        choices=("paragraph", "line", "sentence", "marker"),
        help="paragraph: blank lines separate scenes; line: every line; sentence: every sentence; "
        "marker: lines that are exactly --marker.",
    )
    from_script.add_argument(
        "--marker",
        metavar="TEXT",
        help="The line that separates scenes; write --marker=--- when it starts with a dash.",
    )
    from_script.add_argument("--video-name", metavar="NAME", help="The video's name (default: the script's name).")
    from_script.add_argument(
        "--model", metavar="M", help="An AI model for every scene's background (default: none); see the catalog."
    )
    from_script.add_argument("--style", metavar="S", help="The AI style (needs --model), e.g. photorealistic.")
    from_script.add_argument("--aspect-ratio", metavar="R", help="16:9, 9:16, 1:1 or 4:5 (default: Pictory's).")
    from_script.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json")
    from_script.add_argument("--force", action="store_true", help="Replace OUT.json if it exists.")
    from_script.set_defaults(handler=script_command.from_script)

    render = commands.add_parser("render", help="Check, show the cost, ask, then render on Pictory.")
    render.add_argument("files", nargs="+", type=Path, metavar="FILE")
    render.add_argument("--wait", action="store_true", help="Follow each render until it finishes.")
    render.add_argument(
        "--download", type=Path, metavar="DIR", help="Save each finished MP4 into DIR (implies --wait)."
    )
    render.add_argument(
        "--yes",
        action="store_true",
        help="Do not ask before spending credits. The monthly AI-credit limit of Settings still applies.",
    )
    render.add_argument(
        "--poll-interval",
        type=_positive_seconds,
        metavar="S",
        help="Seconds between status checks (at least 10 against Pictory).",
    )
    render.add_argument(
        "--watch-minutes",
        type=float,
        default=60,
        metavar="M",
        help="Stop watching after M minutes (default 60); the render goes on.",
    )
    _add_connection(render)
    render.set_defaults(handler=render_command.render)

    batch = commands.add_parser(
        "batch",
        help="One storyboard per CSV row from a template with {{placeholders}}; check, price, and with --render send each once.",
        description="Fill the template's {{placeholders}} (video name, stories, AI prompts) from each CSV row, write one "
        "storyboard per row into --out, check and price them all. With --render, ask once for the whole batch and send "
        "each valid row once. Running the same template and CSV again resumes: rows already sent are never sent again.",
    )
    batch.add_argument("template", type=Path, metavar="TEMPLATE.json")
    batch.add_argument("rows", type=Path, metavar="ROWS.csv")
    batch.add_argument("--out", type=Path, required=True, metavar="DIR", help="Write the storyboards into DIR.")
    batch.add_argument("--render", action="store_true", help="Render the valid videos (asks first, unless --yes).")
    batch.add_argument("--yes", action="store_true", help="Do not ask before spending credits.")
    batch.add_argument("--wait", action="store_true", help="Follow every render of the batch until it finishes.")
    batch.add_argument("--download", type=Path, metavar="DIR", help="Save each finished MP4 into DIR (implies --wait).")
    batch.add_argument("--skip-invalid", action="store_true", help="Render the valid rows even if others have errors.")
    batch.add_argument("--poll-interval", type=_positive_seconds, metavar="S", help="Seconds between status checks.")
    batch.add_argument("--watch-minutes", type=float, default=60, metavar="M", help="Stop watching after M minutes.")
    _add_connection(batch)
    batch.set_defaults(handler=batch_command.batch)

    watch = commands.add_parser("watch", help="Follow renders already sent (by job id, or all unfinished ones).")
    watch.add_argument("job_ids", nargs="*", metavar="JOB_ID")
    watch.add_argument("--download", type=Path, metavar="DIR")
    watch.add_argument("--poll-interval", type=_positive_seconds, metavar="S")
    watch.add_argument("--watch-minutes", type=float, default=60, metavar="M")
    _add_connection(watch)
    watch.set_defaults(handler=render_command.watch)

    from ..api.results import IMAGE_ASPECT_RATIOS, IMAGE_MODELS, IMAGE_STYLES

    image = commands.add_parser(
        "image",
        help="Generate one AI Studio image: show its cost, ask, send once, print its URL, save the PNG.",
        description="Spends the model's AI credits per image (asks first unless --yes; your monthly limit applies). "
        "Sent once: when the answer is lost it is looked for in your AI Studio images, never sent again.",
    )
    image.add_argument("prompt", metavar="PROMPT", help="What the picture shows: 5 to 5,000 characters.")
    image.add_argument("--model", choices=IMAGE_MODELS, help="Default: seedream3.0 (Pictory's).")
    image.add_argument("--style", choices=IMAGE_STYLES)
    image.add_argument("--aspect-ratio", choices=IMAGE_ASPECT_RATIOS, help="Default: the model's first (1:1).")
    image.add_argument("--yes", action="store_true", help="Do not ask before spending credits.")
    image.add_argument("--download", type=Path, metavar="DIR", help="Save the PNG into DIR.")
    image.add_argument("--watch-minutes", type=float, default=10, metavar="M", help="Stop watching after M minutes.")
    _add_connection(image)
    image.set_defaults(handler=image_command.image)

    draft = commands.add_parser(
        "draft",
        help="A free draft video of the storyboard, made on this computer in seconds: each scene's picture and words "
        "for as long as its narration will take.",
        description="Offline and free: nothing is sent to Pictory. AI visuals not tried yet are cards naming the model, "
        "style and prompt; there is no narration. Pictures come from the app's image cache, else from their address "
        "(never with your API key). OUT is replaced only once the new draft is complete.",
    )
    draft.add_argument("file", type=Path, metavar="FILE")
    draft.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.mp4")
    draft.add_argument(
        "--width",
        type=draft_command.draft_width,
        default=None,
        metavar="PX",
        help="Width in pixels (default: the longer side is 1280); the height follows the storyboard's aspect ratio.",
    )
    draft.add_argument(
        "--music", type=Path, metavar="AUDIO", help="The music's audio file, played at the storyboard's volume."
    )
    draft.add_argument("--offline", action="store_true", help="Use only pictures already in the app's image cache.")
    draft.add_argument("--json", action="store_true", help="Print one JSON object with the scenes' boundaries.")
    draft.set_defaults(handler=draft_command.draft)

    jobs = commands.add_parser("jobs", help="List the renders this computer has sent.")
    jobs.add_argument("--limit", type=int, default=20)
    jobs.set_defaults(handler=jobs_commands.list_jobs)

    voices = commands.add_parser("voices", help="List the AI voices a storyboard's voiceOver can name.")
    voices.add_argument(
        "--language", metavar="CODE", help="Only this language: en matches en-US and en-GB; en-GB only en-GB."
    )
    voices.add_argument("--gender", metavar="G", help="Only this gender (female, male).")
    voices.add_argument("--json", action="store_true", help="Print one JSON array.")
    _add_connection(voices)
    voices.set_defaults(handler=library_commands.voices)

    music = commands.add_parser("music", help="Search Pictory's music library for backgroundMusic.")
    music.add_argument("--query", metavar="Q", help="Words in a title, mood or genre (any case).")
    music.add_argument(
        "--mood", action="append", metavar="M", help='A mood exactly as Pictory lists it ("Calm / Serene"); repeatable.'
    )
    music.add_argument("--genre", action="append", metavar="G", help="A genre exactly as listed; repeatable.")
    music.add_argument("--json", action="store_true", help="Print one JSON array.")
    _add_connection(music)
    music.set_defaults(handler=library_commands.music)

    sandbox = commands.add_parser("sandbox", help="Run the local Pictory-compatible sandbox server.")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--cdn-port", type=int, default=0)
    sandbox.set_defaults(handler=jobs_commands.run_sandbox)
    return parser
