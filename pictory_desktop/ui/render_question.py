"""What the last look before spending shows: one value, handed from the window to the confirmation dialog
(or to a test's stand-in), so every part of it is named once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..api.results import Quota
from ..domain.catalog import Catalog
from ..domain.credits import Estimate
from ..domain.render_request import RenderRequest
from ..store.jobs_db import JobRecord


@dataclass(frozen=True)
class RenderQuestion:
    request: RenderRequest
    balance: Quota | None
    catalog: Catalog
    sandbox: bool
    sent_before: JobRecord | None = None  # the newest earlier render of exactly this body, if any


@dataclass(frozen=True)
class BatchVideo:
    """One video of a batch about to be sent: its spreadsheet row, name and cost."""

    sheet_row: int
    name: str
    estimate: Estimate


@dataclass(frozen=True)
class BatchRenderQuestion:
    """The one confirmation for a whole batch: every video to send now, and what is left out and why."""

    batch_name: str
    videos: tuple[BatchVideo, ...]
    balance: Quota | None
    sandbox: bool
    invalid_rows: int = 0  # rows with errors: never sent
    sent_before: int = 0  # rows with a job already: never sent again

    @property
    def total(self) -> Decimal:
        return sum((video.estimate.total for video in self.videos), Decimal(0))

    @property
    def estimated(self) -> bool:
        return any(video.estimate.estimated for video in self.videos)

    @property
    def unpriced(self) -> tuple[int, ...]:
        return tuple(video.sheet_row for video in self.videos if video.estimate.unpriced_scenes)
