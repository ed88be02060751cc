"""Short, real, playable WAV files for the sandbox's voice samples and music tracks.

Made with the standard ``wave`` module (PCM 16-bit, mono, 22.05 kHz), deterministically from the item's id,
and cached: the same URL always gives the same bytes, so a player can seek and a test can compare. Each
voice "speaks" a few syllable-like tones around a pitch set by its gender and id (so two voices sound
different); each track plays an arpeggio whose key, tempo and rhythm come from its id. A 2 s sample is
about 88 KB, a 6 s track about 265 KB.
"""

from __future__ import annotations

import io
import math
import random
import sys
import wave
from array import array
from functools import lru_cache

from pictory_desktop.sandbox.library import Track, Voice

SAMPLE_RATE = 22_050
_PEAK = 0.6 * 32767  # headroom: summed harmonics never clip
_MAJOR = (0, 2, 4, 7, 9, 12)  # pentatonic steps: any order of them sounds like music, not noise
_MINOR = (0, 3, 5, 7, 10, 12)
_SAD_MOODS = frozenset({"Sad / Melancholic", "Suspense", "Dreamy"})


def _envelope(position: int, length: int, attack: int) -> float:
    """Fade in over ``attack`` samples and out over the last ``attack``: no clicks at note edges."""
    return min(1.0, position / attack, (length - position) / attack) if attack else 1.0


def _tone(frequency: float, seconds: float, harmonics: tuple[float, ...], vibrato: float = 0.0) -> list[float]:
    length = max(1, int(seconds * SAMPLE_RATE))
    attack = min(length // 4, int(0.015 * SAMPLE_RATE))
    out: list[float] = []
    phase = 0.0
    for n in range(length):
        wobble = 1.0 + vibrato * math.sin(2 * math.pi * 5.5 * n / SAMPLE_RATE)
        phase += 2 * math.pi * frequency * wobble / SAMPLE_RATE
        value = sum(weight * math.sin((k + 1) * phase) for k, weight in enumerate(harmonics))
        out.append(value * _envelope(n, length, attack))
    return out


def _wav(samples: list[float]) -> bytes:
    loudest = max((abs(s) for s in samples), default=0.0) or 1.0
    frames = array("h", (int(s / loudest * _PEAK) for s in samples))
    if sys.byteorder == "big":  # pragma: no cover - WAV is little-endian; array uses the machine's order
        frames.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames.tobytes())
    return buffer.getvalue()


@lru_cache(maxsize=32)
def voice_sample(voice: Voice) -> bytes:
    """1.5-2.5 s of "speech": syllables with a falling sentence melody, pauses between words."""
    rng = random.Random(f"voice-{voice.id}")
    base = (rng.uniform(190, 250) if voice.gender == "female" else rng.uniform(100, 140)) * (
        1.08 if voice.service == "elevenlabs" else 1.0
    )
    harmonics = (1.0, rng.uniform(0.3, 0.7), rng.uniform(0.1, 0.4), rng.uniform(0.05, 0.2))
    total = rng.uniform(1.5, 2.5)
    samples: list[float] = []
    while len(samples) < total * SAMPLE_RATE:
        fall = 1.0 - 0.25 * len(samples) / (total * SAMPLE_RATE)  # pitch falls towards the sentence's end
        syllable = rng.uniform(0.09, 0.22)
        samples += _tone(base * fall * rng.uniform(0.9, 1.15), syllable, harmonics, vibrato=0.01)
        if rng.random() < 0.3:
            samples += [0.0] * int(rng.uniform(0.05, 0.15) * SAMPLE_RATE)  # a gap between words
    return _wav(samples[: int(total * SAMPLE_RATE)])


@lru_cache(maxsize=16)
def music_track(track: Track) -> bytes:
    """``track.seconds`` of arpeggio: key, tempo and note pattern from the id, minor for sad moods."""
    rng = random.Random(f"track-{track.id}")
    scale = _MINOR if set(track.moods) & _SAD_MOODS else _MAJOR
    root = 196.0 * 2 ** (rng.randrange(0, 12) / 12)  # somewhere from G3 up an octave
    beat = 60.0 / rng.uniform(70, 140)
    pattern = [rng.choice(scale) for _ in range(rng.choice((3, 4, 6)))]
    lengths = [beat * rng.choice((0.5, 0.5, 1.0)) for _ in pattern]
    harmonics = (1.0, rng.uniform(0.1, 0.5), rng.uniform(0.0, 0.3))
    wanted = int(track.seconds * SAMPLE_RATE)
    samples: list[float] = []
    bar = 0
    while len(samples) < wanted:
        shift = (0, 5, 7, 0)[bar % 4]  # a I-IV-V-I walk so it is not one loop repeated
        for step, seconds in zip(pattern, lengths, strict=True):
            samples += _tone(root * 2 ** ((step + shift) / 12), seconds, harmonics)
        bar += 1
    samples = samples[:wanted]
    fade = min(len(samples), SAMPLE_RATE // 2)  # half a second fade-out, like Pictory's music at the end
    for n in range(fade):
        samples[len(samples) - fade + n] *= 1 - n / fade
    return _wav(samples)
