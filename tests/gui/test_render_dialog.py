"""The render confirmation shows cost per scene, total and balance after, and refuses what cannot be paid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialog

from pictory_desktop.api.results import Quota
from pictory_desktop.domain.catalog import default_catalog
from pictory_desktop.domain.credits import estimate
from pictory_desktop.domain.render_request import RenderRequest
from pictory_desktop.domain.storyboard import AiImage, AiVideo, Colour, Scene, Storyboard
from pictory_desktop.store.jobs_db import JobRecord
from pictory_desktop.ui.render_dialog import RenderConfirmDialog
from pictory_desktop.ui.render_question import RenderQuestion

pytestmark = pytest.mark.gui

STORYBOARD = Storyboard(
    video_name="Spring sale teaser",
    aspect_ratio="16:9",
    scenes=(
        Scene(story="Our spring sale starts today.", background=AiImage(model="flux-schnell", prompt="A shop")),
        Scene(story="Twenty percent off.", background=AiVideo(model="pixverse5.5", duration="5s")),
        Scene(story="Visit us.", background=Colour(color="#1f2937")),
    ),
)


def dialog(qtbot, balance: Quota | None, *, sandbox: bool = False, storyboard: Storyboard = STORYBOARD):
    catalog = default_catalog()
    widget = RenderConfirmDialog(
        None,
        RenderQuestion(
            RenderRequest(storyboard, estimate(storyboard, catalog)),
            balance=balance,
            catalog=catalog,
            sandbox=sandbox,
        ),
    )
    qtbot.addWidget(widget)
    return widget


def cells(widget) -> list[list[str]]:
    table = widget.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_shows_cost_per_scene_total_and_balance_after(qtbot):
    widget = dialog(qtbot, Quota(credits_used=Decimal(20), credits_limit=Decimal(120)))
    assert cells(widget) == [
        ["Scene 1", "AI image, Flux", "0.6 credits"],
        ["Scene 2", "AI video clip, PixVerse 5.5, 5 seconds", "8 credits"],
        ["Scene 3", "Plain colour #1f2937 (free)", "free"],
    ]
    assert widget.total_label.text() == "Total: 8.6 credits"
    assert widget.balance_label.text() == "Your balance: 100 credits. After this render: 91.4 credits."
    assert widget.render_button.isEnabled() and widget.render_button.text() == "Render for 8.6 credits"
    assert widget.cancel_button.isDefault()  # Enter never spends credits by accident
    assert widget.warning.isHidden()


def test_refuses_when_the_balance_is_too_low(qtbot, monkeypatch):
    widget = dialog(qtbot, Quota(credits_used=Decimal(95), credits_limit=Decimal(100)))
    assert not widget.render_button.isEnabled()
    assert "less than this render needs" in widget.warning.text()
    assert widget.balance_label.text() == "Your balance: 5 credits."
    # Even a forced accept (e.g. a stray key press) does not count as a yes.
    monkeypatch.setattr(RenderConfirmDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert not RenderConfirmDialog.ask(
        None,
        RenderQuestion(
            RenderRequest.of(STORYBOARD, default_catalog()),
            balance=Quota(credits_used=Decimal(95), credits_limit=Decimal(100)),
            catalog=default_catalog(),
            sandbox=False,
        ),
    )


def test_unknown_balance_and_unpriced_scene(qtbot):
    board = Storyboard(video_name="X", scenes=(Scene(story="a", background=AiImage(model="no-such-model")),))
    widget = dialog(qtbot, None, storyboard=board)
    assert "could not be checked" in widget.balance_label.text()
    assert "scene 1 cannot be worked out" in widget.warning.text()
    assert not widget.render_button.isEnabled()


def test_sandbox_says_its_credits_are_pretend_credits(qtbot):
    widget = dialog(qtbot, Quota(credits_used=Decimal(0), credits_limit=Decimal(500)), sandbox=True)
    note = widget.findChild(type(widget.total_label), "sandboxNote")
    assert note is not None and "pretend credits" in note.text() and "never charged" in note.text()
    assert widget.render_button.text() == "Render in sandbox"
    assert widget.balance_label.text().startswith("Sandbox balance (pretend credits): 500 credits.")


def test_a_storyboard_rendered_before_says_when_and_what_it_cost(qtbot):
    """Issue 11, item 10: the same storyboard could be rendered twice in a row with no question."""
    catalog = default_catalog()
    earlier = JobRecord.new("job-1", "X", Decimal("8.6"), False, api_base_url="https://api.pictory.ai/pictoryapis")
    widget = RenderConfirmDialog(
        None,
        RenderQuestion(
            RenderRequest(STORYBOARD, estimate(STORYBOARD, catalog)),
            balance=Quota(credits_used=Decimal(20), credits_limit=Decimal(120)),
            catalog=catalog,
            sandbox=False,
            sent_before=earlier,
        ),
    )
    qtbot.addWidget(widget)
    text = widget.sent_before.text()
    assert text.startswith("You rendered exactly this storyboard today at ") and "(8.6 credits)" in text
    assert "spends the credits again" in text and not widget.sent_before.isHidden()
    assert widget.render_button.text() == "Render again for 8.6 credits"
    assert widget.cancel_button.isDefault()


def test_a_locked_image_that_no_longer_answers_is_said_and_render_stays_the_users_choice(qtbot):
    catalog = default_catalog()
    gone = "Scene 1's locked image no longer answers at its address (the server answered 403), so Pictory …"
    widget = RenderConfirmDialog(
        None,
        RenderQuestion(
            RenderRequest(STORYBOARD, estimate(STORYBOARD, catalog)),
            balance=Quota(credits_used=Decimal(20), credits_limit=Decimal(120)),
            catalog=catalog,
            sandbox=False,
            unreachable_pictures=(gone,),
        ),
    )
    qtbot.addWidget(widget)
    assert widget.unreachable.text() == gone and not widget.unreachable.isHidden()
    assert widget.render_button.isEnabled()  # the address may be back by the time Pictory asks: the user decides
    assert widget.cancel_button.isDefault()
    assert dialog(qtbot, Quota(credits_used=Decimal(20), credits_limit=Decimal(120))).unreachable.isHidden()
