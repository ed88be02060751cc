"""The account's voices, brands, subtitle styles and music vocabularies for the editor: shown at once from the
disk cache, fetched in workers, never waited for.

``ensure(name)`` gives what the cache has and asks the server only when the list was never fetched or is
stale (once per session per list, so opening the voice picker ten times asks once). ``refresh(name)`` asks
now. A failed fetch keeps the list the user already sees and says why in ``status_text``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:  # requests is imported with the first worker, not while the window starts
    from pictory_desktop.api.client import PictoryClient

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.results import NamedItem, VoiceTrack
from pictory_desktop.domain.checks import known_speakers_from
from pictory_desktop.store.account_lists import AccountListCache, CachedList

from .workers import Worker, WorkError, WorkerThreads


class ClientSource(Protocol):
    """What fetching a list needs from the connection (the real controller, or a test's stand-in)."""

    @property
    def server_id(self) -> str: ...

    @property
    def is_sandbox(self) -> bool: ...

    def worker_client_factory(self) -> Callable[[Worker], PictoryClient]: ...


ListName = Literal["voices", "brands", "styles", "moods", "genres", "purposes"]
VocabularyName = Literal["moods", "genres", "purposes"]
MUSIC_VOCABULARIES: tuple[VocabularyName, ...] = ("moods", "genres", "purposes")
LIST_NAMES: tuple[ListName, ...] = ("voices", "brands", "styles", "moods", "genres", "purposes")
_WHAT: dict[ListName, str] = {
    "voices": "voices",
    "brands": "brands",
    "styles": "subtitle styles",
    "moods": "music moods",
    "genres": "music genres",
    "purposes": "music purposes",
}


def _fetch(name: ListName, client: PictoryClient) -> list[Any]:
    """The list as JSON items, the way the cache keeps them (re-read through the same parser)."""
    if name == "voices":
        return [voice.raw for voice in client.voices()]
    if name == "brands":
        return [{"id": item.id, "name": item.name} for item in client.brands()]
    if name == "styles":
        return [{"id": item.id, "name": item.name} for item in client.styles()]
    return list(client.music_vocabulary(name))


class _ListWorker(Worker):
    fetched = Signal(object, object)  # tag (the list name), list of JSON items

    def __init__(self, name: ListName, client_factory: Callable[[Worker], PictoryClient]) -> None:
        super().__init__(tag=name)
        self._name: ListName = name
        self._client_factory = client_factory

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            items = _fetch(self._name, client)
        finally:
            client.close()
        if not self.cancelled:
            self.fetched.emit(self.tag, items)


def _ago(seconds: float) -> str:
    if seconds < 90:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 90:
        return f"{minutes} minutes ago"
    hours = int(minutes // 60)
    if hours < 36:
        return f"{hours} hours ago"
    return f"{int(hours // 24)} days ago"


class AccountLists(QObject):
    changed = Signal(str)  # a list name: its items or its status changed

    def __init__(
        self,
        connection: ClientSource,
        cache: AccountListCache,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._cache = cache
        self._clock = clock
        self._threads = WorkerThreads("account lists")
        self._loaded: dict[tuple[str, ListName], CachedList | None] = {}
        self._asked: set[tuple[str, ListName]] = set()
        self._fetching: set[tuple[str, ListName]] = set()
        self._errors: dict[tuple[str, ListName], str] = {}

    def _slot(self, name: ListName) -> tuple[str, ListName]:
        return (self._connection.server_id, name)

    def _cached(self, name: ListName) -> CachedList | None:
        slot = self._slot(name)
        if slot not in self._loaded:
            self._loaded[slot] = self._cache.load(*slot)
        return self._loaded[slot]

    # --- reading ---------------------------------------------------------------------------------------

    def _items_bytes(self, name: ListName) -> bytes | None:
        cached = self._cached(name)
        return None if cached is None else json.dumps(cached.items).encode("utf-8")

    def voices(self) -> list[VoiceTrack]:
        from pictory_desktop.api import parsing  # the client's own reading of the reply; loaded on first use

        body = self._items_bytes("voices")
        return [] if body is None else parsing.voices(body)

    def named(self, name: Literal["brands", "styles"]) -> list[NamedItem]:
        body = self._items_bytes(name)
        from pictory_desktop.api import parsing

        return [] if body is None else parsing.named_items(body, _WHAT[name])

    def vocabulary(self, name: VocabularyName) -> list[str]:
        body = self._items_bytes(name)
        from pictory_desktop.api import parsing

        return [] if body is None else parsing.vocabulary(body, _WHAT[name])

    def known_speakers(self) -> frozenset[str] | None:
        """Every name and id a voice-over ``speaker`` may use (as the checks match them); None: never fetched."""
        cached = self._cached("voices")
        if cached is None:
            return None
        return known_speakers_from(item for item in cached.items if isinstance(item, dict))

    def is_fetching(self, name: ListName) -> bool:
        return self._slot(name) in self._fetching

    def status_text(self, name: ListName) -> str:
        """One sentence under the list: where it came from, how old it is, what went wrong."""
        slot = self._slot(name)
        cached = self._cached(name)
        what = _WHAT[name].capitalize()
        source = "the sandbox" if self._connection.is_sandbox else "your Pictory account"
        if slot in self._fetching and cached is None:
            return f"Fetching the {_WHAT[name]} from {source}…"
        error = self._errors.get(slot)
        if cached is None:
            return error or f"{what} have not been fetched from {source} yet."
        age = cached.age_seconds(self._clock())
        text = f"{what} from {source}, fetched {_ago(age)}."
        if cached.is_stale(self._clock()):
            text = f"{what} from {source} as they were {_ago(age)}; they may have changed. Refresh to update."
        if slot in self._fetching:
            text += " Updating…"
        elif error:
            text += f" Could not update: {error}"
        return text

    # --- fetching ----------------------------------------------------------------------------------------

    def ensure(self, name: ListName) -> None:
        """Fetch the list if it was never fetched or is stale, once per session."""
        slot = self._slot(name)
        if slot in self._asked:
            return
        cached = self._cached(name)
        if cached is None or cached.is_stale(self._clock()):
            self.refresh(name)

    def refresh(self, name: ListName) -> None:
        slot = self._slot(name)
        self._asked.add(slot)
        if slot in self._fetching:
            return
        try:
            factory = self._connection.worker_client_factory()
        except Exception as error:  # noqa: BLE001 - no key: say so where the list is shown
            self._errors[slot] = getattr(error, "user_message", str(type(error).__name__))
            self.changed.emit(name)
            return
        self._fetching.add(slot)
        worker = _ListWorker(name, factory)
        worker.tag = slot
        worker.fetched.connect(self._fetched)
        worker.failed.connect(self._failed)
        self._threads.start(worker)
        self.changed.emit(name)

    @Slot(object, object)
    def _fetched(self, slot: tuple[str, ListName], items: list[Any]) -> None:
        self._fetching.discard(slot)
        self._errors.pop(slot, None)
        self._loaded[slot] = self._cache.save(*slot, items, now=self._clock())
        self.changed.emit(slot[1])

    @Slot(object, object)
    def _failed(self, slot: tuple[str, ListName], error: WorkError) -> None:
        self._fetching.discard(slot)
        if error.kind != "cancelled":
            self._errors[slot] = error.message
        self.changed.emit(slot[1])

    def shutdown_until(self, deadline: float) -> bool:
        self._threads.cancel_all()
        return self._threads.shutdown(deadline)
