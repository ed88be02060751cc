"""`jobs` (history) and `sandbox` (the local server)."""

from __future__ import annotations

import argparse

from ..domain.catalog import format_credits
from ..store.paths import AppPaths
from .exit_codes import OK
from .history import open_history


def list_jobs(args: argparse.Namespace) -> int:
    paths = AppPaths.from_environment().ensure()
    with open_history(paths) as store:
        records = store.list_recent(args.limit)
    if not records:
        print("No renders yet.")
        return OK
    for record in records:
        approx = "≈" if record.estimated else ""
        cost = f"{approx}{format_credits(record.credits):>6} cr"
        if record.charged is not None and record.charged != record.credits:
            cost += f" (charged {format_credits(record.charged)})"
        print(f"{record.created_at}  {record.status:<16} {cost}  {record.job_id}  {record.name}")
    return OK


def run_sandbox(args: argparse.Namespace) -> int:
    from ..sandbox.server import serve_forever
    from .connection import sandbox_drafts

    paths = AppPaths.from_environment().ensure()
    state = paths.data_dir / "sandbox" / "cli-state.json"
    serve_forever(port=args.port, cdn_port=args.cdn_port, state_path=state, video_maker=sandbox_drafts(paths))
    return OK
