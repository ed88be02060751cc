"""The last look before money is spent: cost per scene, total, and the balance after the render."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pictory_desktop.domain import describe
from pictory_desktop.domain.catalog import Catalog
from pictory_desktop.domain.credits import SceneCost
from pictory_desktop.domain.describe import PRETEND, SANDBOX_SENTENCE
from pictory_desktop.domain.storyboard import (
    AiBackground,
    AiImage,
    AiVideo,
    Colour,
    NoBackground,
    PictureUrl,
    Scene,
    StockVisuals,
)
from pictory_desktop.store import job_text
from pictory_desktop.ui.render_question import BatchRenderQuestion, RenderQuestion, credits_phrase

WARNING_STYLE = "color: #b91c1c; font-weight: bold;"
SANDBOX_NOTE = SANDBOX_SENTENCE


SANDBOX_NOTE_STYLE = "background: #fef3c7; color: #78350f; padding: 6px; border-radius: 4px;"


def _add_label(
    parent: QWidget, layout: QVBoxLayout, name: str, text: str = "", *, style: str = "", shown: bool = True
) -> QLabel:
    """A wrapping label named ``name`` (tests and screen readers find it by that), added to ``layout``."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    label.setVisible(shown)
    layout.addWidget(label)
    return label


def _add_heading(parent: QWidget, layout: QVBoxLayout, text: str, *, sandbox: bool) -> None:
    """The question in large bold type, then, in the sandbox, the note that its credits are pretend."""
    heading = QLabel(text, parent)
    heading.setWordWrap(True)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    if sandbox:
        _add_label(parent, layout, "sandboxNote", SANDBOX_NOTE, style=SANDBOX_NOTE_STYLE)


