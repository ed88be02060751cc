"""Opening the job history for a command, telling the user when a damaged or newer file was set aside."""

from __future__ import annotations

import sys

from ..store.jobs_db import JobStore
from ..store.paths import AppPaths


def open_history(paths: AppPaths) -> JobStore:
    store = JobStore(paths.jobs_db_file)
    for notice in store.notices:
        print(f"Note: {notice}", file=sys.stderr)
    return store
