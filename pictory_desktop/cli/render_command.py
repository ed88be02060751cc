"""`render` and `watch`: check, price, ask, send once, follow, download."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..api.client import PictoryClient
from ..api.errors import BadResponse, NetworkError, PictoryError, ServerError, Unauthorized, may_have_started
from ..api.poll import PollSchedule
from ..api.results import JobCompleted, JobFailed, JobInProgress, JobStatus
from ..api.watch import WatchEnd, WatchOutcome, watch_job
from ..domain.body import storyboard_to_body
from ..domain.catalog import format_credits
from ..domain.credits import Estimate
from ..domain.limits import SpendingLimits
from ..domain.local_addresses import check_local_addresses
from ..domain.render_request import body_digest
from ..domain.storyboard import Storyboard
from ..store.jobs_db import UNCONFIRMED_PREFIX, JobRecord, JobStore
from ..store.paths import AppPaths
from .connection import Connection, run_with_history, say_error
from .exit_codes import API_ERROR, JOB_FAILED, OK, OVER_LIMIT, STILL_RENDERING, USAGE, combine
from .inspect_commands import print_cost_table, print_findings
from .loading import CheckedFile, check_files, describe_load_error
from .pace import REAL_TIME, Pace
from .progress import ProgressLine, bytes_label
from .spending import check_spending, read_limits


@dataclass
class SentJob:
    job_id: str
    name: str


def _refuse_invalid(checked: list[CheckedFile]) -> bool:
    refused = False
    for item in checked:
        if item.load_error is not None:
            print(describe_load_error(item), file=sys.stderr)
            refused = True
        elif item.errors:
            print(f"{item.path}: {len(item.errors)} error(s) to fix first:", file=sys.stderr)
            print_findings(item, advice=False, out=sys.stderr)
            refused = True
    if refused:
        print("Nothing was sent and no credits were spent.", file=sys.stderr)
    return refused


def refuse_local_addresses(checked: list[CheckedFile], *, server_on_this_computer: bool) -> bool:
    """Addresses only this computer can open (the sandbox's tries and uploads) sent to Pictory's servers: the
    render would be paid for and made without them. Known only once the server is, so checked here."""
    refused = False
    for item in checked:
        if item.storyboard is None:
            continue
        for finding in check_local_addresses(item.storyboard, server_on_this_computer=server_on_this_computer):
            where = f"scene {finding.scene}" if finding.scene is not None else "video"
            print(f"{item.path}: {where}: {finding.message}", file=sys.stderr)
            refused = True
    if refused:
        print("Nothing was sent and no credits were spent.", file=sys.stderr)
    return refused


def approve_spending(
    connection: Connection,
    store: JobStore,
    limits: SpendingLimits,
    total: Decimal,
    what: str,
    args: argparse.Namespace,
    *,
    estimated: bool = False,
    verb: str = "Render",
) -> int | None:
    """The user's own limits, then their yes: None when ``total`` may be spent, else the exit code for not
    sending. The limits come first and ``--yes`` does not reach past them."""
    verdict = check_spending(connection.client, limits, total, what, estimated=estimated, unfinished=store.unfinished())
    if not verdict.allowed:
        print(verdict.sentence, file=sys.stderr)
        return OVER_LIMIT
    print(verdict.sentence)
    return ask_to_spend(total, args, connection.sandbox, ask=verdict.needs_confirmation, verb=verb)


def ask_to_spend(
    total: Decimal, args: argparse.Namespace, sandbox: bool, *, ask: bool = True, verb: str = "Render"
) -> int | None:
    """None when the user agreed to spend ``total`` (or ``ask`` is False: at or under the user's confirmation
    threshold); otherwise the exit code for not sending. ``verb`` starts the question ("Render", "Generate the
    image")."""
    if args.yes or not ask:
        return None
    if not sys.stdin.isatty():
        # Never block a script waiting for an answer nobody can give.
        print(
            "Nothing was sent: add --yes to confirm spending credits when not running in a terminal.", file=sys.stderr
        )
        return USAGE
    what = "(sandbox: no real credits)" if sandbox else "AI credits"
    try:
        answer = input(f"{verb} and spend {format_credits(total)} {what}? [y/N] ").strip().lower()
    except EOFError:
        answer = ""
    if answer in {"y", "yes"}:
        return None
    print("Nothing was sent.")
    return OK


def _balance_line(client: PictoryClient, total: Decimal) -> tuple[str, bool]:
    """A line about the balance, and whether the account can pay (True when unknown)."""
    try:
        quota = client.quota()
    except Unauthorized:
        raise  # a key Pictory rejects would fail the render too: stop before sending anything
    except PictoryError as exc:
        return f"Balance: unknown ({exc.user_message})", True
    after = quota.balance - total
    line = f"Balance: {format_credits(quota.balance)} credits; after these renders: {format_credits(after)}"
    return line, after >= 0


def watch_schedule(client: PictoryClient, interval: float, watch_minutes: float) -> PollSchedule:
    """How a command follows a job: every ``interval`` seconds at first, backing off to 30 s; never more often
    than every 10 s against Pictory (its guidance), whatever was asked, and up to ``watch_minutes``."""
    return PollSchedule(
        interval=interval,
        max_interval=max(30.0, interval),
        deadline=watch_minutes * 60,
        min_interval=interval if client.is_loopback else 10.0,
        loopback=client.is_loopback,
    )


def _schedule(client: PictoryClient, args: argparse.Namespace) -> PollSchedule:
    # The sandbox on this computer renders in seconds; checking every second keeps a tryout snappy.
    interval = args.poll_interval or (1.0 if getattr(args, "sandbox", False) else 10.0)
    return watch_schedule(client, interval, args.watch_minutes)


def _status_text(status: JobStatus) -> str:
    if isinstance(status, JobInProgress):
        if status.progress is None:
            return "waiting in Pictory's queue"
        return f"{status.progress}% {status.message or ''}".strip()
    return "finished"


def _safe_file_name(name: str, job_id: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", name).strip().replace(" ", "-")[:60] or "video"
    return f"{stem}-{job_id[:8]}.mp4"


def _download(client: PictoryClient, store: JobStore, job: SentJob, url: str, folder: Path) -> int:
    target = folder / _safe_file_name(job.name, job.job_id)
    line = ProgressLine()

    def on_progress(done: int, total: int | None) -> None:
        of = f" of {bytes_label(total)}" if total else ""
        line.show(f"  Downloading “{job.name}”: {bytes_label(done)}{of}")

    try:
        client.download(url, target, on_progress=on_progress)
    except PictoryError as exc:
        line.done()
        say_error(exc)
        print(
            f"  The video is still on Pictory; run `pictory-desktop watch {job.job_id} --download DIR` to try again.",
            file=sys.stderr,
        )
        return API_ERROR
    line.done(f"  Saved {target}")
    store.update(job.job_id, download_path=str(target))
    return OK


def follow(
    client: PictoryClient, store: JobStore, job: SentJob, args: argparse.Namespace, pace: Pace = REAL_TIME
) -> int:
    line = ProgressLine()

    def on_status(status: JobStatus) -> None:
        line.show(f"  “{job.name}”: {_status_text(status)}")
        if isinstance(status, JobInProgress):
            store.update(job.job_id, status="in-progress", progress=status.progress, message=status.message)

    def on_error(error: PictoryError) -> None:
        line.show(f"  “{job.name}”: {error.user_message} Still watching…")

    cancel = threading.Event()
    outcome: WatchOutcome = watch_job(
        client,
        job.job_id,
        _schedule(client, args),
        on_status=on_status,
        on_error=on_error,
        cancel=cancel,
        clock=pace.clock,
        wait=pace.waiter(cancel),
    )
    status = outcome.status
    if outcome.end is WatchEnd.COMPLETED and isinstance(status, JobCompleted):
        store.update(
            job.job_id, status="completed", progress=100, video_url=status.video_url, share_url=status.share_url,
            thumbnail_url=status.thumbnail_url,
            charged=None if status.credits_used is None else Decimal(status.credits_used),
        )  # fmt: skip
        line.done(f"  “{job.name}” is ready: {status.share_url or status.video_url}")
        if args.download and status.video_url:
            return _download(client, store, job, status.video_url, args.download)
        return OK
    if outcome.end is WatchEnd.FAILED and isinstance(status, JobFailed):
        store.update(job.job_id, status="failed", error_code=status.error_code, error_message=status.error_message)
        line.done(f"  “{job.name}” failed: {outcome.user_message}")
        return JOB_FAILED
    if outcome.end is WatchEnd.STILL_RENDERING:
        store.update(job.job_id, status="stopped-watching")
        line.done(
            f"  Stopped watching “{job.name}”; it is still rendering on Pictory. Run `pictory-desktop watch {job.job_id}` later."
        )
        return STILL_RENDERING
    line.done()
    print(f"Error: {outcome.user_message}", file=sys.stderr)
    return API_ERROR


# What an attempt whose answer never came says in the history (and what a kill mid-send leaves there).
UNCONFIRMED_NOTE = may_have_started("The command could not confirm that Pictory received this render")


@dataclass(frozen=True)
class Outgoing:
    """One render to send: what the user confirmed, and where it is filed in the history."""

    storyboard: Storyboard
    name: str
    cost: Estimate
    project_path: Path | None = None
    batch: tuple[int, int] | None = None  # (batch id, row number) for a row of a batch


@dataclass(frozen=True)
class SendOutcome:
    job: SentJob | None  # Pictory's job, when it confirmed the render
    code: int  # OK, or the exit code of what went wrong
    unconfirmed_id: str | None = None  # kept as unconfirmed: it may have started; never sent again
    error: PictoryError | None = None

    @property
    def not_sent(self) -> bool:
        """Pictory certainly did not start it (nothing is left in the history)."""
        return self.job is None and self.unconfirmed_id is None


def send_once(connection: Connection, store: JobStore, item: Outgoing) -> SendOutcome:
    """Send one render, exactly once, recorded in the history before and after.

    Before the POST the attempt is written as unconfirmed (``UNCONFIRMED_PREFIX``): if the command is killed
    while the request is on its way, the history still says it may have been sent, so nothing (a batch
    resuming, a user) sends it again unawares. Pictory's answer turns it into the job (``confirm``); an
    answer that proves nothing started (a rejected body, a refused connection) removes it; a lost or
    unreadable answer leaves it unconfirmed, with the sentence that says to check first.
    """
    body = storyboard_to_body(item.storyboard)
    local_id = f"{UNCONFIRMED_PREFIX}{os.urandom(6).hex()}"
    record = JobRecord.new(
        local_id, item.name, item.cost.total, item.cost.estimated, status="unknown", error_message=UNCONFIRMED_NOTE,
        api_base_url=connection.client.base_url,
        project_path=str(item.project_path.resolve()) if item.project_path else None,
        scene_count=len(item.storyboard.scenes), body_digest=body_digest(body),
    )  # fmt: skip
    store.add(record, body=json.dumps(body, ensure_ascii=False), batch=item.batch)
    try:
        job_id = connection.client.render(body)  # the one and only send
    except (ServerError, BadResponse) as exc:
        say_error(exc)  # its message already says it may have started and was not sent again
        return SendOutcome(None, API_ERROR, local_id, exc)
    except NetworkError as exc:
        say_error(exc)
        if exc.request_may_have_arrived:
            print(f"That was “{item.name}”.", file=sys.stderr)
            return SendOutcome(None, API_ERROR, local_id, exc)
        store.remove(local_id)
        return SendOutcome(None, API_ERROR, None, exc)
    except PictoryError as exc:
        say_error(exc)
        store.remove(local_id)
        return SendOutcome(None, API_ERROR, None, exc)
    store.confirm(local_id, job_id)
    print(f"Sent “{item.name}”: job {job_id}", flush=True)
    return SendOutcome(SentJob(job_id, item.name), OK)


def _send(connection: Connection, store: JobStore, ready: list[CheckedFile]) -> tuple[list[SentJob], int]:
    sent: list[SentJob] = []
    for item in ready:
        assert item.storyboard is not None and item.cost is not None
        outcome = send_once(connection, store, Outgoing(item.storyboard, item.name, item.cost, item.path))
        if outcome.job is None:
            _report_unsent(ready[len(sent) + 1 :])
            return sent, outcome.code
        sent.append(outcome.job)
    return sent, OK


def _report_unsent(rest: list[CheckedFile]) -> None:
    if rest:
        print("Not sent: " + ", ".join(str(item.path) for item in rest), file=sys.stderr)


def render(args: argparse.Namespace) -> int:
    checked = check_files(args.files)
    if _refuse_invalid(checked):
        return USAGE
    total = sum((item.cost.total for item in checked if item.cost), Decimal(0))
    for item in checked:
        print_cost_table(item)
    if len(checked) > 1:
        print(f"All {len(checked)} renders: {format_credits(total)} credits")
    limits = read_limits(AppPaths.from_environment().ensure())

    def send_and_follow(connection: Connection, store: JobStore) -> int:
        if refuse_local_addresses(checked, server_on_this_computer=connection.client.is_loopback):
            return USAGE
        balance, affordable = _balance_line(connection.client, total)
        print(balance)
        if not affordable:
            print(
                "Your balance does not cover these renders, so nothing was sent. Buy credits or choose cheaper models.",
                file=sys.stderr,
            )
            return API_ERROR
        what = "this render" if len(checked) == 1 else f"these {len(checked)} renders"
        estimated = any(item.cost.estimated for item in checked if item.cost)
        refusal = approve_spending(connection, store, limits, total, what, args, estimated=estimated)
        if refusal is not None:
            return refusal
        sent, code = _send(connection, store, checked)
        if not (args.wait or args.download) or not sent:
            if sent and code == OK:
                print("Follow them with `pictory-desktop watch` or in the app's Jobs panel.")
            return code
        return combine([code] + [follow(connection.client, store, job, args, connection.pace) for job in sent])

    return run_with_history(args, send_and_follow)


def watch(args: argparse.Namespace) -> int:
    def follow_all(connection: Connection, store: JobStore) -> int:
        if args.job_ids:
            records = [store.get(job_id) for job_id in args.job_ids]
            jobs = [
                SentJob(job_id, record.name if record else job_id)
                for job_id, record in zip(args.job_ids, records, strict=True)
            ]
        else:
            here = [r for r in store.unfinished() if r.api_base_url in (None, connection.client.base_url)]
            jobs = [SentJob(r.job_id, r.name) for r in here if not r.unconfirmed]
            for lost in (r for r in here if r.unconfirmed):
                print(f"Not followed: “{lost.name}” ({lost.created_at}): {lost.error_message or UNCONFIRMED_NOTE}")
            if not jobs:
                print("No unfinished renders to watch.")
                return OK
        return combine([follow(connection.client, store, job, args, connection.pace) for job in jobs])

    return run_with_history(args, follow_all)
