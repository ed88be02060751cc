"""What the last look before spending shows: one value, handed from the window to the confirmation dialog
(or to a test's stand-in), so every part of it is named once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..api.results import Quota
from ..domain.catalog import Catalog, format_credits
from ..domain.credits import Estimate
from ..domain.render_request import RenderRequest
from ..store.jobs_db import JobRecord

# What the confirmation is asked for: a render, Pictory's storyboard preview (Video › Preview on Pictory), or
# the render of a finished preview (the Jobs panel's Render this preview).
RenderVariant = Literal["render", "preview", "from-preview"]

# pictory-api-more.md 5.2: Pictory documents neither whether a preview charges AI credits nor whether rendering a
# preview charges them again. The confirmation says so and shows the full estimate as the most it may cost.
PREVIEW_COST_UNKNOWN = (
    "Pictory does not document whether a preview charges AI credits. It may generate the AI images and clips "
    "now, so the full AI estimate below is the most it may cost; the Jobs panel shows what Pictory reports "
    "once the preview is ready."
)
FROM_PREVIEW_COST_UNKNOWN = (
    "Pictory does not document whether rendering a preview charges the AI credits again. The full AI "
    "estimate below is the most it may cost; the Jobs panel shows what Pictory reports once it is done."
)


def credits_phrase(amount: Decimal, *, estimated: bool = False) -> str:
    unit = "credit" if amount == 1 else "credits"
    return f"{'about ' if estimated else ''}{format_credits(amount)} {unit}"


@dataclass(frozen=True)
class RenderQuestion:
    request: RenderRequest
    balance: Quota | None
    catalog: Catalog
    sandbox: bool
    sent_before: JobRecord | None = None  # the newest earlier render of exactly this body, if any
    # With a monthly limit: the sentence saying what this render leaves of it (domain.limits.SpendVerdict).
    monthly_limit: str | None = None
    variant: RenderVariant = "render"
    # Locked images whose address no longer answers (qt.picture_reach): one sentence each, always shown.
    unreachable_pictures: tuple[str, ...] = ()

    @property
    def cost_unknown(self) -> str | None:
        """The sentence saying Pictory does not document this cost (a preview, or a preview's render)."""
        if self.variant == "preview":
            return PREVIEW_COST_UNKNOWN
        if self.variant == "from-preview":
            return FROM_PREVIEW_COST_UNKNOWN
        return None

    def problems(self) -> list[str]:
        """Why this render cannot be sent as it is (the dialog shows them and disables Render). A render with
        a problem is never sent without the dialog, whatever the user's ask-above setting."""
        estimate = self.request.estimate
        total = estimate.total
        problems: list[str] = []
        if self.balance is not None and self.balance.balance - total < 0:
            problems.append(
                f"Your balance ({credits_phrase(self.balance.balance)}) is less than this render needs "
                f"({credits_phrase(total, estimated=estimate.estimated)}). Buy more AI credits in your Pictory "
                "account or choose cheaper AI models (Flux costs least), then render again."
            )
        if estimate.unpriced_scenes:
            numbers = ", ".join(str(n) for n in estimate.unpriced_scenes)
            problems.append(
                f"The cost of scene {numbers} cannot be worked out because its AI model or clip length is not "
                "one Pictory offers. Fix the scene before rendering."
            )
        return problems

    @property
    def may_skip_asking(self) -> bool:
        """Whether nothing here needs the user's eyes: no problem, not a body sent before, every locked image
        still there, and a cost Pictory documents (a preview's is not, so it is always asked)."""
        return (
            self.variant == "render"
            and self.sent_before is None
            and not self.problems()
            and not self.unreachable_pictures
        )


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
    # With a monthly limit: the sentence saying what the batch leaves of it (domain.limits.SpendVerdict).
    monthly_limit: str | None = None

    @property
    def total(self) -> Decimal:
        return sum((video.estimate.total for video in self.videos), Decimal(0))

    @property
    def estimated(self) -> bool:
        return any(video.estimate.estimated for video in self.videos)

    @property
    def unpriced(self) -> tuple[int, ...]:
        return tuple(video.sheet_row for video in self.videos if video.estimate.unpriced_scenes)

    def problems(self) -> list[str]:
        """Why the batch cannot be sent as it is (the dialog shows them and disables Render); a batch with a
        problem is never sent without the dialog, whatever the user's ask-above setting."""
        count = len(self.videos)
        what = f"{count} video{'s' if count != 1 else ''}"
        total, estimated = self.total, self.estimated
        problems: list[str] = []
        if self.balance is not None and self.balance.balance < total:
            problems.append(
                f"Your balance ({credits_phrase(self.balance.balance)}) is less than these {what} need "
                f"({credits_phrase(total, estimated=estimated)}). Buy more AI credits, choose cheaper AI models "
                "in the template, or render fewer rows."
            )
        if self.unpriced:
            rows = ", ".join(str(n) for n in self.unpriced)
            problems.append(
                f"The cost of CSV row {rows} cannot be worked out (an AI model or clip length Pictory does not "
                "offer). Fix the template first."
            )
        return problems
