# ruff: noqa: F811  (pytest fixtures are imported from jobs_fixtures and then requested by name)
"""The user's own limits in the window (issue 13): Settings › Spending, the monthly limit checked against the
sandbox's ledger over real HTTP before Render sends anything, and renders at or under the ask-above threshold
sent without the confirmation. The guide example costs 6 credits."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pictory_desktop.qt.context import AppContext
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.ui import render_dialog
from pictory_desktop.ui.main_window import CHECKING_LIMIT, MainWindow
from pictory_desktop.ui.render_question import RenderQuestion
from pictory_desktop.ui.settings_dialog import SettingsDialog
from tests.robustness.faults import make_fault
from tests.timing import SandboxClock

from .jobs_fixtures import fast_sandbox_factory, make_context  # noqa: F401

pytestmark = pytest.mark.gui


@pytest.fixture
def asked(monkeypatch) -> list[RenderQuestion]:
    """Every confirmation the window asked for; each answered Render."""
    questions: list[RenderQuestion] = []
    monkeypatch.setattr(
        render_dialog.RenderConfirmDialog,
        "ask",
        classmethod(lambda cls, parent, question: questions.append(question) or True),
    )
    return questions


def open_window(qtbot, context: AppContext, guide_file) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.start()
    assert window.open_path(guide_file)
    qtbot.waitUntil(lambda: context.connection.balance is not None, timeout=10_000)
    return window


def sandbox_of(context: AppContext) -> SandboxServer:
    server = context.connection.sandbox_server
    assert server is not None
    return server


def spent(context: AppContext, amount: str) -> None:
    account = sandbox_of(context).account
    account.record_transaction("credit", Decimal(500), source="Monthly Reset", description="reset")
    account.record_transaction("debit", Decimal(amount), source="Text-to-Image", description="earlier")


def press_render(qtbot, window: MainWindow) -> None:
    """Render, as the user presses it, and wait for the limit's answer."""
    with qtbot.waitSignal(window.context.spend_check.decided, timeout=10_000):
        qtbot.mouseClick(window.totals.render_button, Qt.MouseButton.LeftButton)


def finish(window: MainWindow) -> None:
    window.document.undo_stack.setClean()
    assert window.close()


def test_a_render_over_the_monthly_limit_is_refused_and_nothing_is_sent(
    qtbot, make_context, guide_file, dialogs, asked
):
    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(5))
    window = open_window(qtbot, context, guide_file)
    spent(context, "3")
    checking = []
    context.spend_check.checking.connect(lambda tag: checking.append(window.statusBar().currentMessage()))

    press_render(qtbot, window)

    assert dialogs.errors == [
        "This render would cost 6 AI credits, but only 2 credits are left of your monthly limit of 5 credits this "
        "month (3 spent), so it would go 4 over the limit. Nothing was sent. Choose cheaper models, wait until "
        "next month, or raise the limit in Settings."
    ]
    assert asked == []  # nothing to confirm
    assert sandbox_of(context).requests_for("render") == []  # no POST reached the server
    assert len(sandbox_of(context).requests_for("usage")) == 1
    assert checking  # the status bar said it was checking while the ledger was read
    assert not window.checking_bar.isVisible()
    assert context.job_store.list_recent(5) == []
    finish(window)


def test_under_the_limit_it_renders_once_and_the_confirmation_says_what_is_left(qtbot, make_context, guide_file, asked):
    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(12))
    window = open_window(qtbot, context, guide_file)
    spent(context, "3")

    press_render(qtbot, window)
    qtbot.waitUntil(lambda: len(sandbox_of(context).requests_for("render")) == 1, timeout=10_000)

    [question] = asked
    left = "This render will spend 6 AI credits; 3 of your monthly limit of 12 credits will be left this month."
    assert question.monthly_limit == left
    dialog = render_dialog.RenderConfirmDialog(window, question)
    qtbot.addWidget(dialog)
    assert dialog.monthly_limit.text() == left and not dialog.monthly_limit.isHidden()
    assert not dialog.blocked
    qtbot.waitUntil(lambda: context.job_store.list_recent(1) != [], timeout=10_000)
    assert len(sandbox_of(context).requests_for("render")) == 1  # sent once, never again
    finish(window)


