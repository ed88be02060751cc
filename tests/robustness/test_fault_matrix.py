"""Each (operation × fault) against the local server over real HTTP, with its expected outcome in the table.

Operations: the render POST (PictoryClient, and the real CLI in a child process), the job GET (PictoryClient +
watch_job), the quota GET, the AI-credit ledger GET and the MP4 download. Each case names its row in ``reliability_rows`` and asserts
that row's quote appears in what the user is shown. The client's backoff sleeps are recorded instead of
slept, so the tests are fast and the delays the client asked for can be checked exactly. Time is injected
the same way everywhere else (tests/timing.py): the sandbox's clock stands still until a test moves it, a
watch's waits move it on at once, child commands run at CLI_SPEED, and only a server that never answers
is waited for, with a short read timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.errors import (
    BadResponse,
    DownloadFailed,
    NetworkError,
    PictoryError,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)
from pictory_desktop.api.poll import PollSchedule
from pictory_desktop.api.results import JobCompleted, JobStatus
from pictory_desktop.api.watch import WatchEnd, WatchOutcome, watch_job
from pictory_desktop.sandbox import Fault, SandboxServer
from tests.timing import STOP_POLL, SandboxClock, VirtualWaits

from .conftest import QUEUE_SECONDS, RENDER_SECONDS
from .faults import make_fault
from .helpers import KEY, body, closed_port, wait_until, write_project
from .helpers import run as run_cli
from .reliability_rows import ROWS

SANDBOX_MP4 = resources.files("pictory_desktop.resources.sandbox").joinpath("video.mp4").read_bytes()


class Sleeps:
    """Stands in for time.sleep inside the client: records each backoff the client asked for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


# The read timeout where the server never answers ("timeout" faults): what such a case waits for is the
# timeout itself, so a short one proves the same. Every other answer comes within milliseconds.
HANG_READ_TIMEOUT = 0.2


def client_for(base_url: str, sleeps: Sleeps, *, read_timeout: float = 2.0) -> PictoryClient:
    return PictoryClient(KEY, base_url, sleep=sleeps, read_timeout=read_timeout)


def read_timeout_for(fault_id: str) -> float:
    return HANG_READ_TIMEOUT if fault_id == "timeout" else 0.5


def fast_schedule(deadline: float = 20) -> PollSchedule:
    return PollSchedule(
        interval=0.05, max_interval=0.2, error_max_interval=0.4, deadline=deadline, min_interval=0.05, loopback=True
    )


def base_url(sandbox: SandboxServer, fault_id: str) -> str:
    return f"http://127.0.0.1:{closed_port()}/pictoryapis" if fault_id == "refused" else sandbox.base_url


# ---- render POST ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderCase:
    row: str
    fault: str
    error: type[PictoryError]
    posts: int  # render POSTs that reach the server: never more than one
    may_have_arrived: bool | None = None  # for NetworkError: does the app warn that it may have started?
    jobs_created: int = 0  # jobs the server made (a dropped reply after processing)


RENDER_CASES = [
    RenderCase("render-500", "500", ServerError, 1),
    RenderCase("render-502-html", "502-html", ServerError, 1),
    RenderCase("render-429-retry-after", "429-retry-after", RateLimited, 1),
    RenderCase("render-429", "429", RateLimited, 1),
    RenderCase("render-refused", "refused", NetworkError, 0, may_have_arrived=False),
    RenderCase("render-drop", "drop", NetworkError, 1, may_have_arrived=True),
    RenderCase("render-cut-mid-response", "cut-mid-response", NetworkError, 1, may_have_arrived=True, jobs_created=1),
    RenderCase("render-timeout", "timeout", NetworkError, 1, may_have_arrived=True),
    RenderCase("render-truncated-json", "truncated-json", BadResponse, 1),
    RenderCase("render-non-json", "non-json", BadResponse, 1),
    RenderCase("render-wrong-shape", "wrong-shape", BadResponse, 1),
    RenderCase("render-401", "401", Unauthorized, 1),
    RenderCase("render-success-false", "success-false", RequestRejected, 1),
]


