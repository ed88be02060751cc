"""The account's lists (voices, music vocabularies, brands, subtitle styles) as last fetched, on disk.

The editor shows these at once from here and works offline from them; a refresh replaces a list only when
it succeeded. Each server has its own folder (the sandbox's voices are not the account's), named by a hash
of its address so nothing in a path says which account or key it was: the key is never part of it.
A file that cannot be read is treated as "never fetched" (the next refresh rewrites it), never an error
that stops the editor.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_write_text

FORMAT_VERSION = 1
STALE_AFTER_SECONDS = 24 * 60 * 60  # voices and brands change rarely; a day-old list is still shown, marked


@dataclass(frozen=True)
class CachedList:
    items: list[Any]  # the reply's JSON items, as fetched
    fetched_at: float  # seconds since the epoch

    def age_seconds(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.fetched_at)

    def is_stale(self, now: float | None = None) -> bool:
        return self.age_seconds(now) > STALE_AFTER_SECONDS


def server_folder_name(server_id: str) -> str:
    return hashlib.sha256(server_id.encode("utf-8")).hexdigest()[:16]


class AccountListCache:
    def __init__(self, cache_dir: Path) -> None:
        self.root = cache_dir / "account-lists"

    def _file(self, server_id: str, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
        return self.root / server_folder_name(server_id) / f"{safe}.json"

    def load(self, server_id: str, name: str) -> CachedList | None:
        try:
            data = json.loads(self._file(server_id, name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            return None
        items, fetched_at = data.get("items"), data.get("fetchedAt")
        if not isinstance(items, list) or not isinstance(fetched_at, int | float) or isinstance(fetched_at, bool):
            return None
        return CachedList(items, float(fetched_at))

    def save(self, server_id: str, name: str, items: list[Any], *, now: float | None = None) -> CachedList:
        cached = CachedList(list(items), time.time() if now is None else now)
        path = self._file(server_id, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"version": FORMAT_VERSION, "fetchedAt": cached.fetched_at, "items": cached.items})
        atomic_write_text(path, text)
        return cached
