"""Editing in the main window, asserted through what the user sees: counters, costs, markers, Render."""

from __future__ import annotations

import warnings

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from pictory_desktop.domain import scene_edits
from pictory_desktop.domain.storyboard import AiImage
from pictory_desktop.qt.scene_list_model import SceneRole

pytestmark = pytest.mark.gui


def find(window, cls, name):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    assert widget.accessibleName() == name
    return widget


def text_of(window, name) -> str:
    return find(window, QLabel, name).text()


def replace_prompt(window, text: str) -> None:
    """Select all and paste ``text``, as a user replacing the prompt would."""
    edit = find(window, QPlainTextEdit, "promptEdit")
    edit.selectAll()
    edit.insertPlainText(text)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def test_typing_a_prompt_updates_counter_scene_cost_and_total(make_window, guide_file, qtbot):
    window, _context, _ = make_window(guide_file)
    assert text_of(window, "promptCounter") == "77/250"
    assert text_of(window, "sceneCreditsLabel") == "This scene costs 2 credits."
    assert text_of(window, "totalCreditsLabel") == "Total: 6 credits"
    prompt = find(window, QPlainTextEdit, "promptEdit")
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    qtbot.keyClicks(prompt, ", golden hour")
    assert text_of(window, "promptCounter") == "90/250"
    assert window.document.scene(0).background.prompt.endswith("golden hour")
    choose(find(window, QComboBox, "modelCombo"), "flux-schnell")
    assert text_of(window, "sceneCreditsLabel") == "This scene costs 0.6 credits."
    assert text_of(window, "totalCreditsLabel") == "Total: 4.6 credits"
    assert "after this render: 95.4 credits" in text_of(window, "balanceLabel")


