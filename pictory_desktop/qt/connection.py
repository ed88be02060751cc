"""The one owner of the connection state (after krita-ai-diffusion's model/connection.py).

States: ``sandbox`` (the built-in local server; no credits), ``no-key`` (Pictory chosen but no key),
``checking`` (balance request in flight), ``connected``, ``auth-failed`` (Pictory answered 401: the UI
opens the key settings) and ``offline`` (Pictory could not be reached or answered with an error).

The key is read from the KeyStore once (and again after the user changes it), never on every request: a
locked keyring can block, and that must not happen each time a worker starts. Results of balance requests
started before a mode or key change are ignored (git-cola's stale-result guard).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.errors import Unauthorized
from pictory_desktop.api.results import Quota
from pictory_desktop.api.urls import host_is_loopback
from pictory_desktop.domain.catalog import format_credits
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID
from pictory_desktop.store.keystore import KeyringStatus, KeySource, KeyStore, StoredKey, mask
from pictory_desktop.store.settings import Settings

from .workers import BalanceWorker, Worker, WorkError, WorkerThreads

if TYPE_CHECKING:  # imported where used: requests and the sandbox cost ~150 ms before the first paint
    from pictory_desktop.api.client import PictoryClient
    from pictory_desktop.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

ConnectionMode = Literal["sandbox", "pictory"]
# sandbox: the local server; no-key / checking / connected / auth-failed / offline: Pictory, by what is known.
ConnectionState = Literal["sandbox", "no-key", "checking", "connected", "auth-failed", "offline"]

SANDBOX_KEY = "pictai_sandbox"  # the sandbox accepts any pictai_ key; this one never touches the keyring
# In-app sandbox timings: long enough that a user sees a job queue, render and finish.
SANDBOX_QUEUE_SECONDS = 3.0
SANDBOX_RENDER_SECONDS = 20.0

BALANCE_ATTEMPTS = 2
# When the window comes back to the front the balance is asked again, but not more often than this: the
# quota endpoint is a request like any other, and Pictory asks clients not to poll faster than every 10 s.
BALANCE_FRESH_SECONDS = 30.0
JOB_GET_ATTEMPTS = 4  # a job poll or a download gets 1 + 2 + 4 s of backoff before it gives up
NO_KEY_MESSAGE = (
    "No Pictory API key is set. In File › Settings, paste your API key, or choose the sandbox to try things free."
)

SandboxFactory = Callable[[Path | None], "SandboxServer"]


def default_sandbox_factory(state_path: Path | None) -> SandboxServer:
    from pictory_desktop.draft.sandbox_video import sandbox_video_maker
    from pictory_desktop.sandbox.server import SandboxServer
    from pictory_desktop.store.paths import AppPaths

    # A sandbox render is a draft of the storyboard sent (issue 15): the user's first render shows their scenes.
    return SandboxServer(
        queue_seconds=SANDBOX_QUEUE_SECONDS,
        render_seconds=SANDBOX_RENDER_SECONDS,
        state_path=state_path,
        video_maker=sandbox_video_maker(AppPaths.from_environment().image_cache_dir),
    ).start()


class ConnectionController(QObject):
    modeChanged = Signal(str)  # ConnectionMode
    stateChanged = Signal(str)  # ConnectionState
    balanceChanged = Signal(object)  # Quota | None
    balanceFailed = Signal(str)
    authRequired = Signal(str)
    keyChanged = Signal()  # saved, removed, or reloaded
    keyTested = Signal(bool, str)  # ok, a sentence for the user

    def __init__(
        self,
        settings: Settings,
        keystore: KeyStore,
        *,
        sandbox: bool | None = None,
        sandbox_state_path: Path | None = None,
        sandbox_factory: SandboxFactory = default_sandbox_factory,
        api_base_url: str | None = None,
        backoff_sleep: Callable[[float], None] = time.sleep,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.keystore = keystore
        self._sandbox_state_path = sandbox_state_path
        self._sandbox_factory = sandbox_factory
        self._sandbox: SandboxServer | None = None
        self._api_base_url_override = api_base_url
        # How every client this controller makes waits between retries of a GET (PictoryClient's ``sleep``).
        # Users get time.sleep (woken at once by Cancel); tests pass a recorder so retries cost no real time.
        self._backoff_sleep = backoff_sleep
        self._threads = WorkerThreads("connection")
        self._generation = 0
        self._balance_asked_at: float | None = None  # monotonic time of the last balance request
        self.clock: Callable[[], float] = time.monotonic  # tests may turn it
        self._test_generation = 0
        self._loaded_key: StoredKey | None = None
        self._key_loaded = False
        self.balance: Quota | None = None
        self.state: ConnectionState = "no-key"
        self._closed = False
        if sandbox is None:
            # The saved choice decides (a key saved in Settings comes with the choice of Pictory), not the
            # keyring: reading it can take ~150 ms, or wait for the user to unlock it, and the window must
            # not wait. In Pictory mode the key is read off the GUI thread after the first frame
            # (read_key_ahead); without one, the balance request then says so.
            sandbox = bool(settings.get("use_sandbox"))
        self.mode: ConnectionMode = "sandbox" if sandbox else "pictory"
        # The sandbox server itself starts when first needed, after the first paint.
        self._set_state("sandbox" if self.mode == "sandbox" else "checking")

    # --- key -------------------------------------------------------------------------------------------

    @property
    def _key(self) -> StoredKey | None:
        """The key, read from the KeyStore on first use (the keyring can be slow, or locked)."""
        if not self._key_loaded:
            self._load_key()
        return self._loaded_key

    def _load_key(self) -> None:
        self._loaded_key = self.keystore.load()
        self._key_loaded = True

    def read_key_ahead(self) -> None:
        """Read the key now, on whatever thread calls this (the start-up warm-up's), so the GUI thread finds
        it ready. Call it before the GUI thread first needs the key; reading twice is harmless."""
        if not self._key_loaded:
            self._load_key()

    @property
    def key_source(self) -> KeySource | None:
        return None if self._key is None else self._key.source

    @property
    def masked_key(self) -> str | None:
        return None if self._key is None else mask(self._key.value)

    @property
    def has_key(self) -> bool:
        return self._key is not None

    def keyring_status(self) -> KeyringStatus:
        return self.keystore.keyring_status()

    def save_key(self, key: str) -> KeySource:
        """Store the key (keyring, or this session only); raises KeyStoreError with a sentence."""
        source = self.keystore.save(key)
        self._key_changed()
        return source

    def remove_key(self) -> None:
        self.keystore.remove()
        self._key_changed()

    def _key_changed(self) -> None:
        self._load_key()
        self._generation += 1
        self.keyChanged.emit()
        if self.mode == "pictory":
            self.balance = None
            self.balanceChanged.emit(None)
            if self._key is None:
                self._set_state("no-key")
            else:
                self.refresh_balance()

    # --- mode ------------------------------------------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self.mode == "sandbox"

    @property
    def server_on_this_computer(self) -> bool:
        """Whether renders go to a server on this computer (the sandbox, or a test server on loopback), which
        can fetch the sandbox's own addresses; Pictory's servers cannot (domain/local_addresses.py)."""
        if self.mode == "sandbox":
            return True
        return host_is_loopback(urlsplit(self.pictory_base_url).hostname)

    @property
    def sandbox_server(self) -> SandboxServer | None:
        """The built-in server (started on first use) in sandbox mode; the last one, if any, otherwise."""
        return self._ensure_sandbox() if self.mode == "sandbox" else self._sandbox

    def _ensure_sandbox(self) -> SandboxServer:
        if self._sandbox is None:
            self._sandbox = self._sandbox_factory(self._sandbox_state_path)
        return self._sandbox

    def use_sandbox(self) -> None:
        self._ensure_sandbox()
        self._switch("sandbox")

    def use_pictory(self) -> bool:
        """Switch to the real service; False (and state ``no-key``) when there is no key to use."""
        self._load_key()
        if self._key is None:
            self._set_state("no-key")
            return False
        self._switch("pictory")
        return True

    def _switch(self, mode: ConnectionMode) -> None:
        self._remember_choice(mode == "sandbox")
        self._generation += 1
        changed = mode != self.mode
        self.mode = mode
        self.balance = None
        self._set_state("sandbox" if mode == "sandbox" else "checking")
        if changed:
            self.modeChanged.emit(mode)
        self.balanceChanged.emit(None)
        self.refresh_balance()

    def _remember_choice(self, sandbox: bool) -> None:
        try:
            self.settings.set("use_sandbox", sandbox)
            self.settings.save()
        except (OSError, ValueError) as exc:
            # The switch still works for this session; only remembering it failed.
            log.warning("could not save the sandbox choice: %s", type(exc).__name__)

    # --- addresses and clients -------------------------------------------------------------------------

    @property
    def pictory_base_url(self) -> str:
        return self._api_base_url_override or str(self.settings.get("api_base_url"))

    @property
    def base_url(self) -> str:
        if self.mode == "sandbox":
            return self._ensure_sandbox().base_url
        return self.pictory_base_url

    @property
    def server_id(self) -> str:
        """Which server a job belongs to, stable across restarts (the sandbox's port is not)."""
        return SANDBOX_SERVER_ID if self.mode == "sandbox" else self.pictory_base_url

    def worker_client_factory(
        self, *, key: str | None = None, base_url: str | None = None, get_attempts: int = JOB_GET_ATTEMPTS
    ) -> Callable[[Worker], PictoryClient]:
        """A factory a worker calls in its own thread; the key and address are fixed now, in the GUI thread.
        ``key``/``base_url`` override the current ones."""
        base_url = base_url or self.base_url
        if key is None:
            key = SANDBOX_KEY if self.mode == "sandbox" else (self._key.value if self._key else None)
        if key is None:
            raise Unauthorized(NO_KEY_MESSAGE)
        from pictory_desktop.api.client import PictoryClient

        sleep = self._backoff_sleep
        return lambda worker: PictoryClient(
            key, base_url, get_attempts=get_attempts, cancel=worker.cancel_event, session=worker.session, sleep=sleep
        )

    # --- balance ---------------------------------------------------------------------------------------

    def refresh_balance_if_stale(self) -> bool:
        """Ask for the balance again if it was last asked more than BALANCE_FRESH_SECONDS ago (and only once
        start() has asked a first time). Returns whether it asked."""
        asked = self._balance_asked_at
        if asked is None or self.clock() - asked < BALANCE_FRESH_SECONDS:
            return False
        self.refresh_balance()
        return True

    def refresh_balance(self) -> None:
        if self._closed:
            return
        self._balance_asked_at = self.clock()
        self._generation += 1
        generation = self._generation
        try:
            # A balance is a quick look: two tries, not the four (1 + 2 + 4 s) a job poll gets.
            factory = self.worker_client_factory(get_attempts=BALANCE_ATTEMPTS)
        except Unauthorized as error:
            self._set_state("no-key")
            self.balanceFailed.emit(error.user_message)
            return
        if self.mode == "pictory":
            self._set_state("checking")
        worker = BalanceWorker(factory, tag=generation)
        worker.fetched.connect(self._balance_fetched)
        worker.failed.connect(self._balance_error)
        self._threads.start(worker)

    @Slot(object, object)
    def _balance_fetched(self, generation: int, quota: Quota) -> None:
        if self._closed or generation != self._generation:
            return
        self.balance = quota
        self._set_state("sandbox" if self.mode == "sandbox" else "connected")
        self.balanceChanged.emit(quota)

    @Slot(object, object)
    def _balance_error(self, generation: int, error: WorkError) -> None:
        if self._closed or generation != self._generation or error.kind == "cancelled":
            return
        if error.kind == "unauthorized":
            self.report_unauthorized(error.message)
            return
        if self.mode == "pictory":
            self._set_state("offline")
        self.balanceFailed.emit(error.message)

    @Slot(str)
    def report_unauthorized(self, message: str | None = None) -> None:
        """Any worker that got a 401 lands here: one place turns it into "enter your key again"."""
        if self._closed:
            return
        text = message or Unauthorized.default_message
        if self.mode == "pictory":
            self._set_state("auth-failed")
        self.authRequired.emit(text)

    # --- testing a key from the settings dialog --------------------------------------------------------

    def test_key(self, key: str | None = None, base_url: str | None = None) -> None:
        """Fetch the balance with ``key`` (or the saved key) against Pictory; answers with ``keyTested``."""
        if self._closed:
            return
        self._test_generation += 1
        generation = self._test_generation
        key = (key or "").strip() or (self._key.value if self._key else None)
        if not key:
            self.keyTested.emit(False, "Paste your API key first, then press Test.")
            return
        try:
            factory = self.worker_client_factory(
                key=key, base_url=base_url or self.pictory_base_url, get_attempts=BALANCE_ATTEMPTS
            )
        except Unauthorized as error:
            self.keyTested.emit(False, error.user_message)
            return
        worker = BalanceWorker(factory, tag=generation)
        worker.fetched.connect(self._test_passed)
        worker.failed.connect(self._test_failed)
        self._threads.start(worker)

    @Slot(object, object)
    def _test_passed(self, generation: int, quota: Quota) -> None:
        if not self._closed and generation == self._test_generation:
            self.keyTested.emit(True, f"The key works. Your balance is {format_credits(quota.balance)} AI credits.")

    @Slot(object, object)
    def _test_failed(self, generation: int, error: WorkError) -> None:
        if not self._closed and generation == self._test_generation and error.kind != "cancelled":
            self.keyTested.emit(False, error.message)

    # --- state and shutdown ----------------------------------------------------------------------------

    def _set_state(self, state: ConnectionState) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def request_stop(self) -> None:
        self._closed = True
        self._threads.cancel_all()

    def shutdown(self, deadline: float) -> None:
        """Stop workers by ``deadline`` (time.monotonic()), then the sandbox server."""
        self._closed = True
        self._threads.shutdown(deadline)
        if self._sandbox is not None:
            server, self._sandbox = self._sandbox, None
            stopper = threading.Thread(target=server.stop, name="sandbox-stop", daemon=True)
            stopper.start()
            stopper.join(max(0.05, deadline - time.monotonic()))
