"""See it before you pay: try a scene's AI image on Pictory's AI Studio, compare the tries, lock the one you like.

"Try image…" shows the prompt it will send (the scene's own, or one proposed from the story, editable), what
the try costs and the balance after, and sends it only on Try. Tries appear as a strip of pictures; "Use this
image" locks the selected one (the scene's background becomes that picture, so rendering it costs nothing);
"Back to AI generation" restores the prompt, model and style it replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..api.results import ImageRequest, Quota
from ..domain import describe, scene_edits
from ..domain.catalog import Catalog, ImageModel
from ..domain.limits import SpendVerdict
from ..domain.storyboard import AiImage, ImageTry, Scene, is_locked, locked_try
from ..domain.studio import STUDIO_PROMPT_MAX, STUDIO_PROMPT_MIN, studio_prompt
from ..qt.document import StoryboardDocument
from ..qt.image_tries import ImageTries, TryOrder
from ..qt.services import SpendChecker
from ..store.settings import Settings
from . import theme

THUMB = QSize(160, 90)


class TryDialog(QDialog):
    """What a try sends and costs, before it is sent."""

    def __init__(
        self,
        prompt: str,
        cost_sentence: str,
        balance_line: str,
        price: Decimal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Try an image")
        self.setObjectName("tryImageDialog")
        self.prompt_edit = QPlainTextEdit(prompt, self)
        self.prompt_edit.setObjectName("tryPromptEdit")
        self.prompt_edit.setTabChangesFocus(True)
        self.cost_label = QLabel(cost_sentence, self)
        self.cost_label.setObjectName("tryCost")
        self.cost_label.setWordWrap(True)
        self.balance_label = QLabel(balance_line, self)
        self.balance_label.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        # Within the user's limits: the monthly limit is checked for every try, asked or not.
        self.dont_ask = QCheckBox(f"Don't ask again for tries of {describe.credits(price)} or less", self)
        self.dont_ask.setObjectName("dontAskTriesCheck")
        self.dont_ask.setToolTip(
            "Later tries at or under this cost are sent when you press Try image, without this window, as long as "
            "the scene has a prompt. Your monthly limit still applies. Change it in Settings › Spending."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.try_button = buttons.addButton("Try", QDialogButtonBox.ButtonRole.AcceptRole)
        self.try_button.setObjectName("sendTryButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pictory's AI Studio makes one image from this prompt (you can change it):", self))
        layout.addWidget(self.prompt_edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.cost_label)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.dont_ask)
        layout.addWidget(buttons)
        self.resize(520, 320)
        self.prompt_edit.textChanged.connect(self._check)
        self._check()

    def prompt(self) -> str:
        return self.prompt_edit.toPlainText().strip()

    def _check(self) -> None:
        length = len(self.prompt())
        problem = ""
        if length < STUDIO_PROMPT_MIN:
            problem = f"AI Studio needs a prompt of at least {STUDIO_PROMPT_MIN} characters."
        elif length > STUDIO_PROMPT_MAX:
            problem = f"AI Studio takes at most {STUDIO_PROMPT_MAX:,} characters."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        theme.set_text_colour(self.problem, theme.error_colour(self.problem))
        self.try_button.setEnabled(not problem)


class ImageTriesPanel(QWidget):
    """The scene editor's "Try the image first" box for an AI image scene (or a scene locked to a try)."""

    libraryRequested = Signal()  # "From your image library…": the window opens the library for this scene

    def __init__(
        self,
        document: StoryboardDocument,
        catalog: Catalog,
        tries: ImageTries,
        spend_check: SpendChecker,
        balance: Callable[[], Quota | None],
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.document = document
        self.catalog = catalog
        self.tries = tries
        self.spend_check = spend_check
        self.balance = balance
        self.row = -1
        # A try waiting for the limit check: its scene key, the order, and the status line when sent unasked.
        self._pending: tuple[object, TryOrder, str | None] | None = None
        self._shown: tuple[object, ...] | None = None  # what the box shows was made from (see _inputs)

        self.try_button = QPushButton("Try image…", self)
        self.try_button.setObjectName("tryImageButton")
        self.library_button = QPushButton("From your image library…", self)
        self.library_button.setObjectName("fromLibraryButton")
        self.library_button.setToolTip("Use an image you made before in AI Studio: it was paid for then.")
        self.status = QLabel(self)
        self.status.setObjectName("tryStatus")
        self.status.setWordWrap(True)
        self.strip = QListWidget(self)
        self.strip.setObjectName("triesStrip")
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setIconSize(THUMB)
        self.strip.setFixedHeight(THUMB.height() + 48)
        self.strip.setMovement(QListView.Movement.Static)
        self.large = QLabel(self)
        self.large.setObjectName("tryLarge")
        self.large.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.use_button = QPushButton("Use this image", self)
        self.use_button.setObjectName("useImageButton")
        self.use_button.setToolTip("The scene shows this picture; rendering it costs no AI credits.")
        self.back_button = QPushButton("Back to AI generation", self)
        self.back_button.setObjectName("backToAiButton")
        self.back_button.setToolTip("The prompt, model and style come back; rendering generates the image again.")

        top = QHBoxLayout()
        top.addWidget(self.try_button)
        top.addWidget(self.library_button)
        top.addWidget(self.status, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.use_button)
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.strip)
        layout.addWidget(self.large)
        layout.addLayout(actions)

        self.try_button.clicked.connect(self.ask_try)
        self.library_button.clicked.connect(self.libraryRequested)
        self.use_button.clicked.connect(self.use_selected)
        self.back_button.clicked.connect(self.back_to_ai)
        self.strip.currentRowChanged.connect(lambda _row: self._show_selected())
        tries.stage.connect(self._stage)
        tries.made.connect(self._made)
        tries.failed.connect(self._failed)
        spend_check.decided.connect(self._spend_decided)
        document.storyboardChanged.connect(self.refresh)

    # --- showing ---------------------------------------------------------------------------------------

    def show_scene(self, row: int) -> None:
        self.row = row
        self.refresh()

    def _scene(self) -> Scene | None:
        return self.document.scene(self.row) if 0 <= self.row < self.document.scene_count() else None

    def applies(self, scene: Scene | None) -> bool:
        return scene is not None and (isinstance(scene.background, AiImage) or is_locked(scene) or bool(scene.tries))

    def _inputs(self, scene: Scene | None) -> tuple[object, ...]:
        if scene is None:
            return (self.row,)
        background = scene.background
        model = background.model if isinstance(background, AiImage) else None
        style = background.media_style if isinstance(background, AiImage) else None
        # Not the prompt: this runs after every keystroke, and typing a prompt changes nothing shown here.
        return (
            self.row,
            background.kind,
            model,
            style,
            scene.tries,
            scene.locked_from,
            self.tries.is_trying(self._key()),
        )

    def refresh(self) -> None:
        scene = self._scene()
        inputs = self._inputs(scene)
        if inputs == self._shown:
            return
        self._shown = inputs
        box = self.parentWidget()
        shown = self.applies(scene)
        if box is not None and box is not self.window():
            box.setVisible(shown)
        if scene is None or not shown:
            return
        model = self._model(scene)
        price = self._price(model)
        self.try_button.setText(f"Try image ({describe.credits(price)})…" if price is not None else "Try image…")
        self.try_button.setEnabled(model is not None and not self.tries.is_trying(self._key()))
        current = self.strip.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.strip.blockSignals(True)
        self.strip.clear()
        locked = locked_try(scene)
        for index, made in enumerate(scene.tries):
            item = QListWidgetItem(self._icon(made), f"Try {index + 1}" + (" · in use" if made == locked else ""))
            item.setData(Qt.ItemDataRole.UserRole, made.url)
            item.setToolTip(f"{made.prompt}\n{made.model}" + (f" · {made.style}" if made.style else ""))
            self.strip.addItem(item)
            if made.url == (selected or (locked.url if locked else None)):
                self.strip.setCurrentItem(item)
        if self.strip.currentItem() is None and self.strip.count():
            self.strip.setCurrentRow(self.strip.count() - 1)
        self.strip.blockSignals(False)
        self.strip.setVisible(bool(scene.tries))
        self.back_button.setVisible(is_locked(scene))
        if is_locked(scene):
            self.status.setText(describe.LOCKED_SENTENCE)
        elif not self.tries.is_trying(self._key()):
            self.status.setText(
                "Try the image before you render: each try costs what the render would, and you choose."
                if not scene.tries
                else f"{len(scene.tries)} tr{'ies' if len(scene.tries) != 1 else 'y'}: choose one to use it."
            )
        self._show_selected()

    def _show_selected(self) -> None:
        scene = self._scene()
        item = self.strip.currentItem()
        url = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        path = self.tries.cache.get(url) if url else None
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if not pixmap.isNull():
            self.large.setPixmap(pixmap.scaled(480, 270, Qt.AspectRatioMode.KeepAspectRatio))
        else:
            self.large.setText("The picture is not on this computer any more." if url else "")
        self.large.setVisible(url is not None)
        locked = locked_try(scene) if scene is not None else None
        self.use_button.setVisible(url is not None)
        self.use_button.setEnabled(url is not None and (locked is None or locked.url != url))

    def _icon(self, made: ImageTry) -> QIcon:
        path = self.tries.cache.get(made.url)
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            return QIcon()
        return QIcon(pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio))

    # --- trying --------------------------------------------------------------------------------------------

    def _key(self) -> object:
        return ("scene", self.row)

    def _model(self, scene: Scene) -> str | None:
        if isinstance(scene.background, AiImage):
            return scene.background.model or None
        return scene.locked_from.model if scene.locked_from is not None else None

    def _price(self, model: str | None) -> Decimal | None:
        found = self.catalog.model(model) if model else None
        return found.credits_per_image if isinstance(found, ImageModel) else None

    def ask_try(self) -> None:
        scene = self._scene()
        if scene is None:
            return
        model = self._model(scene)
        price = self._price(model)
        if model is None or price is None:
            return
        style = scene.background.media_style if isinstance(scene.background, AiImage) else None
        if style is None and scene.locked_from is not None:
            style = scene.locked_from.media_style
        balance = self.balance()
        prompt = studio_prompt(scene) or ""
        unasked = self._unasked(price, prompt, balance)
        if unasked is None:
            balance_line = (
                f"Balance: {describe.credits(balance.balance)}; after this try: "
                f"{describe.credits(balance.balance - price)}."
                if balance is not None
                else "Balance: unknown (it is checked again when the try ends)."
            )
            dialog = TryDialog(prompt, describe.try_cost(model, self.catalog), balance_line, price, self)
            accepted = bool(dialog.exec())
            prompt = dialog.prompt()
            if accepted and dialog.dont_ask.isChecked():
                self.settings.set("try_ask_above_credits", price)
                self.settings.save()
            dialog.deleteLater()
            if not accepted:
                return
        ratio = self.document.storyboard.aspect_ratio or self.catalog.default_aspect_ratio
        order = TryOrder(
            ImageRequest(prompt, model=model, aspect_ratio=ratio, style=style),
            scene_number=self.row + 1,
            credits=price,
            video_name=self.document.storyboard.video_name or "Untitled video",
        )
        key = self._key()
        self._pending = (key, order, unasked)
        self.spend_check.check(price, "this image try", tag=self._pending)

    def _unasked(self, price: Decimal, prompt: str, balance: Quota | None) -> str | None:
        """The status line for a try sent without its window, or None when it must be asked: the user chose
        not to be asked at this cost, the scene's prompt is one AI Studio takes, and the balance covers it."""
        threshold = self.settings.get("try_ask_above_credits")
        if threshold is None or price > threshold:
            return None
        if not STUDIO_PROMPT_MIN <= len(prompt) <= STUDIO_PROMPT_MAX:
            return None  # a proposed or over-long prompt is the user's to read first
        if balance is not None and balance.balance < price:
            return None
        return (
            f"Trying an image for {describe.credits(price)} without asking: at or under your "
            f"{describe.credits(threshold)} setting (Settings › Spending)."
        )

    def _spend_decided(self, tag: object, verdict: SpendVerdict) -> None:
        if self._pending is None or tag is not self._pending:
            return
        key, order, unasked = self._pending
        self._pending = None
        if not verdict.allowed:
            self.status.setText(verdict.sentence)
            theme.set_text_colour(self.status, theme.error_colour(self.status))
            return
        theme.set_text_colour(self.status, None)
        if unasked:
            self.status.setText(unasked)
        self.tries.try_image(order, key)
        self.try_button.setEnabled(False)
        self._shown = None

    def _stage(self, key: object, sentence: str) -> None:
        if key == self._key():
            self.status.setText(sentence)

    def _made(self, key: object, made: ImageTry) -> None:
        row = key[1] if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], int) else -1
        if 0 <= row < self.document.scene_count():
            self.document.edit_scene(row, scene_edits.add_try(self.document.scene(row), made), "Try an image")
        if key == self._key():
            self.try_button.setEnabled(True)
            self._shown = None
            self.refresh()
            self.strip.setCurrentRow(self.strip.count() - 1)  # the new try, large, to compare with the others
            self.status.setText("The image is ready: compare it with the others, then use the one you like.")

    def _failed(self, key: object, sentence: str) -> None:
        self._shown = None
        if key == self._key():
            self.status.setText(sentence)
            theme.set_text_colour(self.status, theme.error_colour(self.status))
            self.try_button.setEnabled(True)

    # --- locking --------------------------------------------------------------------------------------------

    def use_selected(self) -> None:
        scene = self._scene()
        item = self.strip.currentItem()
        if scene is None or item is None:
            return
        url = item.data(Qt.ItemDataRole.UserRole)
        chosen = next((t for t in scene.tries if t.url == url), None)
        if chosen is not None:
            self.document.edit_scene(self.row, scene_edits.lock_image(scene, chosen), "Use a tried image")

    def back_to_ai(self) -> None:
        scene = self._scene()
        if scene is not None and is_locked(scene):
            self.document.edit_scene(self.row, scene_edits.unlock(scene), "Back to AI generation")
