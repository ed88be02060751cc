"""`voices` and `music`: what a storyboard's voiceOver and backgroundMusic can name, for picking by hand or
by script (``--json``). Read-only: nothing is spent; the same key, server and exit codes as `render`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..api.errors import PictoryError
from ..api.results import MusicQuery, MusicTrack, VoiceTrack
from .connection import Connection, run_connected, say_error
from .exit_codes import API_ERROR, OK

_T = TypeVar("_T")


def _ask(call: Callable[[], _T]) -> _T | None:
    """The answer, or None after telling the user why there is none (exit API_ERROR, as `render` does)."""
    try:
        return call()
    except PictoryError as exc:
        say_error(exc)
        return None


def _note_sandbox_links(connection: Connection) -> None:
    if connection.sandbox:  # on stderr, so --json output stays one JSON array
        print(
            "These links point at a sandbox started for this command: they stop working when it ends. "
            "Run `pictory-desktop sandbox` to keep one running and use its address.",
            file=sys.stderr,
        )


def language_matches(language: str | None, wanted: str) -> bool:
    """``en`` matches en-US and en-GB; ``en-gb`` matches en-GB only (BCP 47 tags are case-insensitive)."""
    if language is None:
        return False
    have, want = language.strip().lower(), wanted.strip().lower()
    return have == want or have.startswith(want + "-")


def _table(rows: Sequence[Sequence[str]], headings: Sequence[str]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]
    for row in (headings, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


# ---- voices ---------------------------------------------------------------------------------------------
def voice_record(voice: VoiceTrack) -> dict[str, Any]:
    return {
        "id": voice.id,
        "name": voice.name,
        "language": voice.language,
        "gender": voice.gender,
        "accent": voice.accent,
        "service": voice.service,
        "engine": voice.engine,
        "elevenlabs": voice.is_elevenlabs,
        "sample": voice.sample_url,
    }


def voices(args: argparse.Namespace) -> int:
    def work(connection: Connection) -> int:
        listed = _ask(connection.client.voices)
        if listed is None:
            return API_ERROR
        chosen: list[VoiceTrack] = [
            voice
            for voice in listed
            if (args.language is None or language_matches(voice.language, args.language))
            and (args.gender is None or (voice.gender or "").lower() == args.gender.strip().lower())
        ]
        _note_sandbox_links(connection)
        if args.json:
            print(json.dumps([voice_record(v) for v in chosen], ensure_ascii=False))
            return OK
        if not chosen:
            print("No voices match. Leave out --language or --gender to see them all.")
            return OK
        rows = [
            (v.name, v.id, v.language or "?", v.gender or "?", v.service or "?", v.sample_url or "")
            for v in sorted(chosen, key=lambda v: ((v.language or "").lower(), v.name.lower()))
        ]
        _table(rows, ("NAME", "ID", "LANGUAGE", "GENDER", "SERVICE", "SAMPLE"))
        if any(v.is_elevenlabs for v in chosen):
            print("ElevenLabs voices use the account's ElevenLabs narration minutes.")
        print('Use a name or id as the speaker: "voiceOver": {"enabled": true, "aiVoices": [{"speaker": "<name>"}]}')
        return OK

    return run_connected(args, work)


# ---- music ----------------------------------------------------------------------------------------------
def track_record(track: MusicTrack) -> dict[str, Any]:
    return {
        "id": track.id,
        "title": track.title,
        "audioUrl": track.audio_url,
        "duration": track.duration_seconds,
        "moods": list(track.moods),
        "genres": list(track.genres),
        "purposes": list(track.purposes),
    }


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def music(args: argparse.Namespace) -> int:
    query = MusicQuery(text=args.query or "", moods=tuple(args.mood or ()), genres=tuple(args.genre or ()))

    def work(connection: Connection) -> int:
        tracks = _ask(lambda: connection.client.music_search(query))
        if tracks is None:
            return API_ERROR
        _note_sandbox_links(connection)
        if args.json:
            print(json.dumps([track_record(t) for t in tracks], ensure_ascii=False))
            return OK
        if not tracks:
            # Pictory's filter values are case-sensitive: the likeliest reason for nothing is "calm" vs "Calm / Serene".
            print(
                "No tracks match. Mood and genre values must be written exactly as Pictory lists them "
                '(for example "Calm / Serene"); --query matches any part of a title, mood or genre.'
            )
            return OK
        rows = [(t.title, t.id, _duration(t.duration_seconds), ", ".join(t.moods), t.audio_url) for t in tracks]
        _table(rows, ("TITLE", "ID", "LENGTH", "MOODS", "LISTEN"))
        print('Use a track as "backgroundMusic": {"enabled": true, "musicUrl": "<LISTEN>", "volume": 0.12}')
        return OK

    return run_connected(args, work)
