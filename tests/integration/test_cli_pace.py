"""The command line's pace (cli/pace.py): real time for users; faster only for a test's local server."""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import pytest

from pictory_desktop.api.client import CONNECT_TIMEOUT, READ_TIMEOUT
from pictory_desktop.api.errors import InsecureBaseUrl
from pictory_desktop.cli.connection import open_connection
from pictory_desktop.cli.pace import REAL_TIME, TEST_SPEED_ENV, Pace
from pictory_desktop.store.paths import AppPaths


def args(base_url: str, *, sandbox: bool = False) -> argparse.Namespace:
    return argparse.Namespace(api_base_url=base_url, sandbox=sandbox)


def test_without_the_test_hook_a_command_runs_in_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_SPEED_ENV, raising=False)
    assert Pace.from_environment() is REAL_TIME
    assert REAL_TIME.is_real_time and REAL_TIME.seconds(30) == 30


@pytest.mark.parametrize("value", ["", "fast", "0", "0.5", "-3", "nan", "inf"])
def test_a_test_hook_value_that_is_not_a_speed_up_is_ignored(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(TEST_SPEED_ENV, value)
    assert Pace.from_environment() is REAL_TIME


def test_a_pace_divides_every_wait_and_runs_its_clock_faster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_SPEED_ENV, "20")
    pace = Pace.from_environment()
    assert pace == Pace(20) and pace.seconds(30) == 1.5
    before, started = pace.clock(), time.monotonic()
    pace.sleep(2)  # 0.1 real seconds
    assert 0.09 <= time.monotonic() - started < 1.0
    assert pace.clock() - before >= 1.9
    cancel = threading.Event()
    cancel.set()
    assert pace.waiter(cancel)(3600) is True  # Cancel still wakes a wait at once
    assert REAL_TIME.waiter(cancel) == cancel.wait


def test_the_pace_reaches_a_client_for_this_computer_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_pace_test_0123456789")
    paths = AppPaths.under(tmp_path).ensure()
    pace = Pace(20)
    with open_connection(args("http://127.0.0.1:9/pictoryapis"), paths, pace) as local:
        assert local.pace == pace
        assert local.client._timeout == (CONNECT_TIMEOUT / 20, READ_TIMEOUT / 20)
        assert local.client._sleep == pace.sleep
    with open_connection(args("https://api.pictory.ai/pictoryapis"), paths, pace) as pictory:
        # Against Pictory the test hook changes nothing: real timeouts, real backoff, the real poll floor.
        assert pictory.pace is REAL_TIME
        assert pictory.client._timeout == (CONNECT_TIMEOUT, READ_TIMEOUT)
        assert pictory.client._sleep is time.sleep
    with pytest.raises(InsecureBaseUrl):  # the address is checked exactly as before
        with open_connection(args("http://api.pictory.ai/pictoryapis"), paths, pace):
            pass


def test_a_sandbox_the_command_starts_itself_runs_in_real_time(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    with open_connection(args("", sandbox=True), paths, Pace(20)) as own:
        assert own.pace is REAL_TIME and own.client._sleep is time.sleep
