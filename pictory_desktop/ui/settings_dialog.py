"""Settings: the API key (masked, kept in the OS keyring only), sandbox or Pictory, server address, how often
jobs are checked, where videos are saved, and the user's own spending limits (ask above N credits, a monthly
AI-credit limit). Key actions (Save, Test, Remove) act at once; the rest is applied with OK."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pictory_desktop.store.keystore import ENV_VAR, KeyStoreError
from pictory_desktop.ui.wheel_guard import guard_wheel

if TYPE_CHECKING:
    from pictory_desktop.qt.context import AppContext

NOTE_STYLE = "background: #fef3c7; color: #78350f; padding: 6px; border-radius: 4px;"
ERROR_STYLE = "color: #b91c1c;"
OK_STYLE = "color: #166534;"


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *, reason: str | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.connection = context.connection
        self.settings = context.settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        # The dialog grows with its wrapped sentences instead of squeezing them over each other.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)

        self.reason = QLabel(reason or "", self)
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.reason.setVisible(bool(reason))
        layout.addWidget(self.reason)

        # --- where renders go
        mode_box = QGroupBox("Where to render", self)
        mode_layout = QVBoxLayout(mode_box)
        self.sandbox_radio = QRadioButton("Sandbox on this computer: try everything with pretend credits", mode_box)
        self.sandbox_radio.setObjectName("sandboxRadio")
        self.pictory_radio = QRadioButton("My Pictory account: real videos, AI credits are charged", mode_box)
        self.pictory_radio.setObjectName("pictoryRadio")
        group = QButtonGroup(self)
        group.addButton(self.sandbox_radio)
        group.addButton(self.pictory_radio)
        (self.sandbox_radio if self.connection.is_sandbox else self.pictory_radio).setChecked(True)
        mode_layout.addWidget(self.sandbox_radio)
        mode_layout.addWidget(self.pictory_radio)
        layout.addWidget(mode_box)

        # --- the key
        key_box = QGroupBox("Pictory API key", self)
        key_layout = QVBoxLayout(key_box)
        self.key_field = QLineEdit(key_box)
        self.key_field.setObjectName("apiKeyField")
        self.key_field.setAccessibleName("Pictory API key")
        self.key_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_field.setClearButtonEnabled(True)
        key_layout.addWidget(
            QLabel("Paste the key from your Pictory account page (API Access). It starts with pictai_.", key_box)
        )
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_field, 1)
        self.save_key_button = QPushButton("Save key", key_box)
        self.save_key_button.setObjectName("saveKeyButton")
        self.test_button = QPushButton("Test", key_box)
        self.test_button.setObjectName("testKeyButton")
        self.test_button.setToolTip("Ask Pictory for your balance with this key, without saving it.")
        self.remove_button = QPushButton("Remove key", key_box)
        self.remove_button.setObjectName("removeKeyButton")
        for button in (self.save_key_button, self.test_button, self.remove_button):
            key_row.addWidget(button)
        key_layout.addLayout(key_row)
        self.key_status = QLabel(key_box)
        self.key_status.setObjectName("keyStatus")
        self.key_status.setWordWrap(True)
        key_layout.addWidget(self.key_status)
        self.keyring_note = QLabel(key_box)
        self.keyring_note.setObjectName("keyringWarning")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setStyleSheet(NOTE_STYLE)
        key_layout.addWidget(self.keyring_note)
        self.env_note = QLabel(key_box)
        self.env_note.setObjectName("envKeyNote")
        self.env_note.setWordWrap(True)
        self.env_note.setStyleSheet(NOTE_STYLE)
        key_layout.addWidget(self.env_note)
        self.test_result = QLabel(key_box)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        key_layout.addWidget(self.test_result)
        layout.addWidget(key_box)

        # --- other settings
        other = QGroupBox("Rendering and downloads", self)
        form = QFormLayout(other)
        self.base_url_field = QLineEdit(str(self.settings.get("api_base_url")), other)
        self.base_url_field.setObjectName("baseUrlField")
        self.base_url_field.setToolTip("Change this only if Pictory support asks you to.")
        form.addRow("Pictory server address:", self.base_url_field)
        self.poll_field = guard_wheel(QSpinBox(other))
        self.poll_field.setObjectName("pollIntervalField")
        self.poll_field.setRange(10, 600)  # Pictory asks for at least 10 s between checks
        self.poll_field.setSuffix(" seconds")
        self.poll_field.setValue(max(10, int(self.settings.get("poll_interval_seconds"))))
        form.addRow("Check running renders every:", self.poll_field)
        folder_row = QHBoxLayout()
        self.folder_field = QLineEdit(str(self.settings.get("download_dir")), other)
        self.folder_field.setObjectName("downloadFolderField")
        choose = QPushButton("Choose…", other)
        choose.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(choose)
        form.addRow("Save downloaded videos in:", folder_row)
        self.reopen_check = QCheckBox("Reopen the last storyboard when Pictory Desktop starts", other)
        self.reopen_check.setObjectName("reopenLastProjectCheck")
        self.reopen_check.setChecked(bool(self.settings.get("reopen_last_project")))
        form.addRow("", self.reopen_check)
        layout.addWidget(other)
        layout.addWidget(self._build_spending())

        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.apply_and_close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.save_key_button.clicked.connect(self.save_key)
        self.test_button.clicked.connect(self.test_key)
        self.remove_button.clicked.connect(self.remove_key)
        self.connection.keyTested.connect(self._key_tested)
        self._refresh_key_state()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_text()

    def fit_text(self) -> None:
        """Tall enough for every wrapped sentence at the dialog's real width. Qt sizes a window by its layout's
        hints, which take a wrapped label's height at a guessed width: the Spending notes were cut off."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def _build_spending(self) -> QGroupBox:
        box = QGroupBox("Spending", self)
        box.setObjectName("spendingBox")
        grid = QVBoxLayout(box)
        self.ask_always_radio, self.ask_above_radio, self.ask_above_field = _credits_choice(
            box,
            self.settings.get("confirm_above_credits"),
            ("Ask before every render", "askAlwaysRadio"),
            ("Ask only above", "askAboveRadio"),
            ("askAboveField", "Ask only above this many AI credits", "10"),
        )
        grid.addLayout(_row(self.ask_always_radio, self.ask_above_radio, self.ask_above_field, QLabel("credits", box)))
        ask_note = QLabel(
            "At or under this, a render goes without the confirmation (the status bar says its cost); one with a "
            "problem, or sent before, is always shown.",
            box,
        )
        ask_note.setWordWrap(True)
        grid.addWidget(ask_note)

        self.try_ask_always_radio, self.try_ask_above_radio, self.try_ask_above_field = _credits_choice(
            box,
            self.settings.get("try_ask_above_credits"),
            ("Ask before every image try", "tryAskAlwaysRadio"),
            ("Ask only above", "tryAskAboveRadio"),
            ("tryAskAboveField", "Ask before an image try only above this many AI credits", "1"),
        )
        grid.addLayout(
            _row(self.try_ask_always_radio, self.try_ask_above_radio, self.try_ask_above_field, QLabel("credits", box))
        )

        self.no_limit_radio, self.limit_radio, self.limit_field = _credits_choice(
            box,
            self.settings.get("monthly_credit_limit"),
            ("No monthly limit", "noLimitRadio"),
            ("Monthly AI-credit limit:", "limitRadio"),
            ("monthlyLimitField", "Monthly AI-credit limit in credits", "100"),
        )
        grid.addWidget(self.no_limit_radio)
        grid.addLayout(_row(self.limit_radio, self.limit_field, QLabel("credits", box)))
        limit_note = QLabel(
            "Checked against Pictory's own record of this month's spending (the whole account; months in UTC): a "
            "render that would go over it, or when that record cannot be read, is not sent.",
            box,
        )
        limit_note.setObjectName("monthlyLimitNote")
        limit_note.setWordWrap(True)
        grid.addWidget(limit_note)

        # Typing a number chooses it; the radio buttons stay the one place that says which applies.
        self.ask_above_field.textEdited.connect(lambda _text: self.ask_above_radio.setChecked(True))
        self.limit_field.textEdited.connect(lambda _text: self.limit_radio.setChecked(True))
        self.try_ask_above_field.textEdited.connect(lambda _text: self.try_ask_above_radio.setChecked(True))
        return box

    def _spending_values(self) -> dict[str, Decimal | None] | str:
        """The spending settings as typed, or a sentence saying what to fix."""
        values: dict[str, Decimal | None] = {}
        fields = (
            ("confirm_above_credits", self.ask_above_radio, self.ask_above_field, "“Ask only above”"),
            ("monthly_credit_limit", self.limit_radio, self.limit_field, "The monthly AI-credit limit"),
            (
                "try_ask_above_credits",
                self.try_ask_above_radio,
                self.try_ask_above_field,
                "“Ask before a try only above”",
            ),
        )
        for name, radio, field, label in fields:
            if not radio.isChecked():
                values[name] = None
                continue
            text = field.text().strip()
            if not text:
                other = {
                    "confirm_above_credits": "Ask before every render",
                    "monthly_credit_limit": "No monthly limit",
                    "try_ask_above_credits": "Ask before every image try",
                }[name]
                return f"{label} needs a number of credits. Type one, or choose “{other}”."
            if "," in text:
                return f"{label}: write the number with digits and a dot for decimals, such as 100 or 2.5."
            try:
                values[name] = self.settings.option(name).validate(text)
            except (ValueError, TypeError) as error:
                reason = str(error).removesuffix(", or empty")
                return f"{label} {reason} (for example 100 or 2.5)."
        return values

    # --- key -------------------------------------------------------------------------------------------

    def _refresh_key_state(self) -> None:
        source = self.connection.key_source
        masked = self.connection.masked_key
        if source == "keyring":
            text = f"A key is saved in your system's password keyring ({masked})."
        elif source == "session":
            text = f"A key ({masked}) is kept for this session only and will be forgotten when you close the app."
        elif source == "environment":
            text = f"The key from {ENV_VAR} is in use ({masked})."
        else:
            text = "No key is saved yet."
        self.key_status.setText(text)
        self.key_field.setPlaceholderText(f"Saved key: {masked}" if masked else "pictai_…")
        status = self.connection.keyring_status()
        self.keyring_note.setText(status.reason or "")
        self.keyring_note.setVisible(not status.available)
        env = self.connection.keystore.environment_key() is not None
        self.env_note.setText(
            f"The {ENV_VAR} environment variable is set, so its key is used and a key typed here is saved for "
            f"later but not used. Pictory Desktop never writes the {ENV_VAR} key anywhere."
            if env
            else ""
        )
        self.env_note.setVisible(env)
        self.remove_button.setEnabled(source in ("keyring", "session"))

    @Slot()
    def save_key(self) -> bool:
        key = self.key_field.text().strip()
        try:
            where = self.connection.save_key(key)
        except KeyStoreError as error:
            self._show_test(False, str(error))
            return False
        self.key_field.clear()  # the key leaves the widget as soon as it is stored
        self._refresh_key_state()
        # Where it went is said once, by the key's status line (and the keyring note when there is none).
        self._show_test(True, "The key was saved." if where == "keyring" else "The key was taken for this session.")
        return True

    @Slot()
    def test_key(self) -> None:
        self.test_result.setStyleSheet("")
        self.test_result.setText("Checking the key with Pictory…")
        # Disabling the focused button would hand focus to the next field, the server address, with its text
        # selected: the next key press would overwrite it. Focus stays on the key the user is testing.
        self.key_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.test_button.setEnabled(False)
        self.connection.test_key(
            self.key_field.text().strip() or None, base_url=self.base_url_field.text().strip() or None
        )

    @Slot(bool, str)
    def _key_tested(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        self._show_test(ok, message)

    @Slot()
    def remove_key(self) -> None:
        try:
            self.connection.remove_key()
        except KeyStoreError as error:
            self._show_test(False, str(error))
            return
        self._refresh_key_state()
        self._show_test(True, "The saved key was removed from this computer.")

    def _show_test(self, ok: bool, message: str) -> None:
        self.test_result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.test_result.setText(message)

    # --- other settings --------------------------------------------------------------------------------

    @Slot()
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose where to save downloaded videos", self.folder_field.text()
        )
        if folder:
            self.folder_field.setText(folder)

    @Slot()
    def apply_and_close(self) -> None:
        if self.apply():
            self.accept()

    def apply(self) -> bool:
        """Validate and save everything; on a problem show a sentence and return False."""
        if self.key_field.text().strip() and not self.save_key():
            return self._fail("The key you typed could not be saved; see the message above it.")
        spending = self._spending_values()
        if isinstance(spending, str):
            return self._fail(spending)
        base_url = self.base_url_field.text().strip()
        folder = self.folder_field.text().strip()
        values: dict[str, Any] = {
            "api_base_url": base_url,
            "poll_interval_seconds": self.poll_field.value(),
            "download_dir": Path(folder),
            "reopen_last_project": self.reopen_check.isChecked(),
        }
        values.update(spending)
        old_base = self.settings.get("api_base_url")
        try:
            for name, value in values.items():  # check all before changing any
                self.settings.option(name).validate(value)
        except (ValueError, TypeError):
            return self._fail(
                "Check the server address (it must start with https://) and the download folder (a full folder "
                "path such as /home/you/Videos), then press OK again."
            )
        for name, value in values.items():
            self.settings.set(name, value)
        try:
            self.settings.save()
        except OSError as exc:
            return self._fail(
                f"The settings could not be saved ({exc.strerror or exc}). Check that your home folder is writable."
            )
        if self.pictory_radio.isChecked():
            if not self.connection.use_pictory():
                return self._fail("Save your Pictory API key first, then choose My Pictory account.")
            if old_base != self.settings.get("api_base_url"):
                self.connection.refresh_balance()
        elif not self.connection.is_sandbox:
            self.connection.use_sandbox()
        return True

    def _fail(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False

    @classmethod
    def ask(cls, parent: QWidget | None, context: AppContext, *, reason: str | None = None) -> None:
        dialog = cls(context, parent, reason=reason)
        dialog.exec()
        dialog.deleteLater()


def _credits_text(value: Decimal | None) -> str:
    """A saved number of credits as the user would type it: 10, 2.5 (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _credits_choice(
    box: QWidget, value: Decimal | None, none: tuple[str, str], some: tuple[str, str], field: tuple[str, str, str]
) -> tuple[QRadioButton, QRadioButton, QLineEdit]:
    """Two radio buttons, "none" or "this many credits", and the field for the number, set from ``value``:
    (text, object name) of each button; (object name, accessible name, placeholder) of the field."""
    none_radio = QRadioButton(none[0], box)
    none_radio.setObjectName(none[1])
    some_radio = QRadioButton(some[0], box)
    some_radio.setObjectName(some[1])
    line = QLineEdit(_credits_text(value), box)
    line.setObjectName(field[0])
    line.setAccessibleName(field[1])
    line.setPlaceholderText(field[2])
    line.setMaximumWidth(110)
    group = QButtonGroup(box)  # each pair is its own choice: all sit in the same box
    group.addButton(none_radio)
    group.addButton(some_radio)
    (none_radio if value is None else some_radio).setChecked(True)
    return none_radio, some_radio, line


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
