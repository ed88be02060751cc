"""`batch`: one template storyboard + one CSV row per video → storyboards, checked and priced; with --render,
one confirmation for the whole batch, each valid row sent once, resumable after any interruption.

A batch is identified by ``domain.batch.batch_key``: the template's body, the CSV's cells and the server.
Running the same command again finds it in the job history and skips every row that has a job record —
confirmed, or unconfirmed because Pictory's answer was lost or the command was killed mid-send. An
unconfirmed row is looked for, read-only, in the account's job list by its video name; found, it is
followed like any other; not found, it is reported for the user to check and never sent again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api.client import PictoryClient
from ..api.errors import InvalidRequest, PictoryError, RequestRejected
from ..domain.batch import (
    MAX_CSV_BYTES,
    BatchPlan,
    BatchRow,
    CsvError,
    CsvTable,
    batch_key,
    plan_batch,
    read_csv,
    template_digest,
)
from ..domain.catalog import default_catalog, format_credits
from ..domain.project_format import ProjectFileError
from ..domain.storyboard import Storyboard
from ..store.jobs_db import SANDBOX_SERVER_ID, JobRecord, JobStore
from ..store.paths import AppPaths
from ..store.project_files import load_project_file, save_project_file
from .connection import Connection, run_with_history
from .exit_codes import API_ERROR, JOB_FAILED, OK, USAGE, combine
from .render_command import (
    UNCONFIRMED_NOTE,
    Outgoing,
    SentJob,
    _balance_line,
    approve_spending,
    follow,
    send_once,
)
from .spending import read_limits

_SHOWN_FINDINGS = 3  # per row, on the terminal; the storyboard file shows all of them in the app


def _load(args: argparse.Namespace) -> tuple[Storyboard, CsvTable, BatchPlan] | int:
    try:
        template = load_project_file(args.template)
    except ProjectFileError as exc:
        print(f"{args.template}: cannot open the template: {exc}", file=sys.stderr)
        return USAGE
    try:
        path: Path = args.rows
        if path.stat().st_size > MAX_CSV_BYTES:
            raise CsvError(f"The file is larger than {MAX_CSV_BYTES // 1_048_576} MB. Split it into several files.")
        table = read_csv(path.read_bytes())
    except CsvError as exc:
        print(f"{args.rows}: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:
        print(f"{args.rows}: cannot be read: {exc.strerror or exc}.", file=sys.stderr)
        return USAGE
    return template, table, plan_batch(template, table, default_catalog())


def _print_table(plan: BatchPlan) -> None:
    width = min(40, max([len(row.name) for row in plan.rows] + [10]))
    print(f"{'Video':>5}  {'Row':>5}  {'Video name':<{width}}  {'Credits':>9}  Errors")
    for row in plan.rows:
        approx = "≈" if row.estimate.estimated else ""
        name = row.name if len(row.name) <= width else row.name[: width - 1] + "…"
        errors = f"{len(row.errors)} error{'s' if len(row.errors) != 1 else ''}" if row.errors else "—"
        credits = f"{approx}{format_credits(row.estimate.total)}"
        print(f"{row.number:>5}  {row.sheet_row:>5}  {name:<{width}}  {credits:>9}  {errors}")
    approx = "≈ " if plan.estimated else ""
    valid = len(plan.valid_rows)
    print(
        f"Batch total for {valid} valid video{'s' if valid != 1 else ''}: {approx}{format_credits(plan.total)} credits"
    )


def _print_row_errors(rows: tuple[BatchRow, ...]) -> None:
    for row in rows:
        print(f"Video {row.number} (CSV row {row.sheet_row}), “{row.name}”:", file=sys.stderr)
        for finding in row.errors[:_SHOWN_FINDINGS]:
            print(f"  {finding.describe()}", file=sys.stderr)
        if len(row.errors) > _SHOWN_FINDINGS:
            print(
                f"  … and {len(row.errors) - _SHOWN_FINDINGS} more (open {row.file_name} in the app).", file=sys.stderr
            )


def _write_storyboards(plan: BatchPlan, folder: Path) -> bool:
    try:
        for row in plan.rows:
            save_project_file(folder / plan.file_name_for(row), row.storyboard)
    except (ProjectFileError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return False
    print(f"Wrote {len(plan.rows)} storyboard{'s' if len(plan.rows) != 1 else ''} into {folder}")
    return True


def batch(args: argparse.Namespace) -> int:
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    template, table, plan = loaded
    if table.notice:
        print(f"Note: {table.notice}", file=sys.stderr)
    if plan.missing_columns:
        names = ", ".join(f"{{{{{name}}}}}" for name in plan.missing_columns)
        print(
            f"The template uses {names}, but the CSV has no column of that name (its columns: "
            f"{', '.join(plan.columns)}). Add the column or fix the placeholder; nothing was written or sent.",
            file=sys.stderr,
        )
        return USAGE
    if plan.unused_columns:
        print(f"Note: no placeholder uses the column{'s' if len(plan.unused_columns) != 1 else ''} "
              f"{', '.join(plan.unused_columns)}; {'they are' if len(plan.unused_columns) != 1 else 'it is'} "
              "ignored.", file=sys.stderr)  # fmt: skip
    if not _write_storyboards(plan, args.out):
        return USAGE
    _print_table(plan)
    invalid = plan.invalid_rows
    if invalid:
        _print_row_errors(invalid)
        if not args.skip_invalid:
            print(
                f"{len(invalid)} video{'s have' if len(invalid) != 1 else ' has'} errors, so nothing was sent. Fix "
                "them in the CSV or the template, or add --skip-invalid to render only the valid ones.",
                file=sys.stderr,
            )
            return USAGE
    if not args.render:
        print("Add --render to render the valid videos.")
        return OK
    if not plan.valid_rows:
        print("No valid video to render; nothing was sent.", file=sys.stderr)
        return USAGE
    return run_with_history(
        args, lambda connection, store: render_batch(connection, store, template, table, plan, args)
    )


def _server_id(connection: Connection) -> str:
    # The CLI's sandbox gets a new port every start, but its jobs persist: it is one server.
    return SANDBOX_SERVER_ID if connection.sandbox else connection.client.base_url


def find_lost_renders(client: PictoryClient, store: JobStore, lost: dict[int, JobRecord]) -> dict[int, str]:
    """{row: Pictory job id} for unconfirmed rows found, read-only, in the account's newest jobs: a job this
    history does not know, newer than every job it knows, with exactly that row's video name (and only one
    such job). Nothing is ever sent; a row not found stays unconfirmed."""
    if not lost:
        return {}
    try:
        page = client.jobs()
    except PictoryError as exc:
        print(f"Could not look for renders whose answer was lost: {exc.user_message}", file=sys.stderr)
        return {}
    known = {record.job_id for record in store.list_recent(500)}
    candidates: dict[str, list[str]] = {}
    for item in page.items:
        if item.job_id in known:
            break  # from here on the jobs are older than the ones this computer sent and knows
        if item.video_name is not None:
            candidates.setdefault(item.video_name, []).append(item.job_id)
    names = [record.name for record in lost.values()]
    found: dict[int, str] = {}
    for row, record in lost.items():
        matches = candidates.get(record.name, [])
        if len(matches) == 1 and names.count(record.name) == 1:
            found[row] = matches[0]
    return found


def _resume(
    connection: Connection, store: JobStore, batch_id: int | None, plan: BatchPlan
) -> tuple[dict[int, JobRecord], list[int]]:
    """The rows already sent (with lost answers settled where the account's job list shows them), and the
    numbers of rows that stay unconfirmed."""
    if batch_id is None:
        return {}, []
    sent = store.batch_rows_sent(batch_id)
    lost = {row: record for row, record in sent.items() if record.unconfirmed}
    found = find_lost_renders(connection.client, store, lost)
    for row, job_id in found.items():
        sent[row] = store.confirm(sent[row].job_id, job_id)
        print(f"Video {row}, “{sent[row].name}”: its answer was lost last time; found on Pictory as job {job_id} "
              "(it was not sent again).")  # fmt: skip
    names = {row.number: row for row in plan.rows}
    for row, record in sorted(sent.items()):
        if row in found:
            continue
        where = f"CSV row {names[row].sheet_row}, " if row in names else ""
        if record.unconfirmed:
            print(f"Video {row} ({where}“{record.name}”): {record.error_message or UNCONFIRMED_NOTE}", file=sys.stderr)
        else:
            print(f"Video {row} ({where}“{record.name}”): already sent as job {record.job_id}; not sent again.")
    return sent, sorted(row for row, record in sent.items() if record.unconfirmed)


def render_batch(
    connection: Connection,
    store: JobStore,
    template: Storyboard,
    table: CsvTable,
    plan: BatchPlan,
    args: argparse.Namespace,
) -> int:
    """Send every valid row not sent before, once, after one confirmation; then follow and download."""
    key = batch_key(template, table, _server_id(connection))
    existing = store.batch_by_key(key)
    sent, unconfirmed = _resume(connection, store, existing.batch_id if existing else None, plan)
    to_send = plan.unsent_rows(sent)
    codes: list[int] = [API_ERROR] if unconfirmed else []
    if to_send:
        total = plan.credits_for(to_send)
        resumed = f" ({len(sent)} sent before are skipped)" if sent else ""
        print(
            f"To send: {len(to_send)} video{'s' if len(to_send) != 1 else ''}{resumed}, {format_credits(total)} credits"
        )
        balance, affordable = _balance_line(connection.client, total)
        print(balance)
        if not affordable:
            print("Your balance does not cover this batch, so nothing was sent. Buy credits or choose cheaper "
                  "models.", file=sys.stderr)  # fmt: skip
            return API_ERROR
        # The user's own limits, once for the whole batch, before asking: --yes does not reach past them.
        estimated = any(row.estimate.estimated for row in to_send)
        what = f"these {len(to_send)} videos" if len(to_send) != 1 else "this video"
        limits = read_limits(AppPaths.from_environment().ensure())
        refusal = approve_spending(connection, store, limits, total, what, args, estimated=estimated)
        if refusal is not None:
            return refusal
        batch_id = store.create_batch(
            key, template.video_name or args.template.stem, template_digest=template_digest(template),
            row_count=len(plan.rows), api_base_url=_server_id(connection),
        )  # fmt: skip
        codes.append(_send_rows(connection, store, batch_id, to_send, args.out, plan))
        sent = store.batch_rows_sent(batch_id)
    else:
        print("Every valid video of this batch was sent before; nothing new to send.")
    if args.wait or args.download:
        codes += _follow_batch(connection, store, sent, args)
    elif any(record for record in sent.values() if not record.unconfirmed and not record.finished):
        print("Follow them with `pictory-desktop watch` or in the app's Jobs panel.")
    return combine(codes) if codes else OK


def _send_rows(
    connection: Connection, store: JobStore, batch_id: int, rows: tuple[BatchRow, ...], folder: Path, plan: BatchPlan
) -> int:
    codes: list[int] = []
    for index, row in enumerate(rows):
        item = Outgoing(
            row.storyboard, row.name, row.estimate, folder / plan.file_name_for(row), (batch_id, row.number)
        )
        outcome = send_once(connection, store, item)
        codes.append(outcome.code)
        if outcome.job is not None or isinstance(outcome.error, InvalidRequest | RequestRejected):
            continue  # one row Pictory turned down stops nothing else
        # The network, the key or Pictory itself failed: the next rows would most likely fail too.
        rest = rows[index + 1 :]
        if rest:
            print(f"Stopped: {len(rest)} video{'s were' if len(rest) != 1 else ' was'} not sent. Run the same "
                  "command again later to send them; videos already sent are never sent twice.", file=sys.stderr)  # fmt: skip
        break
    return combine(codes)


def _follow_batch(
    connection: Connection, store: JobStore, sent: dict[int, JobRecord], args: argparse.Namespace
) -> list[int]:
    codes: list[int] = []
    for _, record in sorted(sent.items()):
        current = store.get(record.job_id) or record
        if current.unconfirmed:
            continue
        if current.status == "failed":
            codes.append(JOB_FAILED)  # it failed before: not charged, and not sent again
            continue
        if current.download_path and Path(current.download_path).exists():
            continue
        if current.status == "completed" and not args.download:
            continue
        codes.append(follow(connection.client, store, SentJob(current.job_id, current.name), args, connection.pace))
    return codes
