"""Jobs, credits and the usage ledger of one sandbox account, optionally persisted to a JSON file.

Lifecycle (driven by the injected clock, so tests can use a fake one):

* ``queue_seconds`` after submit: ``in-progress`` with no progress fields (queued).
* then for ``render_seconds``: ``in-progress`` with ``renderProgress`` rising (eased, not linear),
  ``renderProgressMessage`` and ``renderState: "RUNNING"``.
* then ``completed``, or ``failed``.

Credits (choices where Pictory says nothing, written down here):

* At submit the balance (limit − used) is compared with the cost; if short, the job fails with
  INSUFFICIENT_CREDITS when its queue time ends. Costs of unfinished jobs are not reserved, so at completion
  the balance is checked again and a job that would overdraw the account fails the same way (used never
  exceeds limit). A failed job is never charged.
* Charging happens when a job completes (settled lazily whenever anyone looks at the account).
* A preview generates the AI visuals, so a preview job is charged for them (a ledger debit; its completed
  data has no ``aiCreditsUsed``, which Pictory does not document for previews); rendering that preview
  (``PUT /v2/video/render/{id}``) reuses them and costs nothing more.
* A completed render adds its length to ``videoMinutes.used`` (two decimals); previews do not.
* Every charge is one ``debit`` in the ledger (``GET /v1/aicredits/usage``), in Pictory's documented shape:
  ``transactionId``, ``type``, ``amount``, ``source``, ``description``, ``plan``, ``transactionDate`` (ISO, UTC).
  Pictory names no source for a render's AI visuals; the sandbox says "AI Visuals" and names the job in the
  description. A free job adds no entry. ``record_transaction`` adds other entries (a "Monthly Reset"
  credit, spending from elsewhere) for tests and tryouts. The ledger answers one calendar month in UTC.
* AI Studio images (``POST /v1/aistudio/images``) are jobs of kind ``"image"`` on the same clock: they cost
  the model's credits per image, are charged on completion with a ``"Text-to-Image"`` debit (the source
  Pictory's ledger documents), move no video minutes, and complete with ``url`` (a PNG on the CDN origin),
  ``width``/``height`` and ``aiCreditsUsed``. While running they answer only ``status: in-progress``, as
  documented. ``images_newest_first`` is ``GET /v1/aistudio/images``: completed images only.
* A completed preview carries ``previewUrl`` (a player page on the CDN origin) and ``storyboard``.
* Output URLs are built from the CDN origin at answer time, so a restarted server on another port still
  hands out working links.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pictory_desktop.sandbox import picture
from pictory_desktop.sandbox.catalog import Catalog
from pictory_desktop.sandbox.pricing import expand_scenes, storyboard_cost
from pictory_desktop.store.atomic import atomic_write_text

STATE_VERSION = 1
JOB_NOT_FOUND = "JOB_NOT_FOUND"
INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
OUTPUT_FILES = {
    "videoURL": "video.mp4",
    "thumbnail": "thumbnail.jpg",
    "srtFile": "subtitles.srt",
    "vttFile": "subtitles.vtt",
    "txtFile": "transcript.txt",
    "audioURL": "audio.mp3",
    "videoShareURL": "share.html",
}


def as_number(value: Decimal) -> int | float:
    """A JSON number that prints exactly as the Decimal does (floats of ≤15 digits round-trip)."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Job:
    id: str
    kind: str  # "render" | "preview" | "render_preview"
    created: float
    queue_seconds: float
    render_seconds: float
    body: dict[str, Any]  # the storyboard with unknown fields already dropped
    cost: str  # Decimal as text, for the JSON state file
    short_at_submit: bool
    source_job: str | None = None
    outcome: str | None = None  # None while running, then "completed" | "failed"
    error_code: str | None = None
    error_message: str | None = None
    never_finishes: bool = False
    charged: str = "0"

    @property
    def starts_rendering(self) -> float:
        return self.created + self.queue_seconds

    @property
    def finishes(self) -> float:
        return self.created + self.queue_seconds + self.render_seconds


