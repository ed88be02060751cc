"""Pictures in the scene list and the storyboard view: the right kind per background, fetched without the
key and cached, never a crash for a broken address; the storyboard view shares selection, keys and drag."""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QImageWriter
from PySide6.QtWidgets import QApplication

from pictory_desktop.domain.storyboard import (
    AiImage,
    Colour,
    ImageTry,
    NoBackground,
    PictureUrl,
    Scene,
    StockVisuals,
    Storyboard,
)
from pictory_desktop.qt.scene_list_model import SceneRole
from pictory_desktop.qt.thumbnails import Thumbnails
from pictory_desktop.sandbox.server import SandboxServer
from pictory_desktop.store.image_cache import ImageCache
from pictory_desktop.ui.scene_list_view import SceneCardDelegate, SceneDelegate, SceneListView
from pictory_desktop.ui.scene_pictures import tile_colour

pytestmark = pytest.mark.gui

RED = QColor(220, 20, 30)
TRIED_URL = "https://cdn.example.test/images/try-1.png"
LOCKED_URL = "https://cdn.example.test/images/locked.png"


def png(colour: QColor, width: int = 1280, height: int = 720) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(colour)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(data.data())


def a_try(url: str) -> ImageTry:
    return ImageTry(
        url, 1280, 720, "a lighthouse", "flux-schnell", None, "16:9", Decimal(1), "job", "2026-01-01T00:00:00Z"
    )


def storyboard(picture_url: str = "https://pictures.example.test/photo.png") -> Storyboard:
    flux = AiImage(model="flux-schnell", prompt="a lighthouse at dawn")
    return Storyboard(
        aspect_ratio="16:9",
        scenes=(
            Scene(story="An AI scene not tried yet.", background=flux),
            Scene(story="An AI scene tried once.", background=flux, tries=(a_try(TRIED_URL),)),
            Scene(
                story="A scene whose try is locked.",
                background=PictureUrl(LOCKED_URL, "image"),
                tries=(a_try(LOCKED_URL),),
                locked_from=flux,
            ),  # fmt: skip
            Scene(story="A colour.", background=Colour("#2060c0")),
            Scene(story="A picture from the web.", background=PictureUrl(picture_url, "image")),
            Scene(story="Stock footage.", background=StockVisuals()),
            Scene(story="Nothing at all.", background=NoBackground()),
        ),
    )


def open_storyboard(window, board: Storyboard) -> None:
    window.document.replace_all(board, None, saved=True)


def pixel_at_picture(view: SceneListView, row: int, *, corner: bool = False) -> QColor:
    """The colour at the middle of the row's (or card's) picture as painted on screen; ``corner``: near its
    bottom-left corner, away from a tile's words."""
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    delegate = view.itemDelegate()
    if isinstance(delegate, SceneCardDelegate):
        picture = SceneCardDelegate.picture_rect(rect)
    else:
        assert isinstance(delegate, SceneDelegate)
        picture = SceneDelegate.picture_rect(rect.adjusted(6, 6, -6, -6))
    image = view.viewport().grab().toImage()
    return image.pixelColor(picture.bottomLeft() + QPoint(3, -3) if corner else picture.center())


