"""A small stand-in for the app context: the same attributes and signals, no network, no threads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QListView, QWidget

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import Unauthorized
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import Quota
from pictory_desktop.domain.catalog import Catalog, default_catalog
from pictory_desktop.domain.limits import spend_verdict
from pictory_desktop.domain.render_request import RenderRequest
from pictory_desktop.qt.account_lists import AccountLists
from pictory_desktop.qt.connection import ConnectionMode
from pictory_desktop.qt.draft_video import DraftMaker
from pictory_desktop.qt.image_tries import ImageTries
from pictory_desktop.qt.music_search import MusicSearch
from pictory_desktop.qt.picture_reach import PictureReach
from pictory_desktop.qt.uploads import Uploads
from pictory_desktop.qt.workers import Worker
from pictory_desktop.store.account_lists import AccountListCache
from pictory_desktop.store.image_cache import ImageCache
from pictory_desktop.store.jobs_db import JobKind, JobRecord, JobStore
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings
from pictory_desktop.store.upload_memory import UploadMemory
from pictory_desktop.ui.companions import Companions
from pictory_desktop.ui.render_question import RenderQuestion


class FakeConnection(QObject):
    modeChanged = Signal(str)
    balanceChanged = Signal(object)
    balanceFailed = Signal(str)
    authRequired = Signal(str)

    def __init__(self, balance: Quota | None = None) -> None:
        super().__init__()
        self.mode: ConnectionMode = "sandbox"
        self.balance = balance
        self.refreshes = 0
        self.stale_checks = 0

    def refresh_balance(self) -> None:
        self.refreshes += 1

    def refresh_balance_if_stale(self) -> bool:
        self.stale_checks += 1
        return False

    def deliver_balance(self, quota: Quota) -> None:
        self.balance = quota
        self.balanceChanged.emit(quota)

    # What the account's lists and the music search ask of a connection: this one has no server to ask.
    @property
    def server_id(self) -> str:
        return "fake-server"

    @property
    def is_sandbox(self) -> bool:
        return self.mode == "sandbox"

    @property
    def server_on_this_computer(self) -> bool:
        return self.mode == "sandbox"

    def worker_client_factory(self) -> Callable[[Worker], PictoryClient]:
        raise Unauthorized("The fake connection has no server.")


class FakeJobs(QObject):
    submitted = Signal(str)
    submitFailed = Signal(str)
    resumed = Signal(object)
    storyboardRequested = Signal(str, str)
    jobFinished = Signal(str, str, bool)
    jobUpdated = Signal(str)
    previewRenderAsked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.submissions: list[RenderRequest] = []
        self.followed = 0
        self.earlier: JobRecord | None = None

    def submit(self, request: RenderRequest, kind: JobKind = "render") -> None:
        self.submissions.append(request)
        self.submitted.emit(f"job-{len(self.submissions)}")

    def render_preview(self, preview_job_id: str) -> None:
        self.submitted.emit(f"render-of-{preview_job_id}")

    def sent_job(self, job_id: str) -> tuple[JobRecord, str | None] | None:
        return None

    def followed_renders(self) -> int:
        return self.followed

    def sent_before(self, request: RenderRequest) -> JobRecord | None:
        return self.earlier

    def shutdown(self, timeout: float = 1.0) -> None:
        pass


class FakeSpendCheck(QObject):
    """Decides at once, as the real one does without a monthly limit; with one, as if nothing were spent yet."""

    decided = Signal(object, object)
    checking = Signal(object)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.asked: list[tuple[Decimal, str]] = []

    @property
    def busy(self) -> bool:
        return False

    def check(self, cost: Decimal, what: str, *, estimated: bool = False, tag: object = None) -> None:
        self.asked.append((cost, what))
        limits = self.settings.spending_limits()
        ledger = [] if limits.needs_ledger else None
        now = datetime.now(UTC)
        self.decided.emit(tag, spend_verdict(limits, cost, what, now=now, ledger=ledger, estimated=estimated))


@dataclass
class FakeContext:
    catalog: Catalog = field(default_factory=default_catalog)
    paths: AppPaths = field(default_factory=lambda: AppPaths.from_environment().ensure())
    settings: Settings = field(default_factory=lambda: Settings.for_paths(AppPaths.from_environment()))
    keystore: Any = None
    connection: FakeConnection = field(
        default_factory=lambda: FakeConnection(Quota(credits_used=Decimal(20), credits_limit=Decimal(120)))
    )
    jobs: FakeJobs = field(default_factory=FakeJobs)
    account_lists: AccountLists = field(init=False)
    music_search: MusicSearch = field(init=False)
    spend_check: FakeSpendCheck = field(init=False)
    image_tries: ImageTries = field(init=False)
    uploads: Uploads = field(init=False)
    picture_reach: PictureReach = field(default_factory=PictureReach)
    drafts: DraftMaker = field(init=False)
    shutdowns: int = 0

    def __post_init__(self) -> None:
        self.spend_check = FakeSpendCheck(self.settings)
        self.account_lists = AccountLists(self.connection, AccountListCache(Path(self.paths.cache_dir)))
        self.music_search = MusicSearch(self.connection)
        self.image_tries = ImageTries(
            self.connection,
            JobStore(Path(self.paths.data_dir) / "fake-jobs.sqlite3"),
            ImageCache(self.paths.image_cache_dir),
            lambda _loopback: PollSchedule(interval=0.05, max_interval=0.1, error_max_interval=0.2, deadline=5),
        )
        self.uploads = Uploads(self.connection, UploadMemory(Path(self.paths.data_dir) / "uploads.json"))
        self.drafts = DraftMaker(default_catalog(), self.paths.image_cache_dir, Path(self.paths.cache_dir) / "music")

    def shutdown(self) -> None:
        self.shutdowns += 1


class RecordingCompanions:
    """Placeholder panels, and dialogs that answer as the test says and record that they were asked."""

    def __init__(self, render_answer: bool = True) -> None:
        self.render_answer = render_answer
        self.render_asks: list[RenderQuestion] = []
        self.settings_asks = 0

    def bundle(self) -> Companions:
        return Companions(
            jobs_panel=self._jobs_panel,
            sandbox_banner=lambda _context, parent: QWidget(parent),
            ask_render=self._ask_render,
            ask_settings=self._ask_settings,
        )

    @staticmethod
    def _jobs_panel(_context: Any, parent: QWidget) -> QWidget:
        view = QListView(parent)
        view.setObjectName("jobsView")
        return view

    def _ask_render(self, parent: QWidget, question: RenderQuestion) -> bool:
        self.render_asks.append(question)
        return self.render_answer

    def _ask_settings(self, _parent: QWidget, _context: Any) -> None:
        self.settings_asks += 1