def test_at_or_under_the_ask_above_threshold_it_sends_without_asking_and_says_the_cost(
    qtbot, make_context, guide_file, asked
):
    context = make_context(sandbox=True)
    context.settings.set("confirm_above_credits", Decimal(10))
    window = open_window(qtbot, context, guide_file)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        qtbot.mouseClick(window.totals.render_button, Qt.MouseButton.LeftButton)

    assert asked == []  # the confirmation was not shown
    assert [m for m in messages if "6 AI credits" in m and "not asked" in m]
    assert "6 AI credits" in window.statusBar().currentMessage()  # still said once the render started
    server = sandbox_of(context)
    [post] = server.requests_for("render")
    assert json.loads(post.body)["videoName"] == "ai_background_images_demo"
    assert server.requests_for("usage") == []  # no monthly limit: nothing extra was fetched
    assert CHECKING_LIMIT not in messages
    finish(window)


def test_above_the_threshold_the_confirmation_is_still_asked(qtbot, make_context, guide_file, asked):
    context = make_context(sandbox=True)
    context.settings.set("confirm_above_credits", Decimal("5.99"))
    window = open_window(qtbot, context, guide_file)
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        qtbot.mouseClick(window.totals.render_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and asked[0].monthly_limit is None
    finish(window)


@pytest.mark.parametrize("fault_id", ["500", "429-retry-after", "drop", "wrong-shape", "truncated-json"])
def test_a_ledger_that_cannot_be_read_refuses_then_render_works_once_it_can(
    qtbot, make_context, guide_file, dialogs, asked, fault_id
):
    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(100))
    window = open_window(qtbot, context, guide_file)
    server = sandbox_of(context)
    fault = make_fault("usage", fault_id, times=None)
    assert fault is not None
    server.faults.add(fault)

    press_render(qtbot, window)

    [refusal] = dialogs.errors
    assert "this month's AI-credit spending could not be read from Pictory" in refusal
    assert "your monthly limit of 100 credits cannot be checked. Nothing was sent." in refusal
    assert asked == [] and server.requests_for("render") == []

    server.faults.clear()
    press_render(qtbot, window)
    qtbot.waitUntil(lambda: len(server.requests_for("render")) == 1, timeout=10_000)
    assert dialogs.errors == [refusal]
    [question] = asked
    assert question.monthly_limit is not None and "94 of your monthly limit of 100 credits" in question.monthly_limit
    finish(window)


def test_render_pressed_again_while_checking_sends_nothing_twice(qtbot, make_context, guide_file, asked):
    context = make_context(sandbox=True)
    context.settings.set("monthly_credit_limit", Decimal(100))
    window = open_window(qtbot, context, guide_file)
    window.render_video()
    window.render_video()  # before the ledger has come back
    assert window.statusBar().currentMessage().startswith("Still checking")
    qtbot.waitUntil(lambda: len(sandbox_of(context).requests_for("render")) == 1, timeout=10_000)
    qtbot.wait(200)
    assert len(asked) == 1 and len(sandbox_of(context).requests_for("render")) == 1
    assert len(sandbox_of(context).requests_for("usage")) == 1
    finish(window)