def close(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(
        abs(x - y) <= tolerance
        for x, y in zip((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()), strict=True)
    )


def test_each_background_names_its_kind_of_picture_and_source(make_window):
    window, _context, _ = make_window()
    open_storyboard(window, storyboard())
    model = window.scene_model
    pictures = [model.data(model.index(row, 0), SceneRole.PICTURE) for row in range(model.rowCount())]
    assert [p.describe() for p in pictures] == [
        "ai Flux",
        f"image {TRIED_URL}",
        f"image {LOCKED_URL}",
        "colour #2060c0",
        "image https://pictures.example.test/photo.png",
        "none Stock footage",
        "none No picture",
    ]
    assert pictures[1].label == "Latest try" and pictures[2].label == "Locked image"


@pytest.mark.parametrize("storyboard_view", [False, True], ids=["list", "grid"])
def test_list_and_grid_paint_the_cached_picture_the_swatch_and_tiles(make_window, qtbot, storyboard_view):
    window, context, _ = make_window()
    cache = ImageCache(Path(context.paths.image_cache_dir))
    cache.put(TRIED_URL, png(RED))
    cache.put(LOCKED_URL, png(QColor(20, 160, 40)))
    open_storyboard(window, storyboard())
    window.scene_panel.set_storyboard_view(storyboard_view)
    view = window.scene_panel.active_view()
    assert view.objectName() == ("sceneGrid" if storyboard_view else "sceneList")
    view.viewport().grab()  # paints: asks for the thumbnails
    qtbot.waitUntil(lambda: close(pixel_at_picture(view, 1), RED), timeout=5000)
    qtbot.waitUntil(lambda: close(pixel_at_picture(view, 2), QColor(20, 160, 40)), timeout=5000)
    assert close(pixel_at_picture(view, 3), QColor("#2060c0"), tolerance=0)
    tile = tile_colour(view.palette())
    for row in (0, 5, 6):  # an AI scene not tried, stock, none: neutral tiles
        assert close(pixel_at_picture(view, row, corner=True), tile), row


@pytest.fixture
def sandbox():
    server = SandboxServer(stop_poll_seconds=0.02).start()
    yield server
    server.stop()


def cdn_requests(server: SandboxServer) -> list:
    return [r for r in server.state.requests if r.origin == "cdn"]


def test_a_picture_url_is_fetched_from_the_cdn_without_authorization_and_cached(sandbox, qtbot, tmp_path):
    sandbox.state.uploads["public/teams/sandbox/brand/photo.png"] = ("image/png", png(RED, 640, 360))
    url = f"{sandbox.cdn_base_url}/public/teams/sandbox/brand/photo.png"
    cache = ImageCache(tmp_path / "images")
    first = Thumbnails(cache)
    assert first.pixmap(url, 96) is None  # never waits: asked of a worker
    with qtbot.waitSignal(first.ready, timeout=10000):
        pass
    pixmap = first.pixmap(url, 96)
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (96, 54)
    assert pixmap.toImage().pixelColor(48, 27) == RED
    fetched = cdn_requests(sandbox)
    assert len(fetched) == 1
    assert not any(k.lower() == "authorization" for k in fetched[0].headers)
    assert cache.get(url) is not None and cache.get_thumbnail(url, 96) is not None

    again = Thumbnails(cache)  # a new session: nothing in memory, everything on disk
    for size in (96, 176):
        again.pixmap(url, size)
    qtbot.waitUntil(lambda: again.pixmap(url, 96) is not None and again.pixmap(url, 176) is not None, timeout=10000)
    assert len(cdn_requests(sandbox)) == 1  # not fetched again
    first.shutdown()
    again.shutdown()


def test_a_broken_or_non_picture_url_shows_the_tile_and_says_why(make_window, sandbox, qtbot):
    sandbox.state.uploads["public/teams/sandbox/brand/notes.png"] = ("text/plain", b"hello")
    missing = f"{sandbox.cdn_base_url}/public/teams/sandbox/brand/missing.png"
    not_a_picture = f"{sandbox.cdn_base_url}/public/teams/sandbox/brand/notes.png"
    window, _context, _ = make_window()
    board = storyboard(missing)
    scenes = (*board.scenes, Scene(story="Not a picture.", background=PictureUrl(not_a_picture, "image")))
    open_storyboard(window, Storyboard(aspect_ratio="16:9", scenes=scenes))
    view = window.scene_panel.view
    model = window.scene_model
    last = model.rowCount() - 1
    for row in (4, last):  # painting asks for the pictures
        pixel_at_picture(view, row)
    qtbot.waitUntil(
        lambda: window.thumbnails.problem(missing) is not None and window.thumbnails.problem(not_a_picture) is not None,
        timeout=10000,
    )
    assert "404" in model.data(model.index(4, 0), Qt.ItemDataRole.ToolTipRole)
    assert "not a picture" in model.data(model.index(last, 0), Qt.ItemDataRole.ToolTipRole)
    tile = tile_colour(view.palette())
    assert close(pixel_at_picture(view, 4, corner=True), tile)
    assert close(pixel_at_picture(view, last, corner=True), tile)
    assert window.isVisible()  # and nothing crashed


def test_switching_list_and_storyboard_view_keeps_the_selection_and_the_editor_follows(make_window, qtbot):
    window, _context, _ = make_window()
    open_storyboard(window, storyboard())
    panel = window.scene_panel
    panel.view.select_rows([1, 3], 3)
    window.storyboard_view_action.trigger()
    assert panel.is_storyboard_view() and panel.grid.isVisible() and not panel.view.isVisible()
    assert panel.grid.selected_rows() == [1, 3]
    assert panel.grid.currentIndex().row() == 3
    assert window.context.settings.get("scene_view") == "storyboard"
    panel.grid.setFocus()
    qtbot.keyClick(panel.grid, Qt.Key.Key_Right)
    assert panel.grid.currentIndex().row() == 4
    assert window.editor.title.text() == "Scene 5 of 7"
    qtbot.keyClick(panel.grid, Qt.Key.Key_Left)
    assert window.editor.title.text() == "Scene 4 of 7"
    qtbot.mouseClick(panel.list_button, Qt.MouseButton.LeftButton)
    assert not panel.is_storyboard_view() and not window.storyboard_view_action.isChecked()
    assert panel.view.currentIndex().row() == 3


def drag_and_drop(view, data: QMimeData, point: QPoint) -> QDropEvent:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for event_type in (QDragEnterEvent, QDragMoveEvent):
            arriving = event_type(
                point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            )
            QApplication.sendEvent(view.viewport(), arriving)
    drop = QDropEvent(
        QPointF(point), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop.ignore()
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_dragging_a_card_moves_its_scene_as_one_undo_step(make_window):
    window, _context, _ = make_window()
    open_storyboard(window, storyboard())
    window.scene_panel.set_storyboard_view(True)
    grid = window.scene_panel.grid
    first = window.document.scene(0)
    data = window.scene_model.mimeData([window.scene_model.index(0, 0)])
    # Onto the top-left edge of the fourth card: before it.
    grid.scrollTo(window.scene_model.index(3, 0))
    target = grid.visualRect(window.scene_model.index(3, 0))
    assert drag_and_drop(grid, data, target.topLeft() + QPoint(4, 4)).isAccepted()
    assert window.document.scene(2) == first
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.document.scene(0) == first


def test_the_storyboard_view_has_the_lists_right_click_actions(make_window):
    window, _context, _ = make_window()
    assert window.scene_panel.grid.actions() == window.scene_panel.view.actions()
    assert window.scene_panel.grid.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