def proving(
    cases: list[RenderCase] | list[JobCase] | list[QuotaCase] | list[LedgerCase] | list[DownloadCase],
) -> list[object]:
    """One parameter per case, named after its row and declaring that it proves it (tests/reliability_proof.py)."""
    return [pytest.param(case, id=case.row, marks=pytest.mark.reliability_row(case.row)) for case in cases]


@pytest.mark.parametrize("case", proving(RENDER_CASES))
def test_render_post_fault_through_the_client(sandbox: SandboxServer, case: RenderCase) -> None:
    fault = make_fault("render", case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = client_for(base_url(sandbox, case.fault), sleeps, read_timeout=read_timeout_for(case.fault))
    with pytest.raises(case.error) as caught:
        client.render(body())
    assert ROWS[case.row].quote in caught.value.user_message
    if case.may_have_arrived is not None:
        assert isinstance(caught.value, NetworkError)
        assert caught.value.request_may_have_arrived is case.may_have_arrived
    assert len(sandbox.requests_for("render")) == case.posts
    assert sleeps.delays == []  # a render is never retried, so the client never even waited to retry
    assert len(sandbox.account.job_ids_newest_first()) == case.jobs_created


def _cli_render_params() -> list[object]:
    params: list[object] = []
    for case in RENDER_CASES:
        # The CLI's read timeout is Pictory's 30 s and a refused balance check backs off 1 + 2 + 4 s before the
        # render is tried: the slowest cases, even at CLI_SPEED (1.5 and 0.35 real seconds).
        marks = [pytest.mark.slow] if case.fault in ("timeout", "refused") else []
        # The refused case also proves the balance check's row: it fails first, and says so.
        rows = [case.row, "quota-refused"] if case.fault == "refused" else [case.row]
        marks.append(pytest.mark.reliability_row(*rows))
        params.append(pytest.param(case, id=case.row, marks=marks))
    return params


@pytest.mark.parametrize("case", _cli_render_params())
def test_render_post_fault_through_the_cli(sandbox: SandboxServer, tmp_path: Path, case: RenderCase) -> None:
    fault = make_fault("render", case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    home = tmp_path / "home"
    project = write_project(tmp_path, "launch")
    before = project.read_bytes()
    result = run_cli("render", str(project), "--yes", "--wait", "--poll-interval", "0.2",
                     home=home, base_url=base_url(sandbox, case.fault), timeout=90)  # fmt: skip
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert ROWS[case.row].quote in result.stderr, result.stderr
    assert "Traceback" not in said
    assert len(sandbox.requests_for("render")) == case.posts
    if case.may_have_arrived:
        assert "NOT sent again" in result.stderr
    if case.fault == "refused":  # row quota-refused: the balance check failed first, and said so
        assert ROWS["quota-refused"].quote in result.stdout and "Balance: unknown" in result.stdout
    assert project.read_bytes() == before
    history = run_cli("jobs", home=home)
    assert history.returncode == 0
    if case.may_have_arrived or case.error in (ServerError, BadResponse):
        # It may have started: the attempt written before the POST stays, as not confirmed, so nothing (a batch
        # resuming, `watch`, the user) sends it again unawares.
        [line] = history.stdout.splitlines()
        assert " unknown " in line and "unconfirmed-" in line
    else:
        # Pictory's answer proves nothing started: the history has nothing to follow and nothing wrong in it.
        assert "No renders yet." in history.stdout


# ---- job GET, while watching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobCase:
    row: str
    fault: str
    times: int | None
    end: WatchEnd
    backoff: tuple[float, ...] = ()  # the client's first waits between attempts within one poll
    error: type[PictoryError] | None = None  # what on_error reported (transient) or ended the watch
    rewatch: WatchEnd = WatchEnd.COMPLETED  # watching the same job again afterwards


TRANSIENT = 5  # one more than the client's four attempts, so watch_job itself has to carry on
JOB_CASES = [
    JobCase("job-500", "500", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), ServerError),
    JobCase("job-502-html", "502-html", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), ServerError),
    JobCase("job-429-retry-after", "429-retry-after", TRANSIENT, WatchEnd.COMPLETED, (2, 2, 2), RateLimited),
    JobCase("job-429", "429", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), RateLimited),
    JobCase("job-drop", "drop", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), NetworkError),
    JobCase("job-cut-mid-response", "cut-mid-response", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), NetworkError),
    JobCase("job-timeout", "timeout", TRANSIENT, WatchEnd.COMPLETED, (1, 2, 4), NetworkError),
    JobCase("job-truncated-json", "truncated-json", 3, WatchEnd.COMPLETED, (), BadResponse),
    JobCase("job-non-json", "non-json", 3, WatchEnd.COMPLETED, (), BadResponse),
    JobCase("job-wrong-shape", "wrong-shape", 3, WatchEnd.COMPLETED, (), BadResponse),
    JobCase("job-401", "401", 1, WatchEnd.ERROR, (), Unauthorized),
    JobCase("job-not-found", "not-found", 1, WatchEnd.ERROR),
    JobCase("job-success-false", "success-false", 1, WatchEnd.FAILED),
    JobCase(
        "job-never-finishes", "never-finishes", None, WatchEnd.STILL_RENDERING, rewatch=WatchEnd.STILL_RENDERING
    ),  # fmt: skip
]