def test_switching_the_model_changes_the_cost(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    combo = find(window, QComboBox, "modelCombo")
    choose(combo, "flux-schnell")
    assert text_of(window, "sceneCreditsLabel") == "This scene costs 0.6 credits."
    assert "0.6 credits per image" in combo.currentText() and "Quick drafts" in combo.currentText()
    choose(combo, "nanobanana-pro")
    assert text_of(window, "sceneCreditsLabel") == "This scene costs 14 credits."
    assert text_of(window, "totalCreditsLabel") == "Total: 18 credits"
    row = window.scene_model.index(0, 0)
    assert window.scene_model.data(row, SceneRole.BACKGROUND) == "AI image · Nano Banana Pro"


def test_a_251_character_image_prompt_blocks_render_and_250_does_not(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    render = find(window, QPushButton, "renderButton")
    replace_prompt(window, "a" * 249)
    qtbot.keyClicks(find(window, QPlainTextEdit, "promptEdit"), "b")
    assert text_of(window, "promptCounter") == "250/250"
    assert render.isEnabled()
    assert find(window, QLabel, "promptCounter").property("state") == "near"
    qtbot.keyClicks(find(window, QPlainTextEdit, "promptEdit"), "c")
    assert text_of(window, "promptCounter") == "251/250"
    assert find(window, QLabel, "promptCounter").property("state") == "over"
    assert not render.isEnabled()
    reason = find(window, QLabel, "renderReasonLabel")
    assert reason.isVisible() and "251 characters" in reason.text() and "Scene 1" in reason.text()
    assert "251 characters" in render.toolTip()
    # The text is kept whole: nothing was cut to make it fit.
    assert len(window.document.scene(0).background.prompt) == 251
    # The error sits next to the prompt, and the list marks the scene.
    assert any("251" in t for t in window.editor.background.findings["prompt"].texts())
    assert window.scene_model.data(window.scene_model.index(0, 0), SceneRole.HAS_ERROR) is True


def test_an_emoji_counts_two(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    replace_prompt(window, "Launch party 🎉")
    assert text_of(window, "promptCounter") == "15/250"


def test_an_empty_prompt_says_pictory_will_write_one(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    hint = window.findChild(QLabel, "promptEmptyHint")
    assert not hint.isVisible()
    replace_prompt(window, "")
    assert hint.isVisible() and "Pictory will write a prompt" in hint.text()
    assert window.document.scene(0).background.prompt is None


def test_video_prompts_allow_500(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    choose(find(window, QComboBox, "backgroundKindCombo"), "ai_video")
    assert text_of(window, "promptCounter") == "77/500"
    duration = window.findChild(QComboBox, "durationCombo")
    assert duration.isVisible() and duration.currentText() == "5 seconds · 8 credits"
    assert text_of(window, "sceneCreditsLabel") == "This scene costs 8 credits."


def test_splitting_shows_the_scene_count_and_multiplies_the_cost(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    story = find(window, QPlainTextEdit, "storyEdit")
    story.selectAll()
    story.insertPlainText("Meet Ada. She ships fast. Her team loves it.")
    qtbot.mouseClick(find(window, QCheckBox, "splitSentencesCheck"), Qt.MouseButton.LeftButton)
    assert "about 3 scenes" in text_of(window, "splitSummary")
    assert "3 in all" in text_of(window, "splitSummary")
    assert text_of(window, "sceneCreditsLabel").startswith("This scene costs ≈ 6 credits")
    assert text_of(window, "totalCreditsLabel") == "Total: ≈ 10 credits"
    assert window.scene_model.data(window.scene_model.index(0, 0), SceneRole.CREDITS) == "≈ 6 credits"


def test_undo_and_redo_typing_is_one_step_each(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    prompt = find(window, QPlainTextEdit, "promptEdit")
    original = prompt.toPlainText()
    prompt.moveCursor(prompt.textCursor().MoveOperation.End)
    qtbot.keyClicks(prompt, " at night")
    assert window.document.undo_stack.count() == 1
    qtbot.keyClick(prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert prompt.toPlainText() == original
    assert text_of(window, "promptCounter") == "77/250"
    qtbot.keyClick(prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert prompt.toPlainText() == original + " at night"


def test_title_shows_unsaved_changes(make_window, guide_file, qtbot, dialogs):
    window, _, _ = make_window(guide_file)
    assert window.windowTitle() == "guide-example.json — Pictory Desktop"
    qtbot.keyClicks(find(window, QPlainTextEdit, "storyEdit"), "New ")
    assert window.windowTitle() == "guide-example.json* — Pictory Desktop"
    window.files.save()
    assert window.windowTitle() == "guide-example.json — Pictory Desktop"


def test_delete_several_scenes_then_undo_restores_them_in_place(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    window.scene_panel.view.select_rows([1], 1)
    qtbot.mouseClick(find(window, QPushButton, "addSceneButton"), Qt.MouseButton.LeftButton)
    assert window.editor.title.text() == "Scene 3 of 3"  # added after the current scene, and shown
    qtbot.keyClicks(find(window, QPlainTextEdit, "storyEdit"), "Third scene.")
    stories = [s.story for s in window.document.storyboard.scenes]
    view = window.scene_panel.view
    view.select_rows([0, 2], 0)
    qtbot.mouseClick(window.findChild(QPushButton, "deleteScenesButton"), Qt.MouseButton.LeftButton)
    assert window.scene_model.rowCount() == 1
    assert text_of(window, "totalCreditsLabel") == "Total: 4 credits"  # the Nano Banana scene is left
    window.undo_action.trigger()
    assert [s.story for s in window.document.storyboard.scenes] == stories
    assert window.scene_model.data(window.scene_model.index(2, 0), SceneRole.SUMMARY) == "Third scene."
    assert view.selected_rows() == [0, 2]


def test_apply_to_all_scenes_gives_every_scene_the_model_and_style(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    assert any("different styles" in t for t in window.video_settings.video_findings.texts())
    qtbot.mouseClick(find(window, QPushButton, "applyToAllButton"), Qt.MouseButton.LeftButton)
    backgrounds = [s.background for s in window.document.storyboard.scenes]
    assert {(b.model, b.media_style) for b in backgrounds} == {("seedream3.0", "futuristic")}
    assert window.scene_model.data(window.scene_model.index(1, 0), SceneRole.BACKGROUND) == "AI image · Seedream"
    assert text_of(window, "totalCreditsLabel") == "Total: 4 credits"
    assert not any("different styles" in t for t in window.video_settings.video_findings.texts())
    window.undo_action.trigger()
    assert window.document.scene(1).background.model == "nanobanana"


def test_keyboard_reorder_moves_the_scene_and_keeps_it_selected(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    view = window.scene_panel.view
    first = window.document.scene(0)
    view.setFocus()
    view.select_rows([0], 0)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.document.scene(1) == first
    assert view.selected_rows() == [1]
    assert window.editor.title.text() == "Scene 2 of 2"
    window.undo_action.trigger()
    assert window.document.scene(0) == first


def drag_and_drop(view, data: QMimeData, point: QPoint) -> QDropEvent:
    """Deliver enter, move and drop as Qt does during a drag (the view only accepts a drop it has seen arrive)."""
    with warnings.catch_warnings():
        # PySide marks the QPoint constructors deprecated, yet they are the only ones these events have.
        warnings.simplefilter("ignore", DeprecationWarning)
        for event_type in (QDragEnterEvent, QDragMoveEvent):
            arriving = event_type(
                point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            )
            QApplication.sendEvent(view.viewport(), arriving)
    drop = QDropEvent(
        QPointF(point), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop.ignore()  # as Qt delivers a drop: not yet accepted by anyone
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_dropping_a_dragged_scene_below_the_list_moves_it_last(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    view = window.scene_panel.view
    first = window.document.scene(0)
    data = window.scene_model.mimeData([window.scene_model.index(0, 0)])
    below_last = QPoint(10, view.visualRect(window.scene_model.index(1, 0)).bottom() + 30)
    assert drag_and_drop(view, data, below_last).isAccepted()
    assert window.document.scene(1) == first
    assert window.document.scene_count() == 2
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.document.scene(0) == first


def test_render_asks_then_sends_the_storyboard_and_refreshes_the_balance(make_window, guide_file, qtbot):
    window, context, companions = make_window(guide_file)
    refreshes = context.connection.refreshes
    qtbot.mouseClick(find(window, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    asked = companions.render_asks[0].request
    assert asked.estimate.total == 6
    sent = context.jobs.submissions[0]
    assert sent == asked  # exactly what the user confirmed is what is sent
    background = sent.storyboard.scenes[0].background
    assert isinstance(background, AiImage) and background.model == "seedream3.0"
    assert sent.name == "ai_background_images_demo" and sent.project_path == guide_file
    assert context.connection.refreshes == refreshes + 1


def test_render_declined_sends_nothing(make_window, guide_file, qtbot):
    window, context, companions = make_window(guide_file, render_answer=False)
    qtbot.mouseClick(find(window, QPushButton, "renderButton"), Qt.MouseButton.LeftButton)
    assert companions.render_asks and context.jobs.submissions == []


def test_an_expired_key_opens_settings(make_window, guide_file):
    window, context, companions = make_window(guide_file)
    context.connection.authRequired.emit("Your API key was not accepted. Enter it again in Settings.")
    assert companions.settings_asks == 1


def test_dismissed_advice_disappears_and_undo_brings_it_back(make_window, guide_file, qtbot):
    window, _, _ = make_window(guide_file)
    findings = window.video_settings.video_findings
    before = len(findings.findings())
    advice_id = findings.findings()[0].advice_id
    button = findings.findChild(QToolButton, f"dismiss:{advice_id}")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(findings.findings()) == before - 1
    window.undo_action.trigger()
    assert len(findings.findings()) == before


def test_every_automation_name_is_present(make_window, guide_file):
    window, _, _ = make_window(guide_file)
    window.finish_startup()  # what ui.app.run does once the first frame has painted
    for name in (
        "videoNameEdit", "aspectRatioCombo", "sceneList", "addSceneButton", "storyEdit", "backgroundKindCombo",
        "modelCombo", "styleCombo", "promptEdit", "promptCounter", "sceneCreditsLabel", "totalCreditsLabel",
        "balanceLabel", "renderButton", "jobsView",
    ):  # fmt: skip
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName() == name or name == "jobsView"  # jobsView belongs to the jobs panel


def test_the_jobs_panel_opens_with_ctrl_j_even_before_startup_has_finished(make_window, qtbot):
    window, _, _ = make_window()
    assert window.findChild(QWidget, "jobsView") is None  # not built for the first frame
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.jobs_dock.isVisible)
    view = window.findChild(QWidget, "jobsView")
    assert view is not None and view.isVisible()


def test_the_editor_does_not_reflow_sideways_when_tips_come_and_go(make_window, guide_file, qtbot):
    # A tip under a field can make the editor taller than the window; if the scroll bar appeared only then,
    # every field would narrow and every wrapped text re-wrap under the user's cursor.
    window, _, _ = make_window(guide_file)
    window.resize(1280, 720)
    story = find(window, QPlainTextEdit, "storyEdit")
    prompt = find(window, QPlainTextEdit, "promptEdit")
    qtbot.wait(50)
    widths = {(story.width(), prompt.width())}
    long_story = " ".join(["Every sentence of this story is a scene."] * 30)
    for text in ("A neon sign saying 50% off, no people, no text, " * 8, "A quiet beach at dawn"):
        replace_prompt(window, text)
        story.setPlainText(long_story)
        qtbot.wait(50)  # the scroll area lays out in two passes
        widths.add((story.width(), prompt.width()))
    assert len(widths) == 1, widths


def test_the_window_coming_to_the_front_checks_whether_the_balance_is_stale(make_window, guide_file, qtbot):
    window, context, _companions = make_window(guide_file)
    checks = context.connection.stale_checks
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert context.connection.stale_checks > checks


def test_the_jobs_button_keeps_one_name(make_window, guide_file, qtbot):
    """Issue 11, item 16: the button read 'Jobs' at one moment and 'Jobs panel' at another."""
    window, _context, _companions = make_window(guide_file)
    button = window.findChild(QToolButton, "rendersPanelButton")
    assert button is not None
    before = button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.jobs_dock.isVisible)
    assert button.text() == before == "Jobs panel"


def test_account_mode_says_real_credits_and_an_unreadable_balance_stays_one_line(make_window, guide_file, qtbot):
    """Issue 11, item 13: offline in account mode the footer broke into a 12-line column, and nothing said
    that renders now spend real credits."""
    window, context, _companions = make_window(guide_file)
    assert text_of(window, "modeLabel") == "Sandbox · pretend credits"
    footer = window.totals
    height_before = footer.height()
    context.connection.mode = "pictory"
    context.connection.balance = None  # as the real connection does on switching: the old balance was the sandbox's
    context.connection.modeChanged.emit("pictory")
    problem = (
        "Could not reach Pictory. Check your internet connection and try again; if you use a proxy or a firewall, "
        "make sure it lets this app reach api.pictory.ai, then press Test in Settings."
    )
    context.connection.balanceFailed.emit(problem)
    qtbot.wait(20)
    balance = find(window, QLabel, "balanceLabel")
    assert balance.text() == "Balance unavailable: Could not reach Pictory."
    assert balance.toolTip() == problem  # the whole sentence is still there
    assert text_of(window, "modeLabel") == "Your Pictory account · renders spend real AI credits"
    assert footer.height() <= height_before + balance.fontMetrics().lineSpacing()


def test_ctrl_down_while_typing_the_story_moves_the_scene(make_window, guide_file, qtbot):
    """Issue 11, item 16: Ctrl+Up/Down did nothing while typing."""
    window, _context, _companions = make_window(guide_file)
    first = window.document.scene(0)
    story = find(window, QPlainTextEdit, "storyEdit")
    story.setFocus()
    qtbot.keyClick(story, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.document.scene(1) == first and window.editor.row == 1
    assert story.toPlainText() == first.story  # the editor follows the scene; nothing was typed
    qtbot.keyClick(story, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.document.scene(0) == first


def test_a_tips_dismiss_button_comes_right_after_its_field_in_the_tab_order(make_window, guide_file, qtbot):
    """Issue 11, item 16: the tips' Dismiss buttons came last in the Tab order, after Render."""
    window, _context, _companions = make_window(guide_file)
    ratio = find(window, QComboBox, "aspectRatioCombo")
    qtbot.wait(10)
    dismiss = [b for b in window.findChildren(QToolButton) if b.objectName().startswith("dismiss:") and b.isVisible()]
    assert dismiss, "the guide storyboard has tips about the whole video"
    ratio.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(ratio, Qt.Key.Key_Tab)  # the Tab key, as a keyboard user moves on
    assert window.focusWidget() in dismiss


def test_the_scene_list_shows_where_the_keyboard_is(make_window, guide_file, qtbot):
    """Issue 11, item 16: the scene list showed no keyboard focus."""
    window, _context, _companions = make_window(guide_file)
    view = window.scene_panel.view
    story = find(window, QPlainTextEdit, "storyEdit")
    story.setFocus()
    qtbot.waitUntil(story.hasFocus)
    without = view.viewport().grab().toImage()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    with_focus = view.viewport().grab().toImage()
    row = view.visualRect(view.currentIndex())
    assert with_focus.copy(row) != without.copy(row)  # the current row now carries a focus ring


def test_the_story_box_keeps_its_height_whatever_appears_around_it(make_window, guide_file, qtbot):
    """Issue 11, item 16: the layout jumped (the story box changed height) when a tip, an error or another
    background appeared, and shrank when 'one scene per line' was on."""
    window, _context, _companions = make_window(guide_file)
    story = find(window, QPlainTextEdit, "storyEdit")
    document = window.document
    qtbot.wait(10)  # as after each change below: the layout settles on the next turn of the event loop
    heights = [story.height()]
    for change in (
        lambda scene: scene_edits.with_prompt(scene, "A quiet beach at dawn, no people"),  # a tip appears
        lambda scene: scene_edits.with_split(scene, on_sentences=False, on_lines=True),
        lambda scene: scene_edits.with_prompt(scene, "x" * 300),  # an error appears
        lambda scene: scene_edits.with_kind(scene, "colour", document.catalog),  # fewer fields below
    ):
        document.edit_scene(0, change(document.scene(0)), "Edit")
        qtbot.wait(10)
        heights.append(story.height())
    assert len(set(heights)) == 1, heights
    assert story.height() >= 5 * story.fontMetrics().lineSpacing()  # room for a paragraph, not three lines
