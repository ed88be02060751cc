"""The figures that need no window: ``python -m benchmarks.headless MODE [--small]`` prints one JSON line.

Modes: ``checks`` (credits + checks for 10,000 scenes), ``batch`` (a 200-row CSV against a 10-scene
template: read, fill, check and price every row), ``save`` (save a 1,000-scene storyboard through
the app's atomic, fsynced writer), ``script-preview`` (the New from script preview of a 10,000-word script on
each change of the split), ``polling`` (see benchmarks/poll_sim.py).
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def _median_ms(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, best) in milliseconds; a full collection first, so one run's garbage is not the next's."""
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def checks(*, scenes: int, repeats: int) -> None:
    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.catalog import default_catalog
    from pictory_desktop.domain.checks import check_storyboard
    from pictory_desktop.domain.credits import estimate

    from .storyboards import storyboard_body

    catalog = default_catalog()
    storyboard = storyboard_from_body(storyboard_body(scenes, seed=1))
    findings = check_storyboard(storyboard, catalog)
    median, best = _median_ms(lambda: (estimate(storyboard, catalog), check_storyboard(storyboard, catalog)), repeats)
    payload: dict[str, Any] = {"median_ms": median, "best_ms": best, "scenes": scenes, "findings": len(findings)}
    _emit(payload)


def batch(*, rows: int, repeats: int) -> None:
    """Everything the batch table needs before it shows: the CSV's bytes read, then each row filled into the
    template, checked and priced (domain.batch.read_csv + plan_batch). Writing the files is not counted."""
    from pictory_desktop.domain.batch import plan_batch, read_csv
    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.catalog import default_catalog

    from .storyboards import storyboard_body

    body = storyboard_body(10, seed=3)
    body["videoName"] = "{{product}} for {{ audience }} in {{city}}"
    for scene in body["scenes"]:
        scene["story"] = "{{product}}, made for {{audience}} in {{city}}. " + str(scene.get("story", ""))
        ai = scene.get("background", {}).get("aiVisual") if isinstance(scene.get("background"), dict) else None
        if isinstance(ai, dict) and isinstance(ai.get("prompt"), str):
            ai["prompt"] = f"{ai['prompt']}, featuring {{{{product}}}}"
    template = storyboard_from_body(body)
    lines = ["product;audience;city;notes"] + [
        f'"Gizmo {n}";"busy parents, ""{n}"" kids";Lisboa;"line one\nline two"' for n in range(rows)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    catalog = default_catalog()
    plan = plan_batch(template, read_csv(data), catalog)
    median, best = _median_ms(lambda: plan_batch(template, read_csv(data), catalog), repeats)
    _emit(
        {
            "median_ms": median,
            "best_ms": best,
            "rows": rows,
            "scenes": len(template.scenes),
            "valid_rows": len(plan.valid_rows),
            "findings": sum(len(row.findings) for row in plan.rows),
        }
    )


def save(*, scenes: int, repeats: int) -> None:
    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.domain.project_format import serialize_project
    from pictory_desktop.store.project_files import save_project_file

    from .storyboards import storyboard_body

    storyboard = storyboard_from_body(storyboard_body(scenes, seed=2))
    folder = Path(tempfile.mkdtemp(prefix="bench-save-"))
    target = folder / "storyboard.json"
    save_project_file(target, storyboard)  # the first save creates the file; later ones replace it, as usual
    median, best = _median_ms(lambda: save_project_file(target, storyboard), repeats)
    serialize_median, _ = _median_ms(lambda: serialize_project(storyboard), repeats)
    _emit(
        {
            "median_ms": median,
            "best_ms": best,
            "serialize_median_ms": serialize_median,
            "bytes": target.stat().st_size,
            "scenes": scenes,
        }
    )


def script_text(words: int, seed: int) -> str:
    """A marketer's script of about ``words`` words: headings, wrapped paragraphs, lists, --- between sections,
    and the things sentence splitting must get right (abbreviations, prices, ellipses, quotes, CJK)."""
    import random

    rng = random.Random(seed)
    vocabulary = "our new app saves time for busy teams who plan launches and track every order with ease".split()
    extras = ["Dr. Lee", "e.g. Acme", "the U.S. market", "$4.99", "3.5%", "at 9 a.m.", '"Go."', "etc.", "you…"]
    out: list[str] = []
    count = 0
    while count < words:
        if rng.random() < 0.15:
            out.append(f"## Section {len(out)}\n")
        if rng.random() < 0.1:
            out.append("---\n")
        sentences = []
        for _ in range(rng.randint(2, 6)):
            chosen = [rng.choice(vocabulary) for _ in range(rng.randint(6, 18))]
            if rng.random() < 0.4:
                chosen.insert(rng.randrange(len(chosen)), rng.choice(extras))
            if rng.random() < 0.03:
                chosen.append("你好。再见")
            count += len(chosen)
            sentences.append(" ".join(chosen).capitalize() + rng.choice([".", ".", ".", "!", "?", "?!", "..."]))
        words_of_paragraph = " ".join(sentences).split(" ")
        lines = [" ".join(words_of_paragraph[i : i + 12]) for i in range(0, len(words_of_paragraph), 12)]
        prefix = "- " if rng.random() < 0.1 else ""
        out.append(prefix + "\r\n".join(lines) + "\r\n\r\n")
    return "".join(out)


def script_preview(*, words: int, repeats: int) -> None:
    from pictory_desktop.domain import script
    from pictory_desktop.domain.catalog import default_catalog
    from pictory_desktop.domain.storyboard import AiImage

    catalog = default_catalog()
    text = script_text(words, seed=3)
    background = AiImage("flux-schnell", None, "cartoon")
    modes: list[tuple[script.SplitMode, str | None]] = [
        ("paragraph", None),
        ("line", None),
        ("sentence", None),
        ("marker", "---"),
    ]
    cold: dict[str, float] = {}
    scenes: dict[str, int] = {}
    for mode, marker in modes:

        def change(mode: script.SplitMode = mode, marker: str | None = marker) -> None:
            script._split_cached.cache_clear()  # pyright: ignore[reportPrivateUsage]  # a split not seen before
            script.preview_script(text, mode, marker, background, catalog)

        cold[mode], _ = _median_ms(change, repeats)
        scenes[mode] = len(script.preview_script(text, mode, marker, background, catalog).scenes)
    # Changing the background (or going back to a split already shown): the split comes from the cache.
    other = AiImage("nanobanana", None, None)
    warm, _ = _median_ms(lambda: script.preview_script(text, "sentence", None, other, catalog), repeats)
    _emit(
        {
            "median_ms": max(cold.values()),
            "per_split_ms": cold,
            "cached_split_ms": warm,
            "scenes": scenes,
            "words": len(text.split()),
            "characters": len(text),
        }
    )


def polling(*, renders: int) -> None:
    from .poll_sim import run_all

    _emit(run_all(renders))


def main(argv: list[str]) -> None:
    mode = argv[0]
    small = "--small" in argv
    if mode == "checks":
        checks(scenes=300 if small else 10_000, repeats=3 if small else 9)
    elif mode == "batch":
        batch(rows=20 if small else 200, repeats=3 if small else 9)
    elif mode == "save":
        save(scenes=50 if small else 1000, repeats=3 if small else 15)
    elif mode == "script-preview":
        script_preview(words=1_000 if small else 10_000, repeats=3 if small else 15)
    elif mode == "polling":
        polling(renders=50 if small else 2000)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