def test_the_spending_settings_round_trip_with_typing(qtbot, make_context):
    context = make_context()
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ask_always_radio.isChecked() and dialog.no_limit_radio.isChecked()
    note = dialog.findChild(type(dialog.reason), "monthlyLimitNote")
    assert note is not None and "Pictory's own record of this month's spending" in note.text()

    assert dialog.try_ask_always_radio.isChecked()  # every image try is asked unless the user says otherwise
    QTest.keyClicks(dialog.ask_above_field, "10")
    QTest.keyClicks(dialog.limit_field, "250.5")
    QTest.keyClicks(dialog.try_ask_above_field, "0.6")
    assert dialog.ask_above_radio.isChecked() and dialog.limit_radio.isChecked()  # typing chose them
    assert dialog.try_ask_above_radio.isChecked()
    assert dialog.apply(), dialog.error.text()
    assert context.settings.get("try_ask_above_credits") == Decimal("0.6")
    assert context.settings.get("confirm_above_credits") == Decimal(10)
    assert context.settings.get("monthly_credit_limit") == Decimal("250.5")
    saved = json.loads(AppPaths.from_environment().settings_file.read_text("utf-8"))
    assert saved["confirm_above_credits"] == 10 and saved["monthly_credit_limit"] == 250.5

    again = SettingsDialog(context)
    qtbot.addWidget(again)
    assert again.ask_above_radio.isChecked() and again.ask_above_field.text() == "10"
    assert again.limit_radio.isChecked() and again.limit_field.text() == "250.5"

    assert again.try_ask_above_radio.isChecked() and again.try_ask_above_field.text() == "0.6"
    again.ask_always_radio.setChecked(True)
    again.no_limit_radio.setChecked(True)
    again.try_ask_always_radio.setChecked(True)
    assert again.apply()
    assert context.settings.get("try_ask_above_credits") is None
    assert context.settings.spending_limits().confirm_above is None
    assert context.settings.spending_limits().monthly_limit is None


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("limit_field", "-5", "The monthly AI-credit limit must be a number of credits of 0 or more"),
        ("limit_field", "2.555", "The monthly AI-credit limit must have at most two decimals"),
        ("ask_above_field", "ten", "“Ask only above” must be a number of credits (for example 100 or 2.5)."),
        ("ask_above_field", "2,5", "write the number with digits and a dot for decimals"),
        ("limit_field", "", "The monthly AI-credit limit needs a number of credits."),
        (
            "try_ask_above_field",
            "",
            "“Ask before a try only above” needs a number of credits. Type one, or choose “Ask before every image try”.",
        ),
    ],
)
def test_a_bad_spending_value_is_refused_in_plain_words_and_nothing_changes(qtbot, make_context, field, typed, message):
    context = make_context()
    context.settings.set("monthly_credit_limit", Decimal(50))
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    line = getattr(dialog, field)
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    QTest.keyClicks(line, typed)
    radio = {
        "limit_field": "limit_radio",
        "ask_above_field": "ask_above_radio",
        "try_ask_above_field": "try_ask_above_radio",
    }
    getattr(dialog, radio[field]).setChecked(True)
    assert not dialog.apply()
    assert message in dialog.error.text() and dialog.error.isVisibleTo(dialog)
    assert context.settings.get("monthly_credit_limit") == Decimal(50)
    assert context.settings.get("confirm_above_credits") is None


def test_a_render_still_running_counts_against_the_limit(qtbot, make_context, guide_file, dialogs, asked):
    """Pictory charges a render when it completes: one sent a minute ago is not in the ledger yet."""
    context = make_context(sandbox=True, sandbox_factory=fast_sandbox_factory(clock=SandboxClock(rate=0)))
    context.settings.set("monthly_credit_limit", Decimal(11))
    window = open_window(qtbot, context, guide_file)
    press_render(qtbot, window)
    qtbot.waitUntil(lambda: context.job_store.unfinished() != [], timeout=10_000)  # queued, not charged

    press_render(qtbot, window)

    [refusal] = dialogs.errors
    assert "only 5 credits are left of your monthly limit of 11 credits this month (6 spent)" in refusal
    assert len(asked) == 1 and len(sandbox_of(context).requests_for("render")) == 1
    finish(window)
