"""Background work on QThreads that never loses an error and stops at once (after superqt's _qthreading).

A ``Worker`` is a QObject moved to its own QThread. Its ``work()`` runs there; whatever it raises is caught
and reported through ``failed`` as a plain ``WorkError`` value, and ``finished`` is always emitted last.
Cancellation is a ``threading.Event``: workers check it between steps and *wait on it* between polls, so
Cancel and Quit wake them immediately instead of after a sleep. For a worker stuck inside an HTTP call,
``abort()`` shuts its sockets (see abortable.py).

``WorkerThreads`` owns the threads of one controller: it keeps Python references until each thread has
really finished (a QThread destroyed while running is a crash), and ``shutdown`` stops them all within a
time budget.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from pictory_desktop.api.errors import Cancelled, JobNotFound, NetworkError, PictoryError, Unauthorized

if TYPE_CHECKING:
    from ..api.abortable import SocketTracker
    from ..api.client import PictoryClient

log = logging.getLogger(__name__)

# Threads that outlived a shutdown budget are parked here, never destroyed while running.
_PARKED: list[tuple[QThread, Worker]] = []


WorkErrorKind = Literal["unauthorized", "network", "cancelled", "not-found", "pictory", "bug"]


@dataclass(frozen=True)
class WorkError:
    """What went wrong, as plain values that cross threads safely. ``message`` is for the user."""

    kind: WorkErrorKind
    message: str
    request_may_have_arrived: bool = False

    @classmethod
    def from_exception(cls, error: BaseException) -> WorkError:
        if isinstance(error, Unauthorized):
            return cls("unauthorized", error.user_message)
        if isinstance(error, Cancelled):
            return cls("cancelled", error.user_message)
        if isinstance(error, JobNotFound):
            return cls("not-found", error.user_message)
        if isinstance(error, NetworkError):
            return cls("network", error.user_message, error.request_may_have_arrived)
        if isinstance(error, PictoryError):
            return cls("pictory", error.user_message)
        # A bug in this app: the class name helps support, and cannot carry the key the way str() might.
        return cls(
            "bug",
            f"Something unexpected went wrong in Pictory Desktop ({type(error).__name__}). "
            "Try again; if it keeps happening, restart the app.",
        )


WORKER_NICE = 10
_niced = threading.local()


def yield_to_the_gui() -> None:
    """Lower this worker thread's scheduling priority (Linux: a thread's own nice value), once per thread: on a
    machine with few cores, scaling pictures or encoding a draft must not take the core the GUI thread needs to
    paint. Threads it starts afterwards (x264's) inherit the lower priority."""
    if getattr(_niced, "done", False):
        return
    _niced.done = True
    setpriority = getattr(os, "setpriority", None)
    if setpriority is not None and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)


class Worker(QObject):
    # Every signal carries the worker's ``tag`` first: receivers must be bound methods of GUI-thread
    # QObjects (PySide runs a lambda slot in the *emitting* thread), so the tag says whose result it is.
    failed = Signal(object, object)  # tag, WorkError
    finished = Signal()

    def __init__(self, tag: object = None) -> None:
        super().__init__()
        self.tag = tag
        self.cancel_event = threading.Event()
        from ..api.abortable import abortable_session  # requests is imported with the first worker, not at start

        self.session, self._tracker = abortable_session()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        self.cancel_event.set()

    def abort(self) -> None:
        """Cancel and also break any HTTP call in flight."""
        self.cancel_event.set()
        self._tracker.abort()

    @property
    def tracker(self) -> SocketTracker:
        return self._tracker

    def work(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @Slot()
    def run(self) -> None:
        try:
            self.work()
        except BaseException as error:  # noqa: BLE001 - the contract is: never lose an error
            if not isinstance(error, Cancelled | PictoryError):
                log.exception("worker %s failed", type(self).__name__)
            self.failed.emit(self.tag, WorkError.from_exception(error))
        finally:
            self.session.close()
            self.finished.emit()


class _Handle(QObject):
    """Lives in the GUI thread; holds a worker and its thread until the thread has finished."""

    def __init__(self, owner: WorkerThreads, worker: Worker, thread: QThread) -> None:
        super().__init__()
        self.owner = owner
        self.worker = worker
        self.qthread = thread

    @Slot()
    def done(self) -> None:
        self.qthread.wait(1000)  # already finished; makes sure run() has fully returned before release
        self.owner._forget(self)


class WorkerThreads:
    def __init__(self, name: str) -> None:
        self._name = name
        self._handles: set[_Handle] = set()
        self.closed = False

    def start(self, worker: Worker) -> Worker:
        if self.closed:
            raise RuntimeError("The app is closing; no new background work is started.")
        thread = QThread()
        thread.setObjectName(f"{self._name}-{type(worker).__name__}")
        worker.moveToThread(thread)
        handle = _Handle(self, worker, thread)
        thread.started.connect(worker.run)
        # Direct: the QThread object lives in the GUI thread, which may be blocked in wait() during shutdown;
        # a queued quit would never arrive. QThread.quit() is thread-safe.
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(handle.done)  # handle lives in the GUI thread: a queued call
        self._handles.add(handle)
        thread.start()
        return worker

    def _forget(self, handle: _Handle) -> None:
        self._handles.discard(handle)

    def cancel_all(self) -> None:
        for handle in list(self._handles):
            handle.worker.cancel()

    def shutdown(self, deadline: float) -> bool:
        """Cancel everything and wait until ``deadline`` (time.monotonic()); True when all threads ended."""
        self.closed = True
        self.cancel_all()
        handles = list(self._handles)
        # Most workers are waiting on their cancel event and end at once; give them the first part of the
        # budget before breaking the sockets of those still inside an HTTP call.
        soft = time.monotonic() + min(0.15, max(0.0, (deadline - time.monotonic()) * 0.4))
        for handle in handles:
            handle.qthread.wait(_ms_until(soft))
        for handle in handles:
            if not handle.qthread.isFinished():
                handle.worker.abort()
        all_done = True
        for handle in handles:
            if not handle.qthread.wait(_ms_until(deadline)):
                all_done = False
                log.warning("%s did not stop in time; it is left to finish on its own", handle.qthread.objectName())
                # The worker is parked with its thread: were it dropped, the garbage collector could delete the
                # QObject on this thread while its own thread still runs it (a crash, seen in the test suite).
                _PARKED.append((handle.qthread, handle.worker))
                # Released on the GUI thread once the thread has ended (a lambda would run on the ending thread).
                handle.qthread.finished.connect(_parking().sweep)
        self._handles.clear()
        return all_done


class _Parking(QObject):
    @Slot()
    def sweep(self) -> None:
        _PARKED[:] = [(thread, worker) for thread, worker in _PARKED if not thread.isFinished()]


_PARKING: list[_Parking] = []


def _parking() -> _Parking:
    if not _PARKING:
        _PARKING.append(_Parking())  # made on the GUI thread, where shutdown runs
    return _PARKING[0]


def _ms_until(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


# Builds a worker's client inside its thread, from the worker's own session and cancel event.
ClientFactory = Callable[[Worker], "PictoryClient"]


class BalanceWorker(Worker):
    """One GET /v1/quota. ``client_factory`` builds the client inside run(), from this worker's session."""

    fetched = Signal(object, object)  # tag, Quota

    def __init__(self, client_factory: ClientFactory, tag: object = None) -> None:
        super().__init__(tag)
        self._client_factory = client_factory

    def work(self) -> None:
        client = self._client_factory(self)
        try:
            quota = client.quota()
        finally:
            client.close()
        if not self.cancelled:
            self.fetched.emit(self.tag, quota)
