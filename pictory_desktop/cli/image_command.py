"""`image`: one AI Studio image (``POST /v1/aistudio/images``): price, check the user's limit, ask, send once,
follow, print the URL and the credits used, and save the PNG.

Like a render, a try spends credits, so it is sent exactly once. When its answer is lost, the command does not
send it again: it looks for it, read-only, in the account's image list (``api.studio.find_lost_image``).
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from ..api.client import PictoryClient
from ..api.errors import BadResponse, NetworkError, PictoryError, ServerError, Unauthorized
from ..api.poll import PollSchedule
from ..api.results import IMAGE_MODELS, AiStudioImage, ImageRequest, JobCompleted, JobFailed, JobStatus
from ..api.studio import find_lost_image
from ..api.watch import WatchEnd, watch_job
from ..domain.catalog import ImageModel, default_catalog, format_credits
from ..store.jobs_db import JobStore
from ..store.paths import AppPaths
from .connection import Connection, run_with_history, say_error
from .exit_codes import API_ERROR, JOB_FAILED, OK, STILL_RENDERING, USAGE
from .pace import Pace
from .progress import ProgressLine
from .render_command import approve_spending, watch_schedule
from .spending import read_limits

LOST_LOOKS = 3  # looks at the image list after a lost answer, one poll interval apart: generation takes a while


def _price(model: str) -> Decimal:
    found = default_catalog().model(model)
    if not isinstance(found, ImageModel):  # pragma: no cover - argparse allows only the listed models
        raise ValueError(f"{model} is not an image model.")
    return found.credits_per_image


def _schedule(client: PictoryClient, args: argparse.Namespace, sandbox: bool) -> PollSchedule:
    # Pictory asks for 10-30 s between checks; the sandbox on this computer makes an image in about a second.
    return watch_schedule(client, 1.0 if sandbox else 10.0, args.watch_minutes)


def _file_name(prompt: str, job_id: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", " ".join(prompt.split()[:6])).strip().replace(" ", "-")[:60] or "image"
    return f"{stem}-{job_id[:8]}.png"


def _save(client: PictoryClient, url: str, folder: Path, name: str) -> int:
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        client.download(url, target)  # streamed into the atomic writer, without the API key
    except OSError as exc:
        print(f"Error: could not save the image into {folder}: {exc.strerror or exc}.", file=sys.stderr)
        return API_ERROR
    except PictoryError as exc:
        say_error(exc)
        print(f"  The image is still in your AI Studio images: {url}", file=sys.stderr)
        return API_ERROR
    print(f"Saved {target}")
    return OK


def _look_for_lost(
    client: PictoryClient, request: ImageRequest, model: str, sent_at: datetime, wait: Callable[[float], object],
    interval: float,
) -> AiStudioImage | None:  # fmt: skip
    for look in range(LOST_LOOKS):
        if look:
            wait(interval)
        try:
            found = find_lost_image(client, request.prompt, model, sent_at)
        except PictoryError as exc:
            print(f"  Could not look in your AI Studio images: {exc.user_message}", file=sys.stderr)
            return None
        if found is not None:
            return found
    return None


def image(args: argparse.Namespace) -> int:
    request = ImageRequest(args.prompt, model=args.model, aspect_ratio=args.aspect_ratio, style=args.style)
    problem = request.problem()
    if problem is not None:
        print(f"Error: {problem} Nothing was sent.", file=sys.stderr)
        return USAGE
    model = args.model or IMAGE_MODELS[0]
    cost = _price(model)
    details = ", ".join(part for part in (model, args.style, args.aspect_ratio) if part)
    print(f"One AI Studio image ({details}): {format_credits(cost)} credits")
    paths = AppPaths.from_environment().ensure()
    limits = read_limits(paths)

    def work(connection: Connection, store: JobStore) -> int:
        client = connection.client
        try:
            balance = client.quota().balance
        except Unauthorized:
            raise
        except PictoryError as exc:
            print(f"Balance: unknown ({exc.user_message})")
        else:
            print(f"Balance: {format_credits(balance)} credits; after this image: {format_credits(balance - cost)}")
            if balance < cost:
                print("Your balance does not cover this image, so nothing was sent.", file=sys.stderr)
                return API_ERROR
        refusal = approve_spending(connection, store, limits, cost, "this image", args, verb="Generate the image")
        if refusal is not None:
            return refusal
        schedule = _schedule(client, args, connection.sandbox)
        cancel = threading.Event()
        wait = connection.pace.waiter(cancel)
        sent_at = datetime.now(UTC)
        try:
            job_id = client.generate_image(request)  # the one and only send
        except (ServerError, BadResponse, NetworkError) as exc:
            say_error(exc)
            if isinstance(exc, NetworkError) and not exc.request_may_have_arrived:
                return API_ERROR
            print("Looking for it in your AI Studio images (nothing is sent again)…", file=sys.stderr)
            found = _look_for_lost(client, request, model, sent_at, wait, schedule.interval)
            if found is None:
                print(
                    "It is not in your AI Studio images yet. Look there (or in Pictory) before trying again.",
                    file=sys.stderr,
                )
                return API_ERROR
            print(f"Found it in your AI Studio images: {found.url}")
            return _save(client, found.url, args.download, _file_name(args.prompt, found.id)) if args.download else OK
        except PictoryError as exc:
            say_error(exc)
            return API_ERROR
        print(f"Sent: job {job_id}", flush=True)
        return _follow(client, job_id, schedule, args, connection.pace, cancel)

    return run_with_history(args, work, paths)


def _follow(
    client: PictoryClient, job_id: str, schedule: PollSchedule, args: argparse.Namespace, pace: Pace,
    cancel: threading.Event,
) -> int:  # fmt: skip
    line = ProgressLine()

    def on_status(status: JobStatus) -> None:
        if not isinstance(status, JobCompleted | JobFailed):
            line.show("  Generating the image…")

    outcome = watch_job(
        client, job_id, schedule, on_status=on_status, cancel=cancel, clock=pace.clock, wait=pace.waiter(cancel)
    )
    status = outcome.status
    if outcome.end is WatchEnd.COMPLETED and isinstance(status, JobCompleted) and status.image_url:
        used = "unknown" if status.credits_used is None else format_credits(status.credits_used)
        size = f" ({status.width}×{status.height})" if status.width and status.height else ""
        line.done(f"Image ready{size}: {status.image_url}")
        print(f"Credits used: {used}")
        if args.download:
            return _save(client, status.image_url, args.download, _file_name(args.prompt, job_id))
        return OK
    if outcome.end is WatchEnd.COMPLETED:
        line.done()
        print(
            "Error: Pictory finished the job but sent no image address. Look in your AI Studio images.", file=sys.stderr
        )
        return API_ERROR
    if outcome.end is WatchEnd.FAILED and isinstance(status, JobFailed):
        line.done()
        detail = f": {status.error_message}" if status.error_message else ""
        code = f" (code {status.error_code})" if status.error_code else ""
        print(f"Error: Pictory could not make the image{detail}{code}. Failed images are not charged.", file=sys.stderr)
        return JOB_FAILED
    if outcome.end is WatchEnd.STILL_RENDERING:
        line.done()
        print(
            f"Stopped watching; Pictory is still making the image (job {job_id}). Look in your AI Studio images later."
        )
        return STILL_RENDERING
    line.done()
    print(f"Error: {outcome.user_message}", file=sys.stderr)
    return API_ERROR
