"""At 1024×700 with the Jobs panel open, every field of the editor and every Jobs column is visible without
scrolling sideways (issue 11, item 12: the panel crowded the window, cut the editor and clipped columns)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QTableView, QWidget

from pictory_desktop.ui.main_window import MainWindow

from .jobs_fixtures import make_context, render_request  # noqa: F401

pytestmark = pytest.mark.gui


def fits_sideways(area: QScrollArea) -> bool:
    content = area.widget()
    assert content is not None
    return area.horizontalScrollBar().maximum() == 0 and content.width() <= area.viewport().width()


def window_with_the_panel_open(qtbot, make_context, guide_file, size: tuple[int, int]) -> MainWindow:  # noqa: F811
    """The guide's storyboard open at ``size``, after a render, so the Jobs panel is open as a user sees it."""
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.finish_startup()
    assert window.open_path(guide_file)
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        context.jobs.submit(render_request())
    qtbot.waitUntil(window.jobs_dock.isVisible, timeout=5000)
    qtbot.wait(50)  # the dock's size is set on the loop turn after it shows
    return window


@pytest.mark.parametrize("size", [(1024, 700), (1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_editor_and_every_jobs_column_are_visible_with_the_panel_open(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    size,
):
    window = window_with_the_panel_open(qtbot, make_context, guide_file, size)

    areas = [a for a in window.findChildren(QScrollArea) if a.widget() is not None and a.isVisible()]
    assert areas, "the editor and the scene column scroll"
    assert all(fits_sideways(area) for area in areas), [a.objectName() for a in areas if not fits_sideways(a)]
    fields = ("videoNameEdit", "storyEdit", "promptEdit", "modelCombo", "styleCombo", "renderButton")
    for name in (*fields, "chooseVoiceButton", "chooseMusicButton", "sceneVoiceCombo", "chooseSceneVoiceButton"):
        field = window.findChild(QWidget, name)
        assert field is not None and field.isVisible()
        right_edge = field.mapTo(window, field.rect().topRight()).x()
        assert right_edge <= window.width(), f"{name} is cut off at the right"

    view = window.findChild(QTableView, "jobsView")
    assert view is not None
    header = view.horizontalHeader()
    columns = sum(header.sectionSize(c) for c in range(header.count()))
    assert columns <= view.viewport().width(), "a Jobs column is off to the right"
    assert view.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(0) >= 160, "the video's name is squeezed to a few letters"
    # Narrow windows get the panel below the editor; wide ones beside it.
    expected = Qt.DockWidgetArea.RightDockWidgetArea if size[0] >= 1600 else Qt.DockWidgetArea.BottomDockWidgetArea
    assert window.dockWidgetArea(window.jobs_dock) == expected


def test_the_jobs_panel_opened_with_ctrl_j_is_wide_enough_for_its_columns(qtbot, make_context):  # noqa: F811
    context = make_context(sandbox=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.finish_startup()
    with qtbot.waitSignal(context.jobs.submitted, timeout=10_000):
        context.jobs.submit(render_request())
    window.jobs_dock.hide()
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.jobs_dock.isVisible, timeout=5000)
    view = window.findChild(QTableView, "jobsView")
    assert view is not None
    qtbot.waitUntil(lambda: view.horizontalHeader().sectionSize(0) >= 160, timeout=2000)


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_the_scene_buttons_are_whole_in_either_theme_with_the_panel_open(
    qtbot,
    make_context,  # noqa: F811
    guide_file,
    choice,
):
    """Issue 11, item 16: "Add scene" was clipped in the dark theme with the Jobs panel open at 1024×700."""
    from PySide6.QtWidgets import QApplication, QPushButton

    from pictory_desktop.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, choice)
    try:
        window = window_with_the_panel_open(qtbot, make_context, guide_file, (1024, 700))

        column = window.findChild(QScrollArea, "leftColumn")
        assert column is not None
        for name in ("addSceneButton", "duplicateSceneButton", "deleteScenesButton"):
            button = window.findChild(QPushButton, name)
            assert button is not None and button.isVisible()
            assert button.width() >= button.sizeHint().width(), f"{name} is narrower than its text"
            assert button.height() >= button.sizeHint().height(), f"{name} is squashed"
            column.ensureWidgetVisible(button)
            qtbot.wait(10)
            top_left = button.mapTo(column.viewport(), button.rect().topLeft())
            bottom_right = button.mapTo(column.viewport(), button.rect().bottomRight())
            assert column.viewport().rect().contains(top_left) and column.viewport().rect().contains(bottom_right), (
                f"{name} cannot be scrolled fully into view"
            )
    finally:
        theme.apply_theme(app, "system")  # as the other tests expect
