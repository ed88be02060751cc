"""What the last look before spending shows: one value, handed from the window to the confirmation dialog
(or to a test's stand-in), so every part of it is named once."""

from __future__ import annotations

from dataclasses import dataclass

from ..api.results import Quota
from ..domain.catalog import Catalog
from ..domain.render_request import RenderRequest
from ..store.jobs_db import JobRecord


@dataclass(frozen=True)
class RenderQuestion:
    request: RenderRequest
    balance: Quota | None
    catalog: Catalog
    sandbox: bool
    sent_before: JobRecord | None = None  # the newest earlier render of exactly this body, if any
