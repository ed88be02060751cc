"""The user's own limits before anything is sent from the window: one entry point for every caller (Render in
the main window, the batch dialog), answering with ``domain.limits.spend_verdict``, the decision the command
line makes too.

Usage::

    spend_check.decided.connect(self._spend_decided)      # (tag, SpendVerdict), on the GUI thread
    spend_check.checking.connect(self._checking_limit)    # (tag): the ledger is being read, say so
    spend_check.check(cost, "this render", estimated=False, tag=my_tag)

``tag`` is any object the caller picks *before* calling, and gets back with the verdict (compare it with
``is``): several callers share one ``SpendCheck``, and each ignores the verdicts of the others. Without a
monthly limit (or for something free) nothing is read and ``decided`` is emitted before ``check`` returns, so
Render is as fast as it was. With a limit, this month's ledger and the renders still running are read in a
worker (``api.spending.month_spending``) and ``decided`` comes later; every failure (network, 5xx, 429,
a garbled ledger, a rejected key, a switch of server meanwhile) is a refusal with a sentence saying why:
a limit that cannot be checked is never skipped. A refused verdict has ``allowed`` False: send nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import count
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from pictory_desktop.api.results import LedgerEntry
from pictory_desktop.api.spending import MonthSpending, SentRender, month_spending
from pictory_desktop.domain.limits import SpendingLimits, SpendVerdict, ledger_month, spend_verdict
from pictory_desktop.store.settings import Settings

from .connection import BALANCE_ATTEMPTS, ConnectionController
from .workers import ClientFactory, Worker, WorkError, WorkerThreads

if TYPE_CHECKING:
    from pictory_desktop.api.client import PictoryClient

CHECKING_TEXT = "Checking your monthly AI-credit limit with Pictory…"
SERVER_CHANGED = (
    "{subject} was not sent: the connection changed (sandbox, account or key) while your monthly limit was being "
    "checked. Press Render again to check it with the new one."
)


class MonthSpendingWorker(Worker):
    """One reading of the month: ``GET /v1/aicredits/usage`` and a look at each render still running."""

    read = Signal(object, object)  # tag, MonthSpending

    def __init__(
        self,
        client_factory: ClientFactory,
        year: int,
        month: int,
        unfinished: list[SentRender],
        server_ids: Collection[str],
        tag: object = None,
    ) -> None:
        super().__init__(tag)
        self._client_factory = client_factory
        self._year, self._month = year, month
        self._unfinished = unfinished
        self._server_ids = tuple(server_ids)

    def work(self) -> None:
        client: PictoryClient = self._client_factory(self)
        try:
            spending = month_spending(
                client, self._year, self._month, unfinished=self._unfinished, server_ids=self._server_ids
            )
        finally:
            client.close()
        if not self.cancelled:
            self.read.emit(self.tag, spending)


@dataclass(frozen=True)
class _Asked:
    tag: object
    limits: SpendingLimits
    cost: Decimal
    what: str
    estimated: bool
    now: datetime
    generation: int


class SpendCheck(QObject):
    decided = Signal(object, object)  # the caller's tag, SpendVerdict
    checking = Signal(object)  # the caller's tag: the ledger is being read (a moment, or a few seconds)

    def __init__(
        self,
        connection: ConnectionController,
        settings: Settings,
        unfinished: Callable[[], Iterable[SentRender]],
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connection = connection
        self._settings = settings
        self._unfinished = unfinished
        self._now = now
        self._threads = WorkerThreads("spend-check")
        self._tickets = count(1)
        self._asked: dict[int, _Asked] = {}
        self._generation = 0
        self._closed = False
        connection.modeChanged.connect(self._server_changed)
        connection.keyChanged.connect(self._server_changed)

    @property
    def busy(self) -> bool:
        """Whether a reading of the ledger is in flight."""
        return bool(self._asked)

    def check(self, cost: Decimal, what: str, *, estimated: bool = False, tag: object = None) -> None:
        """May ``what`` ("this render", "these 3 videos"), costing ``cost`` credits, be sent, and must the user
        be asked? Answered once with ``decided(tag, verdict)``: at once when the ledger is not needed,
        otherwise after ``checking(tag)`` once the worker has read it."""
        limits = self._settings.spending_limits()
        now = self._now()
        asked = _Asked(tag, limits, cost, what, estimated, now, self._generation)
        if not limits.needs_ledger or cost <= 0:
            self._decide(asked, None, None)  # nothing to read: the verdict only says the cost
            return
        if self._closed:
            self._decide(asked, None, "the app is closing")
            return
        try:
            factory = self._connection.worker_client_factory(get_attempts=BALANCE_ATTEMPTS)
            server_ids = {self._connection.server_id, self._connection.base_url}
            records = list(self._unfinished())
        except Exception as error:  # noqa: BLE001 - no key, a damaged history: the limit cannot be checked
            self._decide(asked, None, WorkError.from_exception(error).message)
            return
        ticket = next(self._tickets)
        self._asked[ticket] = asked
        year, month = ledger_month(now)
        worker = MonthSpendingWorker(factory, year, month, records, server_ids, tag=ticket)
        worker.read.connect(self._read)
        worker.failed.connect(self._failed)
        self.checking.emit(tag)
        self._threads.start(worker)

    @Slot(object, object)
    def _read(self, ticket: int, spending: MonthSpending) -> None:
        asked = self._asked.pop(ticket, None)
        if asked is None or self._closed:
            return
        self._decide(asked, spending.ledger, spending.problem, spending.pending)

    @Slot(object, object)
    def _failed(self, ticket: int, error: WorkError) -> None:
        asked = self._asked.pop(ticket, None)
        if asked is None or self._closed:
            return
        if error.kind == "unauthorized":
            self._connection.report_unauthorized(error.message)
        self._decide(asked, None, error.message)

    def _decide(
        self, asked: _Asked, ledger: list[LedgerEntry] | None, problem: str | None, pending: Decimal = Decimal(0)
    ) -> None:
        if asked.generation != self._generation:
            subject = asked.what.strip() or "this render"
            verdict = SpendVerdict(False, False, SERVER_CHANGED.format(subject=subject[:1].upper() + subject[1:]))
        else:
            verdict = spend_verdict(
                asked.limits,
                asked.cost,
                asked.what,
                now=asked.now,
                ledger=ledger,
                problem=problem,
                pending=pending,
                estimated=asked.estimated,
            )
        self.decided.emit(asked.tag, verdict)

    def _server_changed(self, *_args: object) -> None:
        # A ledger read from the server the user has just left says nothing about the one a render would go to.
        self._generation += 1

    def request_stop(self) -> None:
        self._closed = True
        self._threads.cancel_all()

    def shutdown_until(self, deadline: float) -> bool:
        self._closed = True
        self._asked.clear()
        return self._threads.shutdown(deadline)
