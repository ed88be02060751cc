"""Set a damaged or too-new file aside instead of deleting it.

A file we cannot read may still matter to the user (a newer app version wrote it, or support can rescue
it), so it is renamed next to the original with a ``.broken-<UTC timestamp>`` suffix and never removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path


def timestamp(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path, *, companion_suffixes: Iterable[str] = (), now: datetime | None = None) -> Path:
    """Rename ``path`` (and e.g. its SQLite ``-wal``/``-shm`` companions) aside; return the new path.

    The companions keep the same stamp so the set stays usable together.
    """
    stamp = timestamp(now)
    target = path.with_name(f"{path.name}.broken-{stamp}")
    counter = 1
    # Two failures within one second must not overwrite the first set-aside copy.
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    for suffix in companion_suffixes:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target