class Watcher:
    """Runs watch_job like the CLI and the Qt workers do, recording what the user would be shown.

    With ``clock`` (the sandbox's), each wait and the deadline pass on that clock, at once; without it they
    are real seconds (for a watch that must outlast something real, like a server restart)."""

    def __init__(self, client: PictoryClient, job_id: str, clock: SandboxClock | None = None) -> None:
        self.client, self.job_id = client, job_id
        self.errors: list[PictoryError] = []
        self.statuses: list[JobStatus] = []
        self.waits: list[float] = []
        self.cancel = threading.Event()
        self._virtual = VirtualWaits(clock, self.cancel) if clock is not None else None

    def _wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        return self._virtual(seconds) if self._virtual is not None else self.cancel.wait(seconds)

    def run(self, schedule: PollSchedule, on_status: Callable[[JobStatus], None] | None = None) -> WatchOutcome:
        def seen(status: JobStatus) -> None:
            self.statuses.append(status)
            if on_status is not None:
                on_status(status)

        clock = self._virtual.now if self._virtual is not None else time.monotonic
        return watch_job(self.client, self.job_id, schedule, on_status=seen, on_error=self.errors.append,
                         cancel=self.cancel, wait=self._wait, clock=clock)  # fmt: skip


@pytest.mark.parametrize("case", proving(JOB_CASES))
def test_job_get_fault_while_watching(sandbox: SandboxServer, sandbox_clock: SandboxClock, case: JobCase) -> None:
    sleeps = Sleeps()
    client = client_for(sandbox.base_url, sleeps, read_timeout=read_timeout_for(case.fault))
    job_id = client.render(body())
    fault = make_fault("job", case.fault, times=case.times)
    assert fault is not None
    on_status: Callable[[JobStatus], None] | None = None
    if case.fault == "401":
        # In the middle of watching: the first answer was fine, the next one rejects the key.
        def add_fault_after_first(status: JobStatus) -> None:
            if len(watcher.statuses) == 1:
                sandbox.faults.add(fault)

        on_status = add_fault_after_first
    else:
        sandbox.faults.add(fault)
    watcher = Watcher(client, job_id, sandbox_clock)  # the render's own seconds pass only as the watch waits
    schedule = fast_schedule(deadline=1.5 if case.fault == "never-finishes" else 30)
    outcome = watcher.run(schedule, on_status)

    assert outcome.end is case.end, outcome.user_message
    shown = [e.user_message for e in watcher.errors] + [outcome.user_message]
    quote = ROWS[case.row].quote
    assert any(quote in text for text in shown), shown
    if case.error is not None:
        reported = watcher.errors + ([outcome.error] if outcome.error else [])
        assert any(isinstance(e, case.error) for e in reported)
    assert tuple(sleeps.delays[: len(case.backoff)]) == case.backoff
    assert all(wait >= schedule.min_interval for wait in watcher.waits)  # never faster than the schedule
    assert len(sandbox.requests_for("render")) == 1  # watching never re-sends the render

    # The job was not lost: watching it again (a restart, `pictory-desktop watch`) gets its real end.
    sandbox.faults.clear()
    again = Watcher(client, job_id, sandbox_clock).run(fast_schedule(deadline=1.5))
    assert again.end is case.rewatch, again.user_message
    if again.end is WatchEnd.COMPLETED:
        assert isinstance(again.status, JobCompleted) and again.status.video_url
    assert len(sandbox.requests_for("render")) == 1


