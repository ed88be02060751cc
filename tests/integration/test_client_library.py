"""PictoryClient's library calls end to end against the sandbox (real HTTP on 127.0.0.1): the values the
app gets, and the samples and tracks fetched as a player would, without the key."""

from __future__ import annotations

import wave
from decimal import Decimal
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.results import MusicQuery
from pictory_desktop.sandbox import SandboxServer
from tests.integration.conftest import SANDBOX_KEY


def make(sandbox: SandboxServer) -> PictoryClient:
    return PictoryClient(SANDBOX_KEY, sandbox.base_url, sleep=lambda _: None)


def test_voices_and_their_samples(sandbox: SandboxServer, tmp_path: Path) -> None:
    client = make(sandbox)
    voices = client.voices()
    assert len(voices) == 12 and len({v.id for v in voices}) == 12
    eleven = [v.name for v in voices if v.is_elevenlabs]
    assert eleven == ["Rachel", "Martin"]
    fiona = next(v for v in voices if v.name == "Fiona")
    assert (fiona.id, fiona.language, fiona.gender, fiona.service, fiona.engine) == (
        "1034", "en-GB", "female", "google", "WaveNet",
    )  # fmt: skip
    assert fiona.sample_url == f"{sandbox.cdn_base_url}/sandbox-media/voices/1034.wav"
    # The client's own download path (a separate session that never sends Authorization) gets it whole.
    assert fiona.sample_url is not None
    target = client.download(fiona.sample_url, tmp_path / "fiona.wav")
    with wave.open(str(target)) as reader:
        assert 1.5 <= reader.getnframes() / reader.getframerate() <= 3.0
    (fetched,) = [r for r in sandbox.requests if r.route == "media"]
    assert "authorization" not in {k.lower() for k in fetched.headers}


def test_music_search_vocabularies_brands_styles_and_quota(sandbox: SandboxServer) -> None:
    client = make(sandbox)
    moods = client.music_vocabulary("moods")
    assert "Calm / Serene" in moods
    calm = client.music_search(MusicQuery(moods=("Calm / Serene",)))
    assert [t.title for t in calm] == ["Bio Journey", "Slow Tide"]
    assert calm[0].duration_seconds == 6.0 and calm[0].audio_url.startswith(sandbox.cdn_base_url)
    assert set(calm[0].purposes) <= set(client.music_vocabulary("purposes"))
    assert client.music_search(MusicQuery(page=2)) == []
    assert client.music_vocabulary("genres/groups") != client.music_vocabulary("genres")
    assert [b.name for b in client.brands()] == ["Default Brand", "Spring Launch"]
    assert "Black Traditional Caption" in [s.name for s in client.styles()]
    quota = client.quota()
    assert quota.elevenlabs_minutes_remaining == Decimal(120) and quota.balance == Decimal(500)
    with pytest.raises(ValueError):
        # A deliberately wrong kind: a typo must not become a request for some other path.
        client.music_vocabulary("tempos")  # pyright: ignore[reportArgumentType]
    assert all(r.headers.get("Authorization") == SANDBOX_KEY for r in sandbox.requests if r.origin == "api")


def test_credit_usage_reads_the_sandbox_ledger(sandbox: SandboxServer) -> None:
    from datetime import UTC, datetime

    sandbox.account.record_transaction("credit", Decimal(500), source="Monthly Reset", description="reset")
    sandbox.account.record_transaction("debit", Decimal("0.6"), source="Text-to-Image", description="one image")
    client = make(sandbox)
    entries = client.credit_usage()
    assert [(e.type, e.amount, e.source) for e in entries] == [
        ("debit", Decimal("0.6"), "Text-to-Image"),
        ("credit", Decimal(500), "Monthly Reset"),
    ]
    assert all(e.date is not None and e.transaction_id and e.plan for e in entries)
    now = datetime.fromtimestamp(sandbox.clock(), UTC)
    assert client.credit_usage(now.year, now.month) == entries
    assert client.credit_usage(now.year - 1, now.month) == []