class Account:
    """All mutable sandbox state behind one lock; every change is saved when a state path is given."""

    def __init__(
        self,
        *,
        catalog: Catalog,
        clock: Callable[[], float],
        credit_limit: Decimal,
        state_path: Path | None,
    ) -> None:
        self.catalog = catalog
        self.clock = clock
        self.state_path = state_path
        self._lock = threading.RLock()
        self.credit_limit = credit_limit
        self.credit_used = Decimal(0)
        self.minutes_limit = Decimal(600)
        self.minutes_used = Decimal(0)
        # ElevenLabs narration has its own meter at Pictory. The sandbox narrates nothing, so it shows the
        # meter (for the app to display) but never moves it; not saved, since it never changes.
        self.elevenlabs_minutes_limit = Decimal(120)
        self.elevenlabs_minutes_used = Decimal(0)
        self.ledger: list[dict[str, Any]] = []
        self.jobs: dict[str, Job] = {}
        self.load_error: str | None = None
        if state_path is not None and state_path.exists():
            self._load(state_path)

    # ---- persistence -------------------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") != STATE_VERSION:
                raise ValueError(f"unsupported sandbox state version {raw.get('version')!r}")
            credits = raw["aiCredits"]
            minutes = raw["videoMinutes"]
            jobs = {j["id"]: Job(**j) for j in raw["jobs"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Keep the unreadable file for a human to look at, and start a fresh account.
            aside = path.with_name(f"{path.name}.unreadable-{int(self.clock())}")
            path.replace(aside)
            self.load_error = f"{path} could not be read ({exc}); it was kept as {aside.name}."
            return
        self.credit_limit = Decimal(credits["limit"])
        self.credit_used = Decimal(credits["used"])
        self.minutes_limit = Decimal(minutes["limit"])
        self.minutes_used = Decimal(minutes["used"])
        self.ledger = list(raw.get("ledger", []))
        self.jobs = jobs

    def _save(self) -> None:
        if self.state_path is None:
            return
        state = {
            "version": STATE_VERSION,
            "aiCredits": {"limit": str(self.credit_limit), "used": str(self.credit_used)},
            "videoMinutes": {"limit": str(self.minutes_limit), "used": str(self.minutes_used)},
            "ledger": self.ledger,
            "jobs": [asdict(job) for job in self.jobs.values()],
        }
        atomic_write_text(self.state_path, json.dumps(state, indent=1))

    # ---- changes -----------------------------------------------------------------------------------
    def set_credits(self, *, limit: Decimal, used: Decimal) -> None:
        with self._lock:
            self.credit_limit = Decimal(limit)
            self.credit_used = Decimal(used)
            self._save()

    def submit(
        self,
        kind: str,
        body: dict[str, Any],
        *,
        queue_seconds: float,
        render_seconds: float,
        source: str | None,
        cost: Decimal | None = None,
    ) -> Job:
        with self._lock:
            self._settle()
            # Rendering a finished preview reuses its AI visuals (see module docstring).
            if cost is None:
                cost = Decimal(0) if kind == "render_preview" else storyboard_cost(body, self.catalog)
            job = Job(
                id=str(uuid.uuid4()),
                kind=kind,
                created=self.clock(),
                queue_seconds=queue_seconds,
                render_seconds=render_seconds,
                body=body,
                cost=str(cost),
                short_at_submit=self.credit_limit - self.credit_used < cost,
                source_job=source,
            )
            self.jobs[job.id] = job
            self._save()
            return job

    def force_failure(self, job_id: str, code: str, message: str) -> None:
        with self._lock:
            job = self.jobs[job_id]
            if job.outcome != "failed" or job.error_code != code:
                job.outcome, job.error_code, job.error_message = "failed", code, message
                self._save()

    def never_finish(self, job_id: str) -> None:
        with self._lock:
            job = self.jobs[job_id]
            if not job.never_finishes and job.outcome is None:
                job.never_finishes = True
                self._save()

    def _settle(self) -> None:
        """Finish every job whose time has come, in time order, so credit checks see earlier charges."""
        now = self.clock()
        due: list[tuple[float, Job]] = []
        for job in self.jobs.values():
            if job.outcome is not None or job.never_finishes:
                continue
            when = job.starts_rendering if job.short_at_submit else job.finishes
            if now >= when:
                due.append((when, job))
        if not due:
            return
        for when, job in sorted(due, key=lambda item: item[0]):
            cost = Decimal(job.cost)
            if job.short_at_submit or self.credit_limit - self.credit_used < cost:
                job.outcome = "failed"
                job.error_code = INSUFFICIENT_CREDITS
                job.error_message = (
                    f"This {'image' if job.kind == 'image' else 'video'} needs {cost} AI credits but the account has "
                    f"{self.credit_limit - self.credit_used} left. Add credits or choose cheaper models."
                )
                continue
            job.outcome = "completed"
            job.charged = str(cost)
            self.credit_used += cost
            if cost and job.kind == "image":
                self.ledger.append(
                    _ledger_entry(
                        "debit", cost, "Text-to-Image", f"AI Studio image ({job.body.get('model')}) job {job.id}", when
                    )
                )
            elif cost:
                what = "preview" if job.kind == "preview" else "render"
                self.ledger.append(
                    _ledger_entry("debit", cost, "AI Visuals", f"AI visuals for {what} job {job.id}", when)
                )
            if job.kind not in ("preview", "image"):
                seconds = sum((s.seconds for s in expand_scenes(job.body, self.catalog)), Decimal(0))
                self.minutes_used += (seconds / 60).quantize(Decimal("0.01"))
        self._save()

    # ---- views -------------------------------------------------------------------------------------
    def get(self, job_id: str) -> Job | None:
        with self._lock:
            self._settle()
            return self.jobs.get(job_id)

    def quota(self) -> dict[str, Any]:
        with self._lock:
            self._settle()
            return {
                "aiCredits": {"used": as_number(self.credit_used), "limit": as_number(self.credit_limit)},
                "videoMinutes": {"used": as_number(self.minutes_used), "limit": as_number(self.minutes_limit)},
                "elevenLabsVoiceOverMinutes": {
                    "used": as_number(self.elevenlabs_minutes_used),
                    "limit": as_number(self.elevenlabs_minutes_limit),
                },
            }

    def record_transaction(
        self, kind: str, amount: Decimal, *, source: str, description: str = "", when: float | None = None
    ) -> None:
        """Add a ledger entry that no job made: a ``"debit"`` spends (and moves the quota's ``used``), a
        ``"credit"`` gives back (a "Monthly Reset" sets ``used`` to 0, another credit lowers it)."""
        with self._lock:
            self._settle()
            amount = Decimal(amount)
            when = self.clock() if when is None else when
            self.ledger.append(_ledger_entry(kind, amount, source, description, when))
            if kind == "debit":
                self.credit_used += amount
            elif source == "Monthly Reset":
                self.credit_used = Decimal(0)
            else:
                self.credit_used = max(Decimal(0), self.credit_used - amount)
            self._save()

    def usage(self, year: int, month: int) -> list[dict[str, Any]]:
        """The ledger entries of one calendar month (UTC), newest first, in Pictory's documented shape."""
        with self._lock:
            self._settle()
            found: list[tuple[str, int, dict[str, Any]]] = []
            for order, entry in enumerate(self.ledger):
                entry = _documented(entry)
                stamp = entry["transactionDate"]
                if int(stamp[:4]) == year and int(stamp[5:7]) == month:
                    found.append((stamp, order, {**entry, "amount": as_number(Decimal(entry["amount"]))}))
            found.sort(key=lambda item: (item[0], item[1]), reverse=True)
            return [entry for _stamp, _order, entry in found]

    def current_month(self) -> tuple[int, int]:
        """(year, month) of the sandbox clock's now, in UTC: what the ledger answers without parameters."""
        now = datetime.fromtimestamp(self.clock(), UTC)
        return now.year, now.month

    def job_ids_newest_first(self) -> list[str]:
        with self._lock:
            self._settle()
            return sorted(self.jobs, key=lambda jid: self.jobs[jid].created, reverse=True)

    def status(self, job: Job, cdn_base_url: str) -> dict[str, Any]:
        """The ``GET /v1/jobs/{id}`` answer for a job, as of now."""
        with self._lock:
            self._settle()
            if job.outcome == "failed":
                return {
                    "job_id": job.id,
                    "success": False,
                    "data": {"status": "failed", "error_code": job.error_code, "error_message": job.error_message},
                }
            if job.outcome == "completed":
                return {"job_id": job.id, "success": True, "data": self._completed_data(job, cdn_base_url)}
            data: dict[str, Any] = {"status": "in-progress"}
            now = self.clock()
            if now >= job.starts_rendering and job.kind != "image":
                fraction = min(1.0, (now - job.starts_rendering) / max(job.render_seconds, 1e-9))
                data.update(_progress(fraction, has_ai=Decimal(job.cost) > 0 or job.kind == "render_preview"))
            return {"job_id": job.id, "success": True, "data": data}

    def images_newest_first(self, cdn_base_url: str) -> list[dict[str, Any]]:
        """The account's completed AI Studio images as ``GET /v1/aistudio/images`` lists them, newest first."""
        with self._lock:
            self._settle()
            done = [job for job in self.jobs.values() if job.kind == "image" and job.outcome == "completed"]
            done.sort(key=lambda job: job.created, reverse=True)
            items: list[dict[str, Any]] = []
            for job in done:
                width, height = picture.size_for(job.body["aspectRatio"])
                item: dict[str, Any] = {
                    "url": image_url(cdn_base_url, job.id),
                    "id": job.id,
                    "prompt": job.body["prompt"],
                    "aspectRatio": job.body["aspectRatio"],
                    "createdDate": _iso(job.created),
                    "model": job.body["model"],
                    "width": width,
                    "height": height,
                }
                for key in ("style", "referenceImageUrl"):  # only when given, as documented
                    if key in job.body:
                        item[key] = job.body[key]
                items.append(item)
            return items

    def _completed_data(self, job: Job, cdn_base_url: str) -> dict[str, Any]:
        credits_used = as_number(Decimal(job.charged))
        if job.kind == "image":
            width, height = picture.size_for(job.body["aspectRatio"])
            return {
                "status": "completed",
                "url": image_url(cdn_base_url, job.id),
                "width": width,
                "height": height,
                "aiCreditsUsed": credits_used,
            }
        scenes = expand_scenes(job.body, self.catalog)
        base = f"{cdn_base_url}/renders/{job.id}"
        if job.kind == "preview":
            # Preview data: the scenes Pictory made (after splitting) and the accepted storyboard; no MP4.
            # No aiCreditsUsed: Pictory documents it for renders and AI Studio jobs, not previews (5.2), so the
            # app must read a preview's cost from the ledger, where the sandbox debits it as Pictory may.
            return {
                "status": "completed",
                "thumbnail": f"{base}/thumbnail.jpg",
                "preview": {
                    "scenes": [
                        {"sceneIndex": i, "story": s.story, "aiModel": s.ai_model, "duration": float(s.seconds)}
                        for i, s in enumerate(scenes)
                    ]
                },
                "renderParams": job.body,
                # pictory-api-more.md 5.1: the player page, and the resolved storyboard (resubmittable).
                "previewUrl": f"{cdn_base_url}/v2/preview/{job.id}?mode=player",
                "storyboard": job.body,
            }
        data: dict[str, Any] = {"status": "completed"}
        data.update({key: f"{base}/{name}" for key, name in OUTPUT_FILES.items()})
        data["videoDuration"] = float(sum((s.seconds for s in scenes), Decimal(0)))
        data["aiCreditsUsed"] = credits_used
        return data


PLAN = "API Annual"


def image_url(cdn_base_url: str, job_id: str) -> str:
    """Where an AI Studio image lives, shaped like Pictory's ``/images/user/<userId>/<imageId>.png``."""
    return f"{cdn_base_url}/images/user/sandbox/{job_id}.png"


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ledger_entry(kind: str, amount: Decimal, source: str, description: str, when: float) -> dict[str, Any]:
    return {
        "transactionId": str(uuid.uuid4()),
        "type": kind,
        "amount": str(amount),
        "source": source,
        "description": description,
        "plan": PLAN,
        "transactionDate": _iso(when),
    }


def _documented(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as Pictory documents it; state files from before kept ``jobId`` and ``createdAt`` instead."""
    if "transactionDate" in entry:
        return entry
    job_id = entry.get("jobId", "")
    return {
        "transactionId": entry["transactionId"],
        "type": entry["type"],
        "amount": entry["amount"],
        "source": "AI Visuals",
        "description": f"AI visuals for render job {job_id}" if job_id else "",
        "plan": PLAN,
        "transactionDate": entry["createdAt"],
    }


def _progress(fraction: float, *, has_ai: bool) -> dict[str, Any]:
    # Eased so it jumps early and crawls near the end, like real renders; never 100 while running.
    percent = min(99, int(99 * (1 - (1 - fraction) ** 2)))
    if has_ai and fraction < 0.4:
        message = "Generating AI visuals"
    elif fraction < 0.2:
        message = "Preparing scenes"
    elif fraction < 0.9:
        message = "Generating video"
    else:
        message = "Finalizing video"
    return {"renderProgress": percent, "renderProgressMessage": message, "renderState": "RUNNING"}
