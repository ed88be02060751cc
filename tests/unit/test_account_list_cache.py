"""The account's lists on disk: shown at once next time, per server, and a damaged file is only "not fetched"."""

from __future__ import annotations

import json
from pathlib import Path

from pictory_desktop.store.account_lists import STALE_AFTER_SECONDS, AccountListCache

VOICES = [{"id": 1001, "name": "Joanna", "language": "en-US"}, {"id": 1034, "name": "Fiona", "language": "en-GB"}]


def test_a_saved_list_comes_back_with_when_it_was_fetched(tmp_path: Path) -> None:
    cache = AccountListCache(tmp_path)
    cache.save("https://api.pictory.ai/pictoryapis", "voices", VOICES, now=1_000.0)
    loaded = AccountListCache(tmp_path).load("https://api.pictory.ai/pictoryapis", "voices")
    assert loaded is not None
    assert loaded.items == VOICES and loaded.fetched_at == 1_000.0
    assert not loaded.is_stale(now=1_000.0 + STALE_AFTER_SECONDS - 1)
    assert loaded.is_stale(now=1_000.0 + STALE_AFTER_SECONDS + 1)


def test_each_server_has_its_own_lists(tmp_path: Path) -> None:
    cache = AccountListCache(tmp_path)
    cache.save("sandbox", "voices", VOICES)
    assert cache.load("https://api.pictory.ai/pictoryapis", "voices") is None
    assert cache.load("sandbox", "voices") is not None


def test_the_folder_names_no_server_address(tmp_path: Path) -> None:
    cache = AccountListCache(tmp_path)
    cache.save("https://api.pictory.ai/pictoryapis", "brands", [{"id": "b1", "name": "Default Brand"}])
    written = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 1 and "pictory" not in written[0].replace("account-lists", "")


def test_a_damaged_or_foreign_file_reads_as_never_fetched(tmp_path: Path) -> None:
    cache = AccountListCache(tmp_path)
    cache.save("sandbox", "voices", VOICES)
    (path,) = [p for p in tmp_path.rglob("voices.json")]
    for damage in (
        b"{not json",
        b"[]",
        json.dumps({"version": 99, "fetchedAt": 1, "items": []}).encode(),
        json.dumps({"version": 1, "fetchedAt": "yesterday", "items": []}).encode(),
        json.dumps({"version": 1, "fetchedAt": 1, "items": {"a": 1}}).encode(),
        b"\xff\xfe",
    ):
        path.write_bytes(damage)
        assert cache.load("sandbox", "voices") is None, damage
    cache.save("sandbox", "voices", VOICES)  # the next fetch simply writes it again
    loaded = cache.load("sandbox", "voices")
    assert loaded is not None and loaded.items == VOICES
