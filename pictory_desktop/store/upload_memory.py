"""Files this computer has uploaded to Pictory, remembered by their content, so one file is uploaded once.

A file's SHA-256 (of its bytes, not its name or folder) maps to the permanent address Pictory gave it, per
server: uploading the same photo again, from anywhere, reuses that address. Nothing here names the key.
A damaged memory file is treated as empty (the next upload simply happens, and is remembered again).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from .atomic import atomic_write_text

CHUNK = 1024 * 1024


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class UploadMemory:
    def __init__(self, file: Path) -> None:
        self.file = file

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _key(server_id: str, digest: str) -> str:
        return f"{hashlib.sha256(server_id.encode()).hexdigest()[:16]}:{digest}"

    def url_for(self, server_id: str, digest: str) -> str | None:
        entry = self._read().get(self._key(server_id, digest))
        url = entry.get("url") if isinstance(entry, dict) else None
        return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None

    def remember(self, server_id: str, digest: str, url: str, name: str) -> None:
        data = self._read()
        data[self._key(server_id, digest)] = {"url": url, "name": name, "uploadedAt": time.time()}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.file, json.dumps(data, indent=1))
