"""Every question the window asks about files, as functions tests can replace."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

FILE_FILTER = "Pictory storyboards (*.json);;All files (*)"


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class SaveChangesDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> SaveChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Do you want to save the changes to “{name}”?")
        box.setInformativeText("If you don't save, your changes will be lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: SaveChoice.SAVE,
            QMessageBox.StandardButton.Discard: SaveChoice.DISCARD,
        }.get(QMessageBox.StandardButton(answer), SaveChoice.CANCEL)


def ask_open_path(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open a storyboard", str(start or ""), FILE_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "Save the storyboard", str(suggested), FILE_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".json")


def ask_csv_path(parent: QWidget | None, start: Path | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose the CSV with one row per video", str(start or ""), "CSV files (*.csv *.txt);;All files (*)"
    )
    return Path(name) if name else None


def ask_folder(parent: QWidget | None, title: str, start: Path | None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start or ""))
    return Path(name) if name else None


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def show_info(parent: QWidget | None, title: str, rich_text: str, *, details: str = "") -> None:
    """A message to read; ``details`` (plain text, such as licence texts) go behind a Licence texts button.

    Not a QMessageBox: About lists some twenty packages and their notes, and a message box grows with its text
    until its Close button is below a 1024×700 screen (seen under Xvfb). Here the text scrolls in a window
    that fits the screen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setObjectName("infoDialog")
    layout = QVBoxLayout(dialog)
    text = QTextBrowser(dialog)
    text.setObjectName("infoText")
    text.setOpenExternalLinks(True)
    text.setHtml(rich_text)
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    if details:
        full = QPlainTextEdit(details, dialog)
        full.setObjectName("infoDetails")
        full.setReadOnly(True)
        full.hide()
        layout.addWidget(full)
        toggle = buttons.addButton("Licence texts", QDialogButtonBox.ButtonRole.ActionRole)
        toggle.setCheckable(True)
        toggle.toggled.connect(full.setVisible)
        toggle.toggled.connect(text.setHidden)
    layout.addWidget(buttons)
    screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
    room = screen.availableGeometry().height() - 80 if screen is not None else 600
    # As tall as the text needs (Getting started is a few lines), up to what the screen leaves; then it scrolls.
    # Measured on a copy: the browser's own document is laid out at its viewport's width, unknown until shown.
    width = 600
    measure = QTextDocument()
    measure.setDefaultFont(text.font())
    measure.setHtml(rich_text)
    measure.setTextWidth(width - 60)
    wanted = round(measure.size().height()) + buttons.sizeHint().height() + 60
    dialog.resize(width, max(200, min(620, room, wanted)))
    dialog.exec()


def offer_copy(parent: QWidget | None, title: str, message: str) -> bool:
    """Say what could not be done; True when the user chose to copy the path or link it names."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    copy = box.addButton("Copy", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(copy)
    box.setEscapeButton(close)
    box.exec()
    return box.clickedButton() is copy


def ask_quit_while_rendering(parent: QWidget | None, renders: int) -> bool:
    """True when the user still wants to quit while renders are being followed; Stay is the default."""
    what = "A render is" if renders == 1 else f"{renders} renders are"
    box = QMessageBox(QMessageBox.Icon.Question, "Quit while rendering?", "", parent=parent)
    box.setText(
        f"{what} still being made. Quitting does not stop {'it' if renders == 1 else 'them'}: the render goes "
        "on (and is charged as usual), and Pictory Desktop follows it again the next time you start it."
    )
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.AcceptRole)
    stay = box.addButton("Stay", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is quit_button


def ask_restore_recovery(parent: QWidget | None, description: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Recover unsaved work?",
        f"Pictory Desktop did not close properly last time. {description}\n\n"
        "Restore it? If you choose No, the recovered copy is deleted.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes
