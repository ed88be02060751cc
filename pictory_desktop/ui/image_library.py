"""The image library (Video › Image library…, or "From your image library…" in a scene's tries box): the
account's AI Studio images, newest first, a page at a time, filtered by prompt, model or style; **Put on this
scene** adds the chosen image to the scene as a try and locks it, in one undo step.

An image of the library was paid for when it was made, so putting it on a scene spends nothing (its ``credits``
stay unknown: the list does not say). The list and the pictures come in workers (``qt.image_library``); a
picture shows a placeholder until it is in the image cache. A failed read says why and keeps what is shown.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.results import AiImagesPage, AiStudioImage
from ..domain import scene_edits
from ..domain.storyboard import ImageTry
from ..qt.document import StoryboardDocument
from ..qt.image_library import ImageLibrary
from ..qt.image_tries import ImageTries
from . import theme

THUMB = QSize(160, 90)
LOADING = "Reading your AI Studio images…"
EMPTY = "Your AI Studio library has no images yet. Try an image for a scene first."


def image_try(image: AiStudioImage) -> ImageTry:
    """A library image as a scene's try: paid for when it was made, so no credits here (the list does not say)."""
    created = image.created or datetime.now(UTC)
    return ImageTry(
        url=image.url,
        width=image.width,
        height=image.height,
        prompt=image.prompt or "",
        model=image.model or "",
        style=image.style,
        aspect_ratio=image.aspect_ratio or "",
        credits=None,
        job_id=None,
        created=created.isoformat(timespec="seconds"),
    )


def search_words(image: AiStudioImage) -> str:
    return " ".join(part for part in (image.prompt, image.model, image.style) if part).casefold()


class ImageLibraryDialog(QDialog):
    """Not modal: the user can keep editing while the list loads. ``show_for(row)`` aims it at a scene."""

    def __init__(self, document: StoryboardDocument, tries: ImageTries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageLibraryDialog")
        self.setWindowTitle("Your image library")
        self.document = document
        self.library = ImageLibrary(tries.connection, tries.cache, self)
        self.row = -1
        self.images: list[AiStudioImage] = []
        self.next_page_key: str | None = None
        self._loaded_once = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("libraryFilter")
        self.filter_edit.setPlaceholderText("Filter by prompt, model or style")
        self.filter_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("libraryList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("libraryStatus")
        self.status.setWordWrap(True)
        self.more_button = QPushButton("Load more", self)
        self.more_button.setObjectName("libraryMoreButton")
        self.put_button = QPushButton("Put on this scene", self)
        self.put_button.setObjectName("putOnSceneButton")
        self.put_button.setToolTip("The scene shows this picture; it was paid for when it was made.")
        self.close_button = QPushButton("Close", self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.put_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(720, 520)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.more_button.clicked.connect(self.load_more)
        self.put_button.clicked.connect(self.put_on_scene)
        self.close_button.clicked.connect(self.close)
        self.list.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self.put_on_scene())
        self.library.pageLoaded.connect(self._page_loaded)
        self.library.failed.connect(self._failed)
        self.library.pictureReady.connect(self._picture_ready)
        document.storyboardChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- opening and loading ---------------------------------------------------------------------------

    def show_for(self, row: int) -> None:
        """Show the library for scene ``row`` (0-based); the first time, read the first page."""
        self.row = row
        self._update_buttons()
        self.show()
        self.raise_()
        self.activateWindow()
        if not self._loaded_once:
            self._loaded_once = True
            self._start_loading(None)

    def load_more(self) -> None:
        if self.next_page_key is not None:
            self._start_loading(self.next_page_key)

    def refresh(self) -> None:
        """Read the list again from its first page (what is shown stays until it arrives)."""
        self._start_loading(None)

    def _start_loading(self, key: str | None) -> None:
        if self.library.load(key) and self.library.loading:
            self._say(LOADING)
        self._update_buttons()

    def _page_loaded(self, page: AiImagesPage) -> None:
        known = {image.url for image in self.images}
        fresh = [image for image in page.items if image.url not in known]
        self.images.extend(fresh)
        self.next_page_key = page.next_page_key
        for image in fresh:
            self.list.addItem(self._item(image))
        self._apply_filter()
        self.library.fetch_pictures([image.url for image in fresh])
        count = len(self.images)
        self._say(EMPTY if not count else f"{count} image{'s' if count != 1 else ''} in your library.")
        self._update_buttons()

    def _failed(self, sentence: str) -> None:
        self._say(f"The image library could not be read: {sentence}", error=True)
        self._update_buttons()

    def _item(self, image: AiStudioImage) -> QListWidgetItem:
        label = image.prompt or "(no prompt)"
        if len(label) > 40:
            label = label[:39] + "…"
        item = QListWidgetItem(self._icon(image.url), label)
        item.setData(Qt.ItemDataRole.UserRole, image.url)
        details = [image.prompt or "", " · ".join(p for p in (image.model, image.style, image.aspect_ratio) if p)]
        item.setToolTip("\n".join(d for d in details if d))
        return item

    def _icon(self, url: str) -> QIcon:
        path = self.library.cache.get(url)
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            placeholder = QPixmap(THUMB)
            placeholder.fill(self.palette().color(QPalette.ColorRole.Mid))  # until the picture arrives
            return QIcon(placeholder)
        return QIcon(
            pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )

    def _picture_ready(self, url: str) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == url:
                item.setIcon(self._icon(url))

    # --- filtering and choosing ------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        words = self.filter_edit.text().casefold().split()
        by_url = {image.url: search_words(image) for image in self.images}
        for index in range(self.list.count()):
            item = self.list.item(index)
            text = by_url.get(item.data(Qt.ItemDataRole.UserRole), "")
            item.setHidden(not all(word in text for word in words))
        current = self.list.currentItem()
        if current is not None and current.isHidden():
            self.list.setCurrentRow(-1)
        self._update_buttons()

    def visible_images(self) -> list[AiStudioImage]:
        by_url = {image.url: image for image in self.images}
        shown: list[AiStudioImage] = []
        for index in range(self.list.count()):
            item = self.list.item(index)
            if not item.isHidden():
                shown.append(by_url[item.data(Qt.ItemDataRole.UserRole)])
        return shown

    def select_image(self, url: str) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == url and not item.isHidden():
                self.list.setCurrentItem(item)
                return

    def chosen(self) -> AiStudioImage | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        url = item.data(Qt.ItemDataRole.UserRole)
        return next((image for image in self.images if image.url == url), None)

    def _update_buttons(self) -> None:
        self.more_button.setVisible(self.next_page_key is not None)
        self.more_button.setEnabled(not self.library.loading)
        scene_ok = 0 <= self.row < self.document.scene_count()
        self.put_button.setEnabled(scene_ok and self.chosen() is not None)
        self.put_button.setText(f"Put on scene {self.row + 1}" if scene_ok else "Put on this scene")

    def put_on_scene(self) -> None:
        """Add the chosen image to the scene as a try and lock it: one edit, one undo step."""
        image = self.chosen()
        if image is None or not 0 <= self.row < self.document.scene_count():
            return
        scene = self.document.scene(self.row)
        self.document.edit_scene(self.row, scene_edits.lock_image(scene, image_try(image)), "Use a library image")
        self._say(f"Scene {self.row + 1} now shows this image; rendering it costs no AI credits.")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        theme.set_text_colour(self.status, theme.error_colour(self.status) if error else None)

    def shutdown(self, timeout: float = 1.0) -> None:
        self.library.shutdown_until(time.monotonic() + timeout)
