"""Run every benchmark and print one table: ``python -m benchmarks.run [--small] [--json FILE]``.

Each figure is measured in a fresh Python process (start-up and memory depend on it, and one figure's
garbage must not slow the next). Where a baseline exists it is measured in the same run, because absolute
times differ from machine to machine. The exit status is 0 whatever the timings; it is 1 only when a
benchmark crashed. ``--small`` runs tiny sizes in seconds, to catch breakage in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    figure: str
    target: str
    result: str = ""
    value: float | None = None  # the number compared with the target (None: crashed or not available)
    passed: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "—"
        return "pass" if self.passed else "miss"


class BenchmarkCrashed(RuntimeError):
    pass


class Unavailable(RuntimeError):
    pass


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PICTORY_DESKTOP_HOME=str(home),  # settings, job history, sandbox state: all in a throwaway folder
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",  # never touch the user's keyring
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    env.pop("PICTORY_API_KEY", None)
    # An installed app has its bytecode compiled (pip does it); a checkout run with PYTHONDONTWRITEBYTECODE would
    # compile every module on every start. Cache bytecode outside the source tree, shared by this run's children.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(_BYTECODE_CACHE)
    return env


_BYTECODE_CACHE = Path(tempfile.gettempdir()) / "pictory-desktop-bench-pycache"


def _child(module: str, mode: str, small: bool, *, timeout: float = 300) -> tuple[dict[str, Any], float]:
    """Run one benchmark process; (its JSON answer, the monotonic time just before it was started)."""
    with tempfile.TemporaryDirectory(prefix="pictory-bench-") as home:
        args = [sys.executable, "-m", f"benchmarks.{module}", mode, *(["--small"] if small else [])]
        started = time.monotonic()
        done = subprocess.run(
            args, cwd=ROOT, env=_environment(Path(home)), capture_output=True, text=True, timeout=timeout
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        if any("ModuleNotFoundError" in line or "ImportError" in line for line in tail):
            raise Unavailable(" ".join(tail)[-160:])
        raise BenchmarkCrashed(f"{module} {mode} exited {done.returncode}: {' '.join(tail)[-300:]}")
    return json.loads(lines[-1]), started


# ---------------------------------------------------------------------------------------------- figures


def cold_start(small: bool) -> Row:
    row = Row("Cold start to first painted main window (offscreen)", "≤ 1.5× bare QMainWindow")
    rounds = 1 if small else 7
    modes = ("bare-start", "widgets-start", "app-start")
    for mode in modes:  # warm the disk cache for all, so none pays it alone
        _child("gui", mode, small)
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    for _ in range(rounds):  # interleaved, so a slow moment of the machine hits all of them
        for mode in modes:
            answer, started = _child("gui", mode, small)
            times[mode].append((answer["painted"] - started) * 1000)
    bare_ms, widgets_ms, app_ms = (statistics.median(times[mode]) for mode in modes)
    row.value = value = float(app_ms / bare_ms)
    row.passed = value <= 1.5
    row.result = (
        f"{app_ms:.0f} ms vs {bare_ms:.0f} ms = {row.value:.2f}× (median of {rounds}); "
        f"the same Qt widgets with no app code: {widgets_ms / bare_ms:.2f}×"
    )
    row.details = {"app_ms": times["app-start"], "bare_ms": times["bare-start"], "widgets_ms": times["widgets-start"]}
    return row


def after_start(small: bool) -> Row:
    # Not a figure of the table: what the deferred start-up work (Jobs panel, sandbox, network stack,
    # balance) costs the user once the window is there, held to the same bar as the stall figure.
    row = Row("After the first frame, until the balance shows: longest event-loop stall", "≤ 30 ms (as the stall row)")
    runs = [_child("gui", "after-start", small)[0] for _ in range(1 if small else 5)]
    if not all(answer["balance_shown"] for answer in runs):
        raise BenchmarkCrashed("the sandbox balance never appeared")
    row.value = value = float(statistics.median(answer["max_gap_ms"] for answer in runs))
    row.passed = value <= 30
    row.result = (
        f"{row.value:.1f} ms (median of {len(runs)}, worst {max(a['max_gap_ms'] for a in runs):.1f}); balance shown "
        f"{statistics.median(a['balance_ms'] for a in runs):.0f} ms after the first frame"
    )
    row.details = {"runs": runs}
    return row


def open_storyboard(small: bool) -> Row:
    scenes = 50 if small else 1000
    row = Row(f"Open a {scenes:,}-scene storyboard until interactive", "≤ 300 ms")
    answer, _ = _child("gui", "open", small)
    row.value = value = float(answer["median_ms"])
    row.passed = value <= 300
    row.result = f"{row.value:.0f} ms (median of {answer['runs']}, max {answer['max_ms']:.0f})"
    row.details = answer
    return row


def save(small: bool) -> Row:
    scenes = 50 if small else 1000
    row = Row(f"Save a {scenes:,}-scene storyboard (atomic, fsync)", "≤ 150 ms")
    answer, _ = _child("headless", "save", small)
    row.value = value = float(answer["median_ms"])
    row.passed = value <= 150
    row.result = (
        f"{row.value:.0f} ms (median; JSON {answer['serialize_median_ms']:.0f} ms, {answer['bytes'] / 1024:.0f} KB)"
    )
    row.details = answer
    return row


def keystroke(small: bool) -> Row:
    scenes = 50 if small else 1000
    row = Row(f"Keystroke in promptEdit, {scenes:,} scenes: counter, credits, total, checks", "p95 ≤ 4 ms, max ≤ 16 ms")
    answer, _ = _child("gui", "keystroke", small)
    row.value = answer["p95_ms"]
    row.passed = answer["p95_ms"] <= 4 and answer["max_ms"] <= 16 and answer["stale"] == 0
    stale = f", {answer['stale']} stale" if answer["stale"] else ""
    row.result = (
        f"p95 {answer['p95_ms']:.1f} ms, max {answer['max_ms']:.1f} ms, median {answer['median_ms']:.1f} "
        f"({answer['keys']} keys{stale})"
    )
    row.details = answer
    return row


def keystroke_pictures(small: bool) -> Row:
    scenes = 50 if small else 1000
    row = Row(f"Keystroke in promptEdit, {scenes:,} scenes each with a picture", "p95 ≤ 4 ms, max ≤ 16 ms")
    answer, _ = _child("gui", "keystroke-pictures", small)
    row.value = answer["p95_ms"]
    row.passed = answer["p95_ms"] <= 4 and answer["max_ms"] <= 16 and answer["stale"] == 0
    row.result = f"p95 {answer['p95_ms']:.1f} ms, max {answer['max_ms']:.1f} ms, median {answer['median_ms']:.1f}"
    row.details = answer
    return row


def pictures(small: bool) -> list[Row]:
    """One process: open, scroll the list and the storyboard view (first with thumbnails still to be made from
    the cached 1280×720 pictures, then with their scaled copies on disk), and memory over the same window."""
    scenes = 50 if small else 1000
    answer, _ = _child("gui", "pictures", small, timeout=600)
    rows = [Row(f"Open {scenes:,} scenes, each with a 1280×720 picture in the cache, until interactive", "≤ 300 ms")]
    rows[0].value = answer["open_ms"]
    rows[0].passed = answer["open_ms"] <= 300
    rows[0].result = f"{answer['open_ms']:.0f} ms"
    for key, what in (
        ("list_cold", "Scroll the scene list top to bottom, thumbnails not made yet"),
        ("grid_cold", "Scroll the storyboard view top to bottom, thumbnails not made yet"),
        ("list_warm", "Scroll the scene list top to bottom, thumbnails on disk"),
        ("grid_warm", "Scroll the storyboard view top to bottom, thumbnails on disk"),
    ):
        figures = answer[key]
        row = Row(f"{what} ({scenes:,} pictured scenes)", "no frame over 16 ms")
        row.value = worst = max(figures["max_step_ms"], figures["max_gap_ms"])
        row.passed = worst <= 16
        row.result = (
            f"step max {figures['max_step_ms']:.1f} ms, p95 {figures['p95_step_ms']:.1f}; 5 ms timer's longest "
            f"gap {figures['max_gap_ms']:.1f} ms ({figures['steps']} steps; the same loop idle, no scrolling: "
            f"{answer['idle']['max_gap_ms']:.1f} ms)"
        )
        row.details = figures
        rows.append(row)
    extra = answer["rss_mb"] - answer["bare_rss_mb"]
    memory_row = Row(
        f"Memory with {scenes:,} pictured scenes after scrolling both views, vs the same window before", "≤ +150 MB"
    )
    memory_row.value = extra
    memory_row.passed = extra <= 150
    memory_row.result = f"+{extra:.0f} MB ({answer['rss_mb']:.0f} vs {answer['bare_rss_mb']:.0f} MB; pixmaps {answer['pixmap_mb']:.0f} MB)"
    rows.append(memory_row)
    for row in rows:
        row.details = row.details or answer
    return rows


def voice_filter(small: bool) -> Row:
    voices = 200 if small else 2000
    row = Row(f"Filter {voices:,} voices as the user types (key to redrawn list)", "≤ 16 ms (one frame)")
    answer, _ = _child("gui", "voice-filter", small)
    row.value = answer["max_ms"]
    row.passed = answer["max_ms"] <= 16
    row.result = (
        f"max {answer['max_ms']:.1f} ms, p95 {answer['p95_ms']:.1f} ms, median {answer['median_ms']:.1f} "
        f"({answer['keys']} keys; {answer['fewest_shown']}-{answer['most_shown']} voices shown)"
    )
    row.details = answer
    return row


def stall(small: bool) -> Row:
    row = Row(
        "Longest event-loop stall (5 ms timer): submit, polls, 5 MB download, server answers after 1.5 s",
        "≤ 30 ms",
    )
    answer, _ = _child("gui", "stall", small, timeout=400)
    row.value = value = float(answer["max_gap_ms"])
    row.passed = value <= 30
    row.result = (
        f"{row.value:.1f} ms longest gap (p99 {answer['p99_gap_ms']:.1f}; {answer['polls']} polls, "
        f"{answer['download_bytes'] / 1_048_576:.2f} MB, {answer['seconds']:.0f} s)"
    )
    row.details = answer
    return row


def memory(small: bool) -> Row:
    scenes = 50 if small else 1000
    row = Row(f"Memory (RSS) with {scenes:,} scenes open, vs bare window", "≤ +60 MB")
    bare, _ = _child("gui", "bare-memory", small)
    app, _ = _child("gui", "app-memory", small)
    row.value = value = float(app["rss_mb"] - bare["rss_mb"])
    row.passed = value <= 60
    row.result = f"+{row.value:.0f} MB ({app['rss_mb']:.0f} MB vs {bare['rss_mb']:.0f} MB)"
    row.details = {"app": app, "bare": bare}
    return row


def checks(small: bool) -> Row:
    scenes = 300 if small else 10_000
    row = Row(f"Credits + checks for {scenes:,} scenes", "≤ 50 ms")
    answer, _ = _child("headless", "checks", small)
    row.value = value = float(answer["median_ms"])
    row.passed = value <= 50
    row.result = f"{row.value:.0f} ms (median, best {answer['best_ms']:.0f}; {answer['findings']:,} findings)"
    row.details = answer
    return row


def script_preview(small: bool) -> Row:
    words = 1_000 if small else 10_000
    row = Row(f"New from script: preview of a {words:,}-word script on each change of the split", "≤ 50 ms")
    answer, _ = _child("headless", "script-preview", small)
    row.value = value = float(answer["median_ms"])
    row.passed = value <= 50
    per = ", ".join(f"{mode} {ms:.0f}" for mode, ms in answer["per_split_ms"].items())
    counts = "/".join(str(n) for n in answer["scenes"].values())
    row.result = (
        f"{row.value:.0f} ms (slowest split's median; {per}; {counts} scenes); "
        f"background change {answer['cached_split_ms']:.0f} ms"
    )
    row.details = answer
    return row


def batch(small: bool) -> Row:
    rows = 20 if small else 200
    row = Row(f"Batch: {rows}-row CSV × 10-scene template, read + fill + check + price every row", "≤ 1 s")
    answer, _ = _child("headless", "batch", small)
    row.value = value = float(answer["median_ms"])
    row.passed = value <= 1000
    row.result = (
        f"{row.value:.0f} ms (median, best {answer['best_ms']:.0f}; {answer['valid_rows']} valid rows, "
        f"{answer['findings']:,} findings)"
    )
    row.details = answer
    return row


def polling(small: bool) -> list[Row]:
    answer, _ = _child("headless", "polling", small)
    rows = []
    for shape, figures in answer.items():
        row = Row(
            f"Polling, 1-10 min renders, {shape}: vs fixed 5 s loop",
            "≤ 1/3 requests, mean delay ≤ 5 s, gaps ≥ 10 s",
        )
        row.value = figures["request_ratio"]
        row.passed = (
            figures["request_ratio"] <= 1 / 3 and figures["mean_delay_s"] <= 5.0 and figures["shortest_gap_s"] >= 10.0
        )
        row.result = (
            f"{figures['request_ratio']:.3f}× requests ({figures['requests_per_job']:.1f} vs "
            f"{figures['fixed_requests_per_job']:.1f}), mean delay {figures['mean_delay_s']:.2f} s "
            f"(max {figures['max_delay_s']:.0f}; a fixed 10 s loop: {figures['fixed_10s_mean_delay_s']:.2f}), "
            f"min gap {figures['shortest_gap_s']:.0f} s"
        )
        row.details = figures
        rows.append(row)
    return rows


def draft(small: bool) -> list[Row]:
    """The free draft video (issue 15): one process encodes the 1-minute draft, another the 10-minute one."""
    short, _ = _child("draft", "encode", small)
    long, _ = _child("draft", "long", small, timeout=900)
    length = f"{short['video_seconds']:.0f} s"
    speed = Row(f"Draft video: {short['scenes']} scenes, {length} at 1280×720, paint + encode (H.264)", "≤ 15 s")
    speed.value = seconds = float(short["encode_seconds"])
    speed.passed = seconds <= 15
    speed.result = (
        f"{seconds:.1f} s ({short['realtime_factor']:.0f}× real time; CPU {short['cpu_seconds']:.1f} s; "
        f"{short['bytes'] / 1_048_576:.1f} MB, {short['codec']})"
    )
    speed.details = short
    memory = Row(f"Draft video: peak memory (RSS) of the {length} draft, whole process", "≤ 300 MB")
    memory.value = peak = float(short["peak_rss_mb"])
    memory.passed = peak <= 300
    memory.result = f"{peak:.0f} MB (at 10 %: {short['peak_rss_after_first_tenth_mb']:.0f} MB)"
    memory.details = short
    flat = Row(
        f"Draft video: peak RSS of a {long['video_seconds'] / 60:.0f}-min draft vs the {length} one (streamed)",
        "flat: ≤ +25 MB",
    )
    flat.value = growth = float(long["peak_rss_mb"] - short["peak_rss_mb"])
    flat.passed = growth <= 25
    flat.result = (
        f"{growth:+.0f} MB ({long['peak_rss_mb']:.0f} vs {short['peak_rss_mb']:.0f} MB; the long one encoded in "
        f"{long['encode_seconds']:.0f} s, {long['realtime_factor']:.0f}× real time)"
    )
    flat.details = {"short": short, "long": long}
    window, _ = _child("draft", "window", small, timeout=300)
    stall = Row(
        f"Draft video in the window ({window['video_seconds']:.0f} s): longest event-loop stall while it encodes",
        "≤ 30 ms (as the stall row)",
    )
    stall.value = gap = float(window["max_gap_ms"])
    stall.passed = gap <= 30
    stall.result = (
        f"{gap:.1f} ms longest gap of a 5 ms timer (p99 {window['p99_gap_ms']:.1f}; made in {window['seconds']:.1f} s)"
    )
    stall.details = window
    return [speed, memory, flat, stall]


FIGURES = [
    cold_start,
    after_start,
    open_storyboard,
    save,
    keystroke,
    keystroke_pictures,
    pictures,
    voice_filter,
    stall,
    memory,
    checks,
    script_preview,
    batch,
    polling,
    draft,
]


def run_all(small: bool) -> tuple[list[Row], bool]:
    rows: list[Row] = []
    crashed = False
    for figure in FIGURES:
        name = figure.__name__.replace("_", " ")
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            produced = figure(small)
        except Unavailable as exc:
            rows.append(Row(name, "", f"not available yet ({exc})"))
            continue
        except (BenchmarkCrashed, subprocess.TimeoutExpired, KeyError, ValueError) as exc:
            crashed = True
            rows.append(Row(name, "", f"CRASHED: {exc}"))
            continue
        rows.extend(produced if isinstance(produced, list) else [produced])
    return rows, crashed


def table(rows: list[Row]) -> str:
    header = ("Figure", "Target", "Result", "")
    lines = [header, *((r.figure, r.target, r.result, r.verdict) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = []
    for n, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--small", action="store_true", help="tiny sizes, for a quick check that all still runs")
    parser.add_argument("--json", type=Path, help="also write every row, with details, to this file")
    args = parser.parse_args(argv)
    started = time.monotonic()
    rows, crashed = run_all(args.small)
    print(table(rows))
    print(f"\n{'small' if args.small else 'full'} run, {time.monotonic() - started:.0f} s; timings never fail the run.")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"verdict": r.verdict} for r in rows], indent=2), "utf-8")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