@pytest.mark.reliability_row("job-refused")
def test_job_get_refused_while_the_server_restarts(tmp_path: Path) -> None:
    """The server goes away mid-watch (connection refused) and comes back on the same port with its jobs."""
    row = ROWS["job-refused"]
    state = tmp_path / "sandbox-state.json"
    clock = SandboxClock()  # one clock for both runs of the server, as the real one would be
    first = SandboxServer(queue_seconds=0.3, render_seconds=0.6, state_path=state, clock=clock).start()
    port = int(first.base_url.split(":")[2].split("/")[0])
    sleeps = Sleeps()
    client = client_for(first.base_url, sleeps)
    job_id = client.render(body())
    first.stop()

    watcher = Watcher(client, job_id)
    result: list[WatchOutcome] = []
    thread = threading.Thread(target=lambda: result.append(watcher.run(fast_schedule(deadline=60))))
    thread.start()
    second: SandboxServer | None = None
    try:
        wait_until(lambda: len(watcher.errors) >= 2, what="two refused polls")
        clock.advance(1.0)  # the server was down long enough for the render to finish
        second = SandboxServer(port=port, queue_seconds=0.3, render_seconds=0.6, state_path=state, clock=clock)
        second.start()
        thread.join(30)
        assert not thread.is_alive(), "watching froze"
    finally:
        watcher.cancel.set()
        thread.join(5)
        if second is not None:
            second.stop()
    [outcome] = result
    assert outcome.end is WatchEnd.COMPLETED, outcome.user_message
    assert all(isinstance(e, NetworkError) and not e.request_may_have_arrived for e in watcher.errors)
    assert row.quote in watcher.errors[0].user_message
    assert sleeps.delays[:3] == [1, 2, 4]
    assert second is not None and second.requests_for("render") == []  # the restarted server got no resend


# ---- quota GET --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaCase:
    row: str
    fault: str
    error: type[PictoryError] | None  # None: the balance arrives after retrying
    backoff: tuple[float, ...]
    gets: int


QUOTA_CASES = [
    QuotaCase("quota-500", "500", None, (1,), 2),
    QuotaCase("quota-502-html", "502-html", None, (1,), 2),
    QuotaCase("quota-429-retry-after", "429-retry-after", None, (2,), 2),
    QuotaCase("quota-429", "429", None, (1,), 2),
    QuotaCase("quota-refused", "refused", NetworkError, (1, 2, 4), 0),
    QuotaCase("quota-drop", "drop", None, (1,), 2),
    QuotaCase("quota-cut-mid-response", "cut-mid-response", None, (1,), 2),
    QuotaCase("quota-timeout", "timeout", None, (1,), 2),
    QuotaCase("quota-truncated-json", "truncated-json", BadResponse, (), 1),
    QuotaCase("quota-non-json", "non-json", BadResponse, (), 1),
    QuotaCase("quota-wrong-shape", "wrong-shape", BadResponse, (), 1),
    QuotaCase("quota-success-false", "success-false", BadResponse, (), 1),
    QuotaCase("quota-401", "401", Unauthorized, (), 1),
]


