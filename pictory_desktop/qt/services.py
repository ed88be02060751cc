"""What the main window needs from the application context, as protocols.

The real ``AppContext`` and the tests' small fakes both satisfy ``WindowContext``; the type checker proves
it, so a fake that drifts from the real class fails the check instead of passing a test it should not.

Signals are named but typed ``Any``: PySide6's stubs give a class's ``Signal`` and an instance's
``SignalInstance`` different types, and a protocol cannot say "this class attribute, seen through an
instance", so only a signal's presence is checked, not its argument types.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from ..api.results import Quota
from ..domain.catalog import Catalog
from ..domain.render_request import RenderRequest
from ..store.jobs_db import JobKind, JobRecord
from ..store.paths import AppPaths
from ..store.settings import Settings
from .account_lists import AccountLists
from .connection import ConnectionMode
from .draft_video import DraftMaker
from .image_tries import ImageTries
from .music_search import MusicSearch
from .picture_reach import PictureReach
from .uploads import Uploads


class ConnectionStatus(Protocol):
    """Sandbox or Pictory, and the balance, as the window, its totals bar and its banner show them."""

    @property
    def mode(self) -> ConnectionMode: ...

    @property
    def balance(self) -> Quota | None: ...

    @property
    def server_on_this_computer(self) -> bool: ...

    modeChanged: Any  # Qt signals (see the module's note)
    balanceChanged: Any
    balanceFailed: Any
    authRequired: Any

    def refresh_balance(self) -> None: ...

    def refresh_balance_if_stale(self) -> bool: ...


class RenderJobs(Protocol):
    """Where a confirmed render goes: sent once, then followed."""

    submitted: Any  # Qt signals
    submitFailed: Any
    resumed: Any
    storyboardRequested: Any
    jobFinished: Any
    previewRenderAsked: Any  # a preview's id: the user pressed Render this preview (the window asks first)

    def submit(self, request: RenderRequest, kind: JobKind = "render") -> None: ...

    def render_preview(self, preview_job_id: str) -> None: ...

    def sent_job(self, job_id: str) -> tuple[JobRecord, str | None] | None: ...

    def followed_renders(self) -> int: ...

    def sent_before(self, request: RenderRequest) -> JobRecord | None: ...


class SpendChecker(Protocol):
    """The user's own limits before sending (``qt.spend_check.SpendCheck``): ``check`` answers once with
    ``decided(tag, SpendVerdict)``, at once or after ``checking(tag)`` while the month's ledger is read."""

    decided: Any  # Qt signals
    checking: Any

    @property
    def busy(self) -> bool: ...

    def check(self, cost: Decimal, what: str, *, estimated: bool = False, tag: object = None) -> None: ...


class WindowContext(Protocol):
    @property
    def catalog(self) -> Catalog: ...

    @property
    def paths(self) -> AppPaths: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def connection(self) -> ConnectionStatus: ...

    @property
    def jobs(self) -> RenderJobs: ...

    @property
    def account_lists(self) -> AccountLists: ...

    @property
    def music_search(self) -> MusicSearch: ...

    @property
    def image_tries(self) -> ImageTries: ...

    @property
    def uploads(self) -> Uploads: ...

    @property
    def spend_check(self) -> SpendChecker: ...

    @property
    def picture_reach(self) -> PictureReach: ...

    @property
    def drafts(self) -> DraftMaker: ...

    def shutdown(self) -> None: ...
