"""One explicit application context, passed to every widget (git-cola's ApplicationContext): no singletons,
and tests build one around a temporary home folder and a local sandbox."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pictory_desktop.api.urls import BASE_URL_ENV
from pictory_desktop.domain.catalog import Catalog, default_catalog
from pictory_desktop.store.account_lists import AccountListCache
from pictory_desktop.store.image_cache import ImageCache
from pictory_desktop.store.jobs_db import JobStore
from pictory_desktop.store.keystore import KeyStore
from pictory_desktop.store.options import DefaultsContext
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import Settings
from pictory_desktop.store.upload_memory import UploadMemory

from .account_lists import AccountLists
from .connection import ConnectionController, SandboxFactory, default_sandbox_factory
from .draft_video import DraftMaker
from .image_tries import ImageTries
from .job_controller import JobController
from .music_search import MusicSearch
from .picture_reach import PictureReach
from .spend_check import SpendCheck
from .uploads import Uploads
from .warm_up import Step, importing

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 1.0
# Workers get most of the budget; the sandbox server (normally ~50 ms to stop) gets what is left.
WORKER_SHARE = 0.7


@dataclass
class AppContext:
    catalog: Catalog
    paths: AppPaths
    settings: Settings
    keystore: KeyStore
    connection: ConnectionController
    jobs: JobController
    account_lists: AccountLists  # voices, brands, styles, music vocabularies: cached, fetched in workers
    music_search: MusicSearch  # searches of Pictory's music library, in a worker
    image_tries: ImageTries  # AI Studio tries of a scene's image: sent once, followed, cached
    uploads: Uploads  # the user's own pictures and clips, uploaded once each
    spend_check: SpendCheck  # the user's own limits before a render or a batch is sent
    picture_reach: PictureReach  # before a render: do the locked images still answer?
    drafts: DraftMaker  # Video › Draft video (free): made on this computer, in a worker
    notices: list[str] = field(default_factory=list)  # sentences to show once at start (damaged files…)
    _closed: bool = False

    @property
    def job_store(self) -> JobStore:
        return self.jobs.store

    def warm_up_steps(self) -> list[Step]:
        """What start() will need that is slow to prepare, for a background thread to do first."""
        steps = [importing("pictory_desktop.api.abortable"), importing("pictory_desktop.api.client")]
        if self.connection.mode == "sandbox":
            steps.append(importing("pictory_desktop.sandbox.server"))
        else:
            steps.append(self.connection.read_key_ahead)
        return steps

    def start(self) -> list[str]:
        """Call once the window is up: fetch the balance and follow jobs left rendering at the last quit.

        Returns sentences found while starting (a damaged sandbox state file) for the window to show.
        """
        if self._closed:
            return []  # the window was closed while the warm-up ran: start nothing that would outlive it
        found = []
        server = self.connection.sandbox_server  # starts the sandbox in sandbox mode
        if server is not None and server.account.load_error:
            found.append(server.account.load_error)
        self.notices += found
        self.connection.refresh_balance()
        self.jobs.resume_unfinished()
        return found

    def shutdown(self) -> None:
        """Stop every worker and the sandbox; returns within about a second whatever they are doing."""
        if self._closed:
            return
        self._closed = True
        started = time.monotonic()
        self.jobs.request_stop()  # everyone hears "stop" first, so all threads wind down in parallel
        self.connection.request_stop()
        self.spend_check.request_stop()
        workers_deadline = started + SHUTDOWN_SECONDS * WORKER_SHARE
        self.account_lists.shutdown_until(workers_deadline)
        self.music_search.shutdown_until(workers_deadline)
        self.image_tries.shutdown_until(workers_deadline)
        self.uploads.shutdown_until(workers_deadline)
        self.spend_check.shutdown_until(workers_deadline)
        self.picture_reach.shutdown_until(workers_deadline)
        self.drafts.shutdown_until(workers_deadline)
        self.jobs.shutdown_until(workers_deadline)
        self.connection.shutdown(started + SHUTDOWN_SECONDS * 0.95)
        self.jobs.store.close()
        log.debug("shutdown took %.3fs", time.monotonic() - started)


def build_context(
    *,
    sandbox: bool | None = None,
    api_base_url: str | None = None,
    sandbox_factory: SandboxFactory = default_sandbox_factory,
    poll_interval: float | None = None,
    backoff_sleep: Callable[[float], None] = time.sleep,
) -> AppContext:
    """sandbox=None: the sandbox when no key is available (or the user chose it), else Pictory.

    ``backoff_sleep`` is how the API clients wait between retries of a GET (1, 2, 4 s, or a Retry-After);
    tests pass one that records the delays instead of sleeping them. The retry rules themselves do not change.
    """
    paths = AppPaths.from_environment().ensure()
    api_base_url = api_base_url or os.environ.get(BASE_URL_ENV) or None
    keystore = KeyStore()
    # Only the environment is consulted here: the keyring is read when Pictory mode needs the key, so a
    # sandbox-mode start never waits on it. A key saved in Settings comes with the choice of Pictory mode.
    settings = Settings.for_paths(paths, DefaultsContext(has_api_key=keystore.environment_key() is not None))
    store = JobStore(paths.jobs_db_file)
    connection = ConnectionController(
        settings,
        keystore,
        sandbox=sandbox,
        sandbox_state_path=paths.data_dir / "sandbox" / "state.json",
        sandbox_factory=sandbox_factory,
        api_base_url=api_base_url,
        backoff_sleep=backoff_sleep,
    )
    jobs = JobController(connection, store, settings, poll_interval=poll_interval)
    notices = [*settings.notices, *store.notices]
    return AppContext(
        catalog=default_catalog(),
        paths=paths,
        settings=settings,
        keystore=keystore,
        connection=connection,
        jobs=jobs,
        account_lists=AccountLists(connection, AccountListCache(paths.cache_dir)),
        music_search=MusicSearch(connection),
        image_tries=ImageTries(connection, store, ImageCache(paths.image_cache_dir), jobs.poll_schedule()),
        uploads=Uploads(connection, UploadMemory(paths.data_dir / "uploads.json")),
        spend_check=SpendCheck(connection, settings, store.unfinished),
        picture_reach=PictureReach(),
        drafts=DraftMaker(default_catalog(), paths.image_cache_dir, paths.cache_dir / "music"),
        notices=notices,
    )