@pytest.mark.parametrize("case", proving(QUOTA_CASES))
def test_quota_get_fault(sandbox: SandboxServer, case: QuotaCase) -> None:
    sandbox.set_credits(limit=Decimal("120"), used=Decimal("19.4"))
    fault = make_fault("quota", case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = client_for(base_url(sandbox, case.fault), sleeps, read_timeout=read_timeout_for(case.fault))
    if case.error is None:
        assert client.quota().balance == Decimal("100.6")
    else:
        with pytest.raises(case.error) as caught:
            client.quota()
        assert ROWS[case.row].quote in caught.value.user_message
    assert tuple(sleeps.delays) == case.backoff
    assert len(sandbox.requests_for("quota")) == case.gets


# ---- AI-credit ledger GET (read for the monthly limit) ----------------------------------------------------


@dataclass(frozen=True)
class LedgerCase:
    row: str
    fault: str
    error: type[PictoryError] | None  # None: the ledger arrives after retrying
    backoff: tuple[float, ...]
    gets: int


LEDGER_CASES = [
    LedgerCase("ledger-500", "500", None, (1,), 2),
    LedgerCase("ledger-502-html", "502-html", None, (1,), 2),
    LedgerCase("ledger-429-retry-after", "429-retry-after", None, (2,), 2),
    LedgerCase("ledger-429", "429", None, (1,), 2),
    LedgerCase("ledger-refused", "refused", NetworkError, (1, 2, 4), 0),
    LedgerCase("ledger-drop", "drop", None, (1,), 2),
    LedgerCase("ledger-cut-mid-response", "cut-mid-response", None, (1,), 2),
    LedgerCase("ledger-timeout", "timeout", None, (1,), 2),
    LedgerCase("ledger-truncated-json", "truncated-json", BadResponse, (), 1),
    LedgerCase("ledger-non-json", "non-json", BadResponse, (), 1),
    LedgerCase("ledger-wrong-shape", "wrong-shape", BadResponse, (), 1),
    LedgerCase("ledger-success-false", "success-false", BadResponse, (), 1),
    LedgerCase("ledger-bad-entry", "bad-entry", BadResponse, (), 1),
    LedgerCase("ledger-401", "401", Unauthorized, (), 1),
]
BAD_ENTRY = b'[{"transactionId": "t", "type": "debit", "amount": "a lot", "transactionDate": "2026-03-01T00:00:00Z"}]'


@pytest.mark.parametrize("case", proving(LEDGER_CASES))
def test_ledger_get_fault(sandbox: SandboxServer, case: LedgerCase) -> None:
    sandbox.account.record_transaction("debit", Decimal("3"), source="Text-to-Image", description="earlier")
    if case.fault == "bad-entry":
        fault: Fault | None = Fault("usage", "status", status=200, body=BAD_ENTRY)
    else:
        fault = make_fault("usage", case.fault)
    if fault is not None:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = client_for(base_url(sandbox, case.fault), sleeps, read_timeout=read_timeout_for(case.fault))
    if case.error is None:
        entries = client.credit_usage()
        assert [(e.type, e.amount) for e in entries] == [("debit", Decimal(3))]
    else:
        with pytest.raises(case.error) as caught:
            client.credit_usage()
        assert ROWS[case.row].quote in caught.value.user_message
    assert tuple(sleeps.delays) == case.backoff
    assert len(sandbox.requests_for("usage")) == case.gets
    assert sandbox.requests_for("render") == []  # reading the ledger never sends anything else


# ---- MP4 download -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadCase:
    row: str
    fault: str
    error: type[PictoryError]
    backoff: tuple[float, ...]


DOWNLOAD_CASES = [
    DownloadCase("download-500", "500", ServerError, (1, 2, 4)),
    DownloadCase("download-502-html", "502-html", ServerError, (1, 2, 4)),
    DownloadCase("download-429-retry-after", "429-retry-after", RateLimited, (2, 2, 2)),
    DownloadCase("download-429", "429", RateLimited, (1, 2, 4)),
    DownloadCase("download-refused", "refused", NetworkError, (1, 2, 4)),
    DownloadCase("download-drop", "drop", NetworkError, (1, 2, 4)),
    DownloadCase("download-cut-mid-response", "cut-mid-response", NetworkError, (1, 2, 4)),
    DownloadCase("download-timeout", "timeout", NetworkError, (1, 2, 4)),
    DownloadCase("download-html-page", "html-page", DownloadFailed, ()),
    DownloadCase("download-401", "401", DownloadFailed, ()),
]


@pytest.fixture
def finished_video(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> str:
    """The CDN address of a finished render's MP4."""
    client = PictoryClient(KEY, sandbox.base_url)
    job_id = client.render(body())
    sandbox_clock.advance(QUEUE_SECONDS + RENDER_SECONDS)  # the render's seconds pass at once
    done = client.job(job_id)
    client.close()
    assert isinstance(done, JobCompleted) and done.video_url
    return done.video_url


@pytest.mark.parametrize("case", proving(DOWNLOAD_CASES))
def test_download_fault_leaves_no_file_and_can_be_redone(
    sandbox: SandboxServer, finished_video: str, tmp_path: Path, case: DownloadCase
) -> None:
    folder = tmp_path / "videos"
    target = folder / "launch.mp4"
    url = finished_video
    fault = make_fault("download", case.fault, times=None)
    if fault is None:
        url = url.replace(sandbox.cdn_base_url, f"http://127.0.0.1:{closed_port()}")
    else:
        sandbox.faults.add(fault)
    sleeps = Sleeps()
    client = client_for(sandbox.base_url, sleeps, read_timeout=read_timeout_for(case.fault))
    with pytest.raises(case.error) as caught:
        client.download(url, target)
    assert ROWS[case.row].quote.lower() in caught.value.user_message.lower(), caught.value.user_message
    assert tuple(sleeps.delays) == case.backoff
    assert not target.exists()  # nothing, and certainly nothing truncated, under the final name
    assert list(folder.iterdir()) == [] if folder.exists() else True  # no temp file left behind either

    sandbox.faults.clear()
    client.download(finished_video, target)
    assert target.read_bytes() == SANDBOX_MP4
    assert [p.name for p in folder.iterdir()] == ["launch.mp4"]


# ---- job GET faults that end the watch, through the real CLI: exit code, history, watching again ---------

CLI_JOB_CASES = [
    # row, fault, exit code of `render --wait`, history status after it, exit code of `watch ID` afterwards
    ("job-401", "401", 1, "in-progress", 0),
    ("job-not-found", "not-found", 1, "submitted", 0),
    ("job-success-false", "success-false", 3, "failed", 0),
    ("job-never-finishes", "never-finishes", 4, "stopped-watching", 4),
]


@pytest.mark.parametrize(
    ("row_id", "fault_id", "code", "status", "again"),
    [pytest.param(*case, id=case[0], marks=pytest.mark.reliability_row(case[0])) for case in CLI_JOB_CASES],
)
def test_job_fault_through_the_cli_keeps_the_job_and_it_can_be_watched_again(
    tmp_path: Path, row_id: str, fault_id: str, code: int, status: str, again: int
) -> None:
    from pictory_desktop.store.jobs_db import JobStore
    from pictory_desktop.store.paths import AppPaths

    from .helpers import start_cli

    home = tmp_path / "home"
    project = write_project(tmp_path, "launch")
    fault = make_fault("job", fault_id)
    assert fault is not None
    clock = SandboxClock()  # the job stays unfinished until the test moves this clock
    with SandboxServer(queue_seconds=0.5, render_seconds=1.0, clock=clock, stop_poll_seconds=STOP_POLL) as sandbox:
        if fault_id == "401":
            # In the middle of watching: the first poll is answered as usual (a "slow" fault of no seconds,
            # used once), the next one rejects the key.
            sandbox.faults.add(Fault("job", "slow", delay=0.0))
        sandbox.faults.add(fault)
        args = ["render", str(project), "--yes", "--wait", "--poll-interval", "0.2", "--watch-minutes", "0.03"]
        child = start_cli(*args, home=home, base_url=sandbox.base_url)
        out, err = child.communicate(timeout=60)
        assert child.returncode == code, out + err
        assert ROWS[row_id].quote in out + err and "Traceback" not in err
        [job_id] = sandbox.account.job_ids_newest_first()
        with JobStore(AppPaths.under(home).jobs_db_file) as store:
            record = store.get(job_id)
            assert record is not None and record.status == status
        sandbox.faults.clear()
        clock.advance(1.5)  # the render's own seconds: it is done now, unless it never finishes
        watched = run_cli("watch", job_id, "--poll-interval", "0.2", "--watch-minutes", "0.03",
                          home=home, sandbox=sandbox)  # fmt: skip
        assert watched.returncode == again, watched.stdout + watched.stderr
        assert ("is ready" if again == 0 else "still rendering") in watched.stdout
        assert len(sandbox.requests_for("render")) == 1
