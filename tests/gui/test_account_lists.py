"""The account's lists: shown from the disk cache at once, fetched only when never fetched or stale, over real
HTTP to the sandbox, and kept per server (issue 12)."""

from __future__ import annotations

import time

import pytest

from pictory_desktop.store.account_lists import STALE_AFTER_SECONDS, AccountListCache

from .jobs_fixtures import make_context  # noqa: F401

pytestmark = pytest.mark.gui


def test_a_fresh_cache_is_shown_without_asking_and_a_stale_one_is_shown_then_refreshed(qtbot, make_context):  # noqa: F811
    context = make_context(sandbox=True)
    context.start()
    server = context.connection.sandbox_server
    cache = AccountListCache(context.paths.cache_dir)
    server_id = context.connection.server_id
    cache.save(server_id, "brands", [{"id": "b-old", "name": "Last year's brand"}], now=time.time() - 60)
    cache.save(server_id, "styles", [{"id": "s-old", "name": "Old style"}], now=time.time() - STALE_AFTER_SECONDS - 60)
    lists = context.account_lists

    lists.ensure("brands")
    lists.ensure("styles")
    # Both are shown at once, from the disk, before any answer.
    assert [b.name for b in lists.named("brands")] == ["Last year's brand"]
    assert [s.name for s in lists.named("styles")] == ["Old style"]
    assert "may have changed" in lists.status_text("styles")
    qtbot.waitUntil(lambda: not lists.is_fetching("styles"), timeout=10_000)
    assert server.requests_for("brands") == []  # fresh: not asked
    assert len(server.requests_for("styles")) == 1  # stale: asked once
    assert [s.name for s in lists.named("styles")] == ["Default", "Sleek", "Headliner", "Black Traditional Caption"]
    assert "fetched just now" in lists.status_text("styles")
    lists.ensure("styles")  # asked once per session
    assert len(server.requests_for("styles")) == 1
    # What was fetched is on disk for the next start.
    again = cache.load(server_id, "styles")
    assert again is not None and len(again.items) == 4
    # The account's lists are not the sandbox's: nothing cached under another server shows here.
    assert AccountListCache(context.paths.cache_dir).load("https://api.pictory.ai/pictoryapis", "styles") is None
    context.shutdown()


def test_the_speakers_known_come_from_the_voice_list(qtbot, make_context):  # noqa: F811
    context = make_context(sandbox=True)
    context.start()
    lists = context.account_lists
    assert lists.known_speakers() is None  # never fetched: the checks say a speaker could not be checked
    lists.refresh("voices")
    qtbot.waitUntil(lambda: lists.known_speakers() is not None, timeout=10_000)
    known = lists.known_speakers()
    assert known is not None and {"brian", "1035", "fiona", "en-gb-wavenet-a_female"} <= known
    context.shutdown()