def _add_total(parent: QWidget, layout: QVBoxLayout, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("total")
    bold = label.font()
    bold.setBold(True)
    label.setFont(bold)
    layout.addWidget(label)
    return label


def _cancel_and_render(
    dialog: QDialog, layout: QVBoxLayout, text: str, *, blocked: bool
) -> tuple[QPushButton, QPushButton]:
    """Cancel, the default button, and Render: Enter must not spend credits by accident, the user clicks Render
    on purpose. Render is off when the render is blocked."""
    buttons = QDialogButtonBox(dialog)
    cancel: QPushButton = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
    render: QPushButton = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    render.setObjectName("renderButton")
    render.setEnabled(not blocked)
    cancel.setDefault(True)
    render.setAutoDefault(False)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return cancel, render


def background_words(scene: Scene, cost: SceneCost, catalog: Catalog) -> str:
    words = _background_only(scene, cost, catalog)
    media = describe.ai_media_words(scene, catalog)
    # "(free)" would read as the scene's price, and its overlays are not free.
    return f"{words.removesuffix(' (free)')}; {media}" if media else words


def _background_only(scene: Scene, cost: SceneCost, catalog: Catalog) -> str:
    background = scene.background
    if isinstance(background, AiBackground):
        name = describe.model_name(background.model, catalog)
        kind = "AI image" if isinstance(background, AiImage) else "AI video clip"
        words = f"{kind}, {name}"
        if isinstance(background, AiVideo) and background.duration:
            words += f", {background.duration.removesuffix('s')} seconds"
        if cost.visuals > 1:
            words += f" × {cost.visuals} (one per {'sentence' if scene.split_on_sentences else 'line'})"
        return words
    if isinstance(background, PictureUrl):
        return "Your own picture or clip (free)"
    if isinstance(background, Colour):
        return f"Plain colour {background.color} (free)"
    if isinstance(background, NoBackground):
        return "Pictory's default background (free)"
    if isinstance(background, StockVisuals):
        return f"{describe.KIND_LABELS['stock']} (free)"
    return "A background this app does not recognise"


class RenderConfirmDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        question: RenderQuestion,
    ) -> None:
        super().__init__(parent)
        request, catalog = question.request, question.catalog
        sandbox, sent_before = question.sandbox, question.sent_before
        storyboard, estimate, name = request.storyboard, request.estimate, request.name
        variant = question.variant
        self.setWindowTitle(
            {"render": "Render video", "preview": "Preview on Pictory", "from-preview": "Render this preview"}[variant]
        )
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        question_text = {
            "render": f"Render “{name}”?",
            "preview": f"Preview “{name}” on Pictory?",
            "from-preview": f"Render the preview of “{name}”?",
        }[variant]
        _add_heading(self, layout, question_text, sandbox=sandbox)
        unknown = question.cost_unknown
        self.cost_unknown = _add_label(
            self, layout, "costUnknown", unknown or "", style=WARNING_STYLE, shown=unknown is not None
        )
        before = job_text.sent_before_text(sent_before) if sent_before else ""
        self.sent_before = _add_label(
            self, layout, "sentBefore", before, style=WARNING_STYLE, shown=sent_before is not None
        )
        unreachable = question.unreachable_pictures
        self.unreachable = _add_label(
            self, layout, "unreachablePictures", "\n\n".join(unreachable), style=WARNING_STYLE, shown=bool(unreachable)
        )
        self.unreachable.setAccessibleName("unreachablePictures")

        self.table = QTableWidget(len(storyboard.scenes), 3, self)
        self.table.setObjectName("sceneCosts")
        self.table.setHorizontalHeaderLabels(["Scene", "Background", "AI credits"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, (scene, cost) in enumerate(zip(storyboard.scenes, estimate.scenes, strict=False)):
            if not cost.priced:
                amount = "unknown"
            elif cost.is_free:
                amount = "free"
            else:
                amount = credits_phrase(cost.credits, estimated=cost.estimated)
            for column, text in enumerate((f"Scene {row + 1}", background_words(scene, cost, catalog), amount)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # As tall as its rows (up to 8, then it scrolls): no empty grey block under a short storyboard.
        rows_height = sum(self.table.rowHeight(r) for r in range(min(self.table.rowCount(), 8)))
        self.table.setFixedHeight(rows_height + header.sizeHint().height() + 2 * self.table.frameWidth())
        layout.addWidget(self.table)

        total = estimate.total
        at_most = "At most" if variant != "render" else "Total"
        self.total_label = _add_total(self, layout, f"{at_most}: {credits_phrase(total, estimated=estimate.estimated)}")
        self.balance_label = _add_label(self, layout, "balance")
        limit = question.monthly_limit
        self.monthly_limit = _add_label(self, layout, "monthlyLimit", limit or "", shown=bool(limit))
        self.warning = _add_label(self, layout, "warning", style=WARNING_STYLE)
        self.notes = _add_label(self, layout, "notes")

        problems = self._explain(question)
        self.blocked = bool(problems)

        again = " again" if sent_before is not None else ""
        verb = "Preview" if variant == "preview" else f"Render{again}"
        render_text = (
            f"{verb} in sandbox"
            if sandbox
            else f"{verb} for {'at most ' if variant != 'render' else ''}"
            f"{credits_phrase(total, estimated=estimate.estimated)}"
        )
        self.cancel_button, self.render_button = _cancel_and_render(self, layout, render_text, blocked=self.blocked)

    def _explain(self, question: RenderQuestion) -> list[str]:
        total, estimate, balance, sandbox = (
            question.request.estimate.total,
            question.request.estimate,
            question.balance,
            question.sandbox,
        )
        problems = question.problems()
        account = f"Sandbox balance ({PRETEND} credits)" if sandbox else "Your balance"
        if balance is None:
            self.balance_label.setText(
                "Your balance could not be checked just now. If your account runs short, Pictory stops the "
                "render and charges nothing."
            )
        else:
            after = balance.balance - total
            if after >= 0:
                self.balance_label.setText(
                    f"{account}: {credits_phrase(balance.balance)}. After this render: "
                    f"{credits_phrase(after, estimated=estimate.estimated)}."
                )
            else:
                self.balance_label.setText(f"{account}: {credits_phrase(balance.balance)}.")
        self.warning.setText(" ".join(problems))
        self.warning.setVisible(bool(problems))
        notes: list[str] = []
        if estimate.estimated:
            notes.append(
                "Scenes split by sentence or line make one AI visual per part, so the total is an estimate; "
                "Pictory charges what it actually generates."
            )
        if not sandbox and not problems:
            notes.append("Credits are charged when the video is finished. A failed render costs nothing.")
        self.notes.setText(" ".join(notes))
        self.notes.setVisible(bool(notes))
        return problems

    @classmethod
    def ask(cls, parent: QWidget | None, question: RenderQuestion) -> bool:
        """Show the dialog; True only when the user pressed Render (never when the render is blocked)."""
        dialog = cls(parent, question)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and not dialog.blocked
        dialog.deleteLater()
        return accepted


class BatchConfirmDialog(QDialog):
    """The render confirmation's look for a whole batch: each video's cost, the total, the balance after."""

    def __init__(self, parent: QWidget | None, question: BatchRenderQuestion) -> None:
        super().__init__(parent)
        videos, total, estimated = question.videos, question.total, question.estimated
        count = len(videos)
        what = f"{count} video{'s' if count != 1 else ''}"
        self.setWindowTitle("Render batch")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        _add_heading(self, layout, f"Render {what} from “{question.batch_name}”?", sandbox=question.sandbox)

        self.table = QTableWidget(count, 3, self)
        self.table.setObjectName("videoCosts")
        self.table.setHorizontalHeaderLabels(["CSV row", "Video", "AI credits"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, video in enumerate(videos):
            cost = video.estimate
            amount = "unknown" if cost.unpriced_scenes else credits_phrase(cost.total, estimated=cost.estimated)
            for column, text in enumerate((str(video.sheet_row), video.name, amount)):
                item = QTableWidgetItem(text)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        rows_height = sum(self.table.rowHeight(r) for r in range(min(count, 8)))
        self.table.setFixedHeight(rows_height + header.sizeHint().height() + 2 * self.table.frameWidth())
        layout.addWidget(self.table)

        each = ""
        if count > 1 and len({v.estimate.total for v in videos}) == 1:
            each = f" ({credits_phrase(videos[0].estimate.total, estimated=estimated)} each)"
        self.total_label = _add_total(
            self, layout, f"Total for {what}: {credits_phrase(total, estimated=estimated)}{each}"
        )
        self.balance_label = _add_label(self, layout, "balance")
        self.warning = _add_label(self, layout, "warning", style=WARNING_STYLE)
        self.notes = _add_label(self, layout, "notes")

        account = f"Sandbox balance ({PRETEND} credits)" if question.sandbox else "Your balance"
        balance = question.balance
        if balance is None:
            self.balance_label.setText(
                "Your balance could not be checked just now. If your account runs short, Pictory stops the "
                "renders it cannot pay for and charges nothing for them."
            )
        else:
            after = balance.balance - total
            self.balance_label.setText(
                f"{account}: {credits_phrase(balance.balance)}."
                + (f" After these renders: {credits_phrase(after, estimated=estimated)}." if after >= 0 else "")
            )
        problems = question.problems()
        self.warning.setText(" ".join(problems))
        self.warning.setVisible(bool(problems))
        notes: list[str] = ["Each video is sent once; if one fails, the others still go."]
        if question.invalid_rows:
            n = question.invalid_rows
            notes.append(f"{n} row{'s have' if n != 1 else ' has'} errors and {'are' if n != 1 else 'is'} not sent.")
        if question.sent_before:
            n = question.sent_before
            notes.append(
                f"{n} row{'s were' if n != 1 else ' was'} sent before and {'are' if n != 1 else 'is'} not sent again."
            )
        if estimated:
            notes.append("Scenes split by sentence or line make one AI visual per part, so the total is an estimate.")
        if not question.sandbox and not problems:
            notes.append("Credits are charged when each video is finished. A failed render costs nothing.")
        self.notes.setText(" ".join(notes))
        self.blocked = bool(problems)

        render_text = (
            f"Render {what} in sandbox"
            if question.sandbox
            else f"Render {what} for {credits_phrase(total, estimated=estimated)}"
        )
        self.cancel_button, self.render_button = _cancel_and_render(self, layout, render_text, blocked=self.blocked)

    @classmethod
    def ask(cls, parent: QWidget | None, question: BatchRenderQuestion) -> bool:
        """True only when the user pressed Render (never when the batch is blocked)."""
        dialog = cls(parent, question)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and not dialog.blocked
        dialog.deleteLater()
        return accepted
