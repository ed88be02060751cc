# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""ConnectionController: the mode and state a marketer sees, against a real local sandbox."""

from __future__ import annotations

import socket
from decimal import Decimal

import pytest

from pictory_desktop.sandbox.faults import Fault
from pictory_desktop.store.jobs_db import SANDBOX_SERVER_ID

from .jobs_fixtures import make_context, sandbox_server  # noqa: F401

pytestmark = pytest.mark.gui


def test_without_a_key_the_app_starts_in_sandbox_mode(qtbot, make_context):
    context = make_context()
    connection = context.connection
    assert connection.mode == "sandbox" and connection.state == "sandbox"
    assert connection.server_id == SANDBOX_SERVER_ID
    server = connection.sandbox_server
    assert server is not None and server.account.state_path == context.paths.data_dir / "sandbox" / "state.json"
    with qtbot.waitSignal(connection.balanceChanged, timeout=5000) as blocker:
        connection.refresh_balance()
    assert blocker.args[0].balance == Decimal(500)
    assert server.requests_for("quota")[0].headers["Authorization"] == "pictai_sandbox"


def test_switching_to_pictory_without_a_key_asks_for_one(qtbot, make_context):
    connection = make_context().connection
    assert connection.use_pictory() is False
    assert connection.mode == "sandbox" and connection.state == "no-key"


def test_a_chosen_pictory_account_whose_key_is_gone_says_so_instead_of_using_the_sandbox(qtbot, make_context):
    # A key kept for one session only (no keyring), or removed from the keyring: the user chose their
    # Pictory account, so the app stays there and asks for the key rather than quietly simulating renders.
    from pictory_desktop.store.paths import AppPaths
    from pictory_desktop.store.settings import Settings

    settings = Settings.for_paths(AppPaths.from_environment().ensure())
    settings["use_sandbox"] = False
    settings.save()
    context = make_context()
    connection = context.connection
    assert connection.mode == "pictory" and connection.state == "checking"  # the key is not read yet
    failures: list[str] = []
    connection.balanceFailed.connect(failures.append)
    connection.read_key_ahead()  # the start-up warm-up's step
    context.start()
    assert connection.state == "no-key"
    assert failures and "paste your API key" in failures[0] and "File › Settings" in failures[0]


def test_environment_key_wins_and_pictory_mode_fetches_the_balance(qtbot, make_context, sandbox_server, monkeypatch):
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_from_environment_123456")
    connection = make_context(api_base_url=sandbox_server.base_url).connection
    assert connection.mode == "pictory" and connection.key_source == "environment"
    states: list[str] = []
    connection.stateChanged.connect(states.append)
    with qtbot.waitSignal(connection.balanceChanged, timeout=5000) as blocker:
        connection.refresh_balance()
    assert blocker.args[0].balance == Decimal(500)
    assert connection.state == "connected" and states == ["connected"]  # it started as "checking"
    assert connection.masked_key == "pictai_…3456"


def test_401_on_the_balance_asks_for_the_key_again(qtbot, make_context, sandbox_server, monkeypatch):
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_revoked_key_123456")
    connection = make_context(api_base_url=sandbox_server.base_url).connection
    sandbox_server.faults.add(Fault(route="quota", kind="unauthorized", times=None))
    with qtbot.waitSignal(connection.authRequired, timeout=5000) as blocker:
        connection.refresh_balance()
    assert "Settings" in blocker.args[0] and "pictai_revoked" not in blocker.args[0]
    assert connection.state == "auth-failed"


def test_unreachable_pictory_is_offline_with_a_sentence(qtbot, make_context, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_some_key_123456")
    connection = make_context(api_base_url=f"http://127.0.0.1:{port}/pictoryapis").connection
    with qtbot.waitSignal(connection.balanceFailed, timeout=10000) as blocker:
        connection.refresh_balance()
    assert blocker.args[0].endswith(".") and "internet connection" in blocker.args[0]
    assert connection.state == "offline"


def test_a_balance_from_before_a_mode_switch_is_ignored(qtbot, make_context, sandbox_server, monkeypatch):
    monkeypatch.setenv("PICTORY_API_KEY", "pictai_some_key_123456")
    connection = make_context(api_base_url=sandbox_server.base_url).connection
    sandbox_server.faults.add(Fault(route="quota", kind="slow", delay=0.5))
    sandbox_server.set_credits(limit=Decimal(900))
    received = []
    connection.balanceChanged.connect(received.append)
    connection.refresh_balance()
    connection.use_sandbox()  # the slow Pictory answer must not show up as the sandbox balance
    qtbot.waitUntil(lambda: any(q is not None and q.balance == Decimal(500) for q in received), timeout=5000)
    qtbot.wait(700)
    assert all(q is None or q.balance == Decimal(500) for q in received)
    assert connection.mode == "sandbox"


def test_testing_a_typed_key_reports_in_plain_words(qtbot, make_context, sandbox_server):
    context = make_context()
    context.settings.set("api_base_url", sandbox_server.base_url)
    with qtbot.waitSignal(context.connection.keyTested, timeout=5000) as blocker:
        context.connection.test_key("pictai_typed_key_123456")
    ok, message = blocker.args
    assert ok and message == "The key works. Your balance is 500 AI credits."
    with qtbot.waitSignal(context.connection.keyTested, timeout=5000) as blocker:
        context.connection.test_key("not a key")
    assert blocker.args[0] is False and "Settings" in blocker.args[1]


def test_a_start_that_arrives_after_the_window_closed_starts_nothing(qtbot, make_context):
    # The warm-up thread can finish after the user has already closed the window.
    started: list[object] = []
    context = make_context(sandbox_factory=lambda state_path: started.append(state_path))
    context.shutdown()
    assert context.start() == []
    assert started == []  # no sandbox server left running after the window is gone
