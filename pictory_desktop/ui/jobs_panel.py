"""The Jobs panel: every render with its progress, and what can be done with the selected one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pictory_desktop.qt.file_manager import show_file
from pictory_desktop.qt.jobs_model import PROGRESS, BatchSummary, JobsModel, ProgressRole
from pictory_desktop.qt.multimedia import multimedia_available
from pictory_desktop.store import job_text
from pictory_desktop.store.jobs_db import UNCONFIRMED_PREFIX, JobRecord
from pictory_desktop.ui import file_dialogs

if TYPE_CHECKING:
    from pictory_desktop.qt.context import AppContext
    from pictory_desktop.ui.video_player import VideoPlayerWindow

# Where people look for Cancel: Pictory's API has no way to stop a render once it is sent.
NO_CANCEL = "A render cannot be cancelled once Pictory has it: it goes on, and is charged, even if you stop watching."
WIDE_PANEL_WIDTH = 760  # from this width, when wider than tall, the details go beside the list
DETAILS_WIDTH = 460
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
EMPTY_HINT = "No renders yet. When you render a storyboard, it appears here with its progress."


class ProgressDelegate(QStyledItemDelegate):
    """Draws the Progress column as a bar with its text, like a download manager."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(ProgressRole)
        if value is None:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = max(0, int(value))
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class JobsPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs = context.jobs
        # Replaceable in tests, so no browser or file manager opens.
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.show_file: Callable[[Path, Callable[[], None]], None] = show_file  # the file selected in its folder
        # Open video plays in the app (the main window hands in its own player); False: the system's instead.
        self.play_video: Callable[[Path | QUrl, str], bool] = self._play_here
        self._player: VideoPlayerWindow | None = None
        self.model = JobsModel(self.jobs, self)

        self.view = QTableView(self)
        self.view.setObjectName("jobsView")
        self.view.setAccessibleName("jobsView")
        self.view.setAccessibleDescription("Your renders, newest first, with their status and progress.")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.view))
        header = self.view.horizontalHeader()
        # The panel shares a 1280-px screen with the editor: the name takes what is left, the
        # short columns fit their text, and the progress bar keeps a readable fixed width.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROGRESS, QHeaderView.ResizeMode.Fixed)
        self.view.setColumnWidth(PROGRESS, 125)
        self.view.verticalHeader().setDefaultSectionSize(28)

        self.empty_hint = QLabel(EMPTY_HINT, self)
        self.empty_hint.setWordWrap(True)

        self.title = QLabel(self)
        self.title.setObjectName("jobTitle")
        self.title.setWordWrap(True)  # a long video name must not widen the panel
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("jobExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setObjectName("jobsMessage")
        self.message.setWordWrap(True)

        self.download_bar = QProgressBar(self)
        self.download_bar.setObjectName("downloadProgress")
        self.download_bar.setAccessibleName("Download progress")
        self.cancel_download_button = QPushButton("Cancel download", self)

        self.open_button = QPushButton("Open video", self)
        self.copy_button = QPushButton("Copy link", self)
        self.download_button = QPushButton("Download", self)
        self.folder_button = QPushButton("Open folder", self)
        self.watch_button = QPushButton("Watch again", self)
        self.stop_button = QPushButton("Stop watching", self)
        self.storyboard_button = QPushButton("Open storyboard", self)
        self.storyboard_button.setObjectName("openJobStoryboardButton")
        self.storyboard_button.setToolTip("Open exactly what was sent for this video, as a new storyboard.")
        self.remove_button = QPushButton("Remove from list", self)
        self.remove_button.setObjectName("removeJobButton")
        self.remove_button.setToolTip("Forget this job on this computer. The video stays in your Pictory account.")
        # For a render whose answer was lost: look for it in the account's job list, and follow it if found.
        # A finished preview (Video › Preview on Pictory): watch it in the browser, or render it (asked first).
        self.open_preview_button = QPushButton("Open preview", self)
        self.open_preview_button.setObjectName("openPreviewButton")
        self.render_preview_button = QPushButton("Render this preview…", self)
        self.render_preview_button.setObjectName("renderPreviewButton")
        self.find_button = QPushButton("Look for it on Pictory", self)
        self.find_button.setObjectName("findLostRenderButton")
        self.find_button.setToolTip("Look in your Pictory account's job list for this render. Nothing is sent again.")
        self.follow_button = QPushButton("Follow it", self)
        self.follow_button.setObjectName("followFoundRenderButton")
        self.follow_button.setToolTip("Watch the render Pictory received, here, like any other.")
        self.open_button.setToolTip("Play the video here: the downloaded file, or else streamed from its link.")
        self.copy_button.setToolTip("Copy the video's share link to the clipboard.")
        self.watch_button.setToolTip("Follow this job again; Pictory keeps rendering while the app is not watching.")
        self.stop_button.setToolTip(
            NO_CANCEL + " Stop watching only stops this app checking it; you can watch it again."
        )
        self.destination = QLabel(self)
        self.destination.setObjectName("downloadFolder")
        self.destination.setWordWrap(True)
        self.change_folder_button = QPushButton("Change folder…", self)
        self.change_folder_button.setFlat(True)

        details = QFrame(self)
        details.setFrameShape(QFrame.Shape.StyledPanel)
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.title)
        details_layout.addWidget(self.explanation)
        download_row = QHBoxLayout()
        download_row.addWidget(self.download_bar, 1)
        download_row.addWidget(self.cancel_download_button)
        details_layout.addLayout(download_row)
        buttons = QGridLayout()  # two rows of three, so the panel stays narrow beside the editor
        for index, button in enumerate(
            (
                self.open_button,
                self.copy_button,
                self.download_button,
                self.folder_button,
                self.watch_button,
                self.stop_button,
                self.storyboard_button,
                self.remove_button,
            )
        ):
            buttons.addWidget(button, index // 3, index % 3)
        details_layout.addLayout(buttons)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.open_preview_button)
        preview_row.addWidget(self.render_preview_button)
        preview_row.addStretch(1)
        details_layout.addLayout(preview_row)
        lost_row = QHBoxLayout()
        lost_row.addWidget(self.find_button)
        lost_row.addWidget(self.follow_button)
        lost_row.addStretch(1)
        details_layout.addLayout(lost_row)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.destination, 1)
        folder_row.addWidget(self.change_folder_button)
        details_layout.addLayout(folder_row)
        self.details = details

        listing = QVBoxLayout()
        listing.addWidget(self.view, 1)
        listing.addWidget(self.empty_hint)
        listing.addWidget(self.message)
        # Beside the editor the panel is tall and narrow: the list above the details. Below the editor (a
        # narrow window) it is wide and short: the list beside them, so neither is squeezed.
        self._layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._layout.addLayout(listing, 1)
        self._layout.addWidget(details)

        self.open_button.clicked.connect(self.open_video)
        self.copy_button.clicked.connect(self.copy_link)
        self.download_button.clicked.connect(self.download)
        self.folder_button.clicked.connect(self.open_folder)
        self.watch_button.clicked.connect(self.watch_again)
        self.stop_button.clicked.connect(self.stop_watching)
        self.storyboard_button.clicked.connect(self.open_storyboard)
        self.remove_button.clicked.connect(self.remove_job)
        self.open_preview_button.clicked.connect(self.open_preview)
        self.render_preview_button.clicked.connect(self.render_preview)
        self.find_button.clicked.connect(self.look_for_lost_render)
        self.follow_button.clicked.connect(self.follow_found_render)
        self.cancel_download_button.clicked.connect(self.cancel_download)
        self.change_folder_button.clicked.connect(self.choose_folder)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.jobs.jobUpdated.connect(self._job_updated)
        self.jobs.downloadFinished.connect(self._download_finished)
        self.jobs.downloadFailed.connect(self._download_failed)
        self.jobs.submitFailed.connect(self.show_message)
        self.jobs.notice.connect(self.show_message)
        self.jobs.submitted.connect(self._select_job)
        self.jobs.resumed.connect(lambda followed: self._select_job(followed[0][0]))
        self.model.rowsInserted.connect(self._update_empty_hint)
        self.model.modelReset.connect(self._update_empty_hint)
        self.message.hide()
        self._message_about: str | None = None
        context.connection.modeChanged.connect(self._mode_changed)
        self._update_empty_hint()
        if self.model.rowCount() > 0:
            self.view.selectRow(0)
        self._update_details()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.width() >= max(WIDE_PANEL_WIDTH, 1.6 * self.height())
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
            self.details.setMaximumWidth(DETAILS_WIDTH if wide else QWIDGETSIZE_MAX)

    # --- selection -------------------------------------------------------------------------------------

    def selected_record(self) -> JobRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def selected_batch(self) -> BatchSummary | None:
        """The batch whose header row is selected, if one is."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.batch_summary(rows[0].row()) if rows else None

    def select_batch(self, batch_id: int) -> None:
        row = self.model.row_of_batch(batch_id)
        if row is not None:
            self.view.selectRow(row)

    def select_job(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is not None:
            self.view.selectRow(row)

    @Slot(str)
    def _select_job(self, job_id: str) -> None:
        self.select_job(job_id)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_args: object) -> None:
        record = self.selected_record()
        if self._message_about is not None and (record is None or record.job_id != self._message_about):
            self.message.hide()  # it was about another job
        self._update_details()

    @Slot(str)
    def _mode_changed(self, _mode: str) -> None:
        self.message.hide()  # "Could not reach Pictory…" means nothing once the sandbox is in use

    @Slot(str)
    def _job_updated(self, job_id: str) -> None:
        record = self.selected_record()
        if not self.view.selectionModel().hasSelection() and self.model.rowCount() > 0:
            self.view.selectRow(0)
        elif (record is not None and record.job_id == job_id) or (record is None and self.selected_batch()):
            self._update_details()  # a batch's header sums up its jobs: any of them may change it

    def _update_empty_hint(self, *_args: object) -> None:
        self.empty_hint.setVisible(self.model.rowCount() == 0)

    # --- the details area ------------------------------------------------------------------------------

    def _update_details(self) -> None:
        record = self.selected_record()
        folder = Path(self.context.settings.get("download_dir"))
        self.destination.setText(f"Downloads are saved in {folder}.")
        self.details.setEnabled(record is not None)
        if record is None:
            batch = self.selected_batch()
            self.title.setText(batch.text if batch else "Select a job to see what you can do with it.")
            self.explanation.setText(batch.explanation if batch else "")
            self.explanation.setVisible(batch is not None)
            self.details.setEnabled(batch is not None)
            for button in self._action_buttons():
                button.setEnabled(False)
            self.find_button.hide()
            self.follow_button.hide()
            self.open_preview_button.hide()
            self.render_preview_button.hide()
            self.download_bar.hide()
            self.cancel_download_button.hide()
            return
        job_id = record.job_id
        watching = self.jobs.is_watching(job_id)
        download = self.jobs.download_progress(job_id)
        completed = record.status == "completed"
        has_file = bool(record.download_path and Path(record.download_path).is_file())
        self.title.setText(
            f"{job_text.name_text(record)} · {job_text.status_text(record, watching=watching, downloading=download is not None)}"
        )
        self.explanation.setText(self._explain(record, watching))
        self.explanation.setVisible(bool(self.explanation.text()))
        preview = record.kind == "preview"
        # A preview's record keeps its previewUrl (a player page) where a render keeps its MP4: nothing to download.
        self.open_preview_button.setVisible(preview)
        self.render_preview_button.setVisible(preview)
        self.open_preview_button.setEnabled(preview and completed and bool(record.video_url))
        self.render_preview_button.setEnabled(preview and completed and not self.jobs.is_submitting)
        self.open_button.setEnabled(not preview and completed and (has_file or bool(record.video_url)))
        self.copy_button.setEnabled(completed and bool(record.share_url or record.video_url))
        self.download_button.setEnabled(not preview and completed and download is None)
        self.download_button.setText("Download again" if has_file else "Download")
        self.folder_button.setEnabled(True)
        resumable = record.status in ("submitted", "in-progress", "stopped-watching")
        self.watch_button.setEnabled(resumable and not watching and not job_id.startswith("unconfirmed-"))
        self.stop_button.setEnabled(watching)
        # Kept together with the body (SubmitWorker), so no history read on every progress update.
        self.storyboard_button.setEnabled(record.body_digest is not None)
        self.remove_button.setEnabled(download is None)
        lost = job_id.startswith(UNCONFIRMED_PREFIX) and record.status == "unknown"
        self.find_button.setVisible(lost)
        self.find_button.setEnabled(lost and not self.jobs.is_looking_for(job_id))
        self.find_button.setText("Look again" if self.jobs.problem(job_id) else "Look for it on Pictory")
        self.follow_button.setVisible(lost and self.jobs.found_job(job_id) is not None)
        self.download_bar.setVisible(download is not None)
        self.cancel_download_button.setVisible(download is not None)
        if download is not None:
            done, total = download
            if total:
                self.download_bar.setRange(0, 1000)
                self.download_bar.setValue(done * 1000 // total)
            else:
                self.download_bar.setRange(0, 0)
            self.download_bar.setFormat(job_text.progress_text(record, download))

    def _explain(self, record: JobRecord, watching: bool) -> str:
        problem = self.jobs.problem(record.job_id)
        failure = job_text.failure_explanation(record)
        if failure:
            return f"{failure} {problem}" if problem else failure
        if problem:
            return problem
        if record.status == "completed":
            charged = job_text.charged_text(record)
            cost = f" {charged}" if charged else ""
            if record.kind == "preview":
                return (
                    "The preview is ready: open it in your browser. If it looks right, Render this preview makes "
                    "the video (you are asked first, with the cost)." + cost
                )
            if record.download_path:
                return f"Saved as {record.download_path}.{cost}"
            return (
                "Your video is ready. Download it to keep a copy: Pictory removes finished videos after a while." + cost
            )
        if record.status == "stopped-watching" or (record.status in ("submitted", "in-progress") and not watching):
            return "The app is not following this job right now. The render goes on at Pictory; press Watch again to follow it."
        if record.status in ("submitted", "in-progress"):
            return (
                "Pictory is working on this video. You can keep editing; the app checks its progress for you. "
                + NO_CANCEL
            )
        return ""

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.open_button,
            self.copy_button,
            self.download_button,
            self.folder_button,
            self.watch_button,
            self.stop_button,
            self.storyboard_button,
            self.remove_button,
        )

    # --- actions ---------------------------------------------------------------------------------------

    @Slot()
    def open_video(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        title = job_text.name_text(record)
        if record.download_path and Path(record.download_path).is_file():
            if not self.play_video(Path(record.download_path), title):
                self._open(QUrl.fromLocalFile(record.download_path), record.download_path, "video")
        elif record.video_url:
            if not self.play_video(QUrl(record.video_url), title):
                self._open(QUrl(record.video_url), record.video_url, "video")

    def _play_here(self, source: Path | QUrl, title: str) -> bool:
        """The panel's own player, for a panel without a main window; False when video cannot play in the app."""
        if not multimedia_available():
            return False
        if self._player is None:
            from pictory_desktop.ui.video_player import VideoPlayerWindow  # QtMultimedia: only when a video plays

            self._player = VideoPlayerWindow(self, open_url=lambda url: self.open_url(url))
        self._player.open(source, title=title)  # Pictory reports no scene timings for a render: no scene list
        return True

    @Slot()
    def open_preview(self) -> None:
        record = self.selected_record()
        if record is not None and record.kind == "preview" and record.video_url:
            self._open(QUrl(record.video_url), record.video_url, "preview")

    @Slot()
    def render_preview(self) -> None:
        record = self.selected_record()
        if record is not None and record.kind == "preview":
            self.jobs.ask_render_preview(record.job_id)

    @Slot()
    def copy_link(self) -> None:
        record = self.selected_record()
        link = record.share_url or record.video_url if record is not None else None
        if record is not None and link:
            QGuiApplication.clipboard().setText(link)
            self.show_message(
                "The video link was copied. Paste it into an email or chat to share the video.", about=record.job_id
            )

    @Slot()
    def download(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.message.hide()
            self.jobs.download(record.job_id)

    @Slot()
    def cancel_download(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.jobs.cancel_download(record.job_id)
            self.show_message("The download was cancelled and no file was saved.")

    @Slot()
    def open_folder(self) -> None:
        record = self.selected_record()
        if record is not None and record.download_path and Path(record.download_path).exists():
            video = Path(record.download_path)
            # The folder with the video selected, where the system offers it; else the folder.
            self.show_file(
                video, lambda: self._open(QUrl.fromLocalFile(str(video.parent)), str(video.parent), "folder")
            )
            return
        else:
            folder = Path(self.context.settings.get("download_dir"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.show_message(f"The folder {folder} could not be made ({error.strerror}). Choose another in Settings.")
            return
        self._open(QUrl.fromLocalFile(str(folder)), str(folder), "folder")

    def _open(self, url: QUrl, location: str, what: str) -> None:
        """Hand ``url`` to the system; when it cannot open it, say so and offer the path or link to copy."""
        if self.open_url(url):
            return
        if url.isLocalFile():
            app = "a video player" if what == "video" else "a file manager"
            message = (
                f"This computer could not open the {what} (it may have no {app} set up for it). It is here:\n\n"
                f"{location}\n\nCopy the path to open it another way."
            )
        else:
            message = (
                f"This computer could not open a web browser for the {what}. Its address is:\n\n{location}\n\n"
                "Copy the link to open it in a browser yourself."
            )
        if file_dialogs.offer_copy(self, f"Could not open the {what}", message):
            QGuiApplication.clipboard().setText(location)
            self.show_message(f"The {'path' if url.isLocalFile() else 'link'} was copied.")

    @Slot()
    def open_storyboard(self) -> None:
        record = self.selected_record()
        if record is not None and not self.jobs.open_storyboard(record.job_id):
            self.show_message("What was sent for this job was not kept (it was sent by an older version).")

    @Slot()
    def remove_job(self) -> None:
        record = self.selected_record()
        if record is None:
            return
        self.jobs.forget(record.job_id)
        self.show_message(f"“{record.name}” was removed from this list. The video stays in your Pictory account.")

    @Slot()
    def look_for_lost_render(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.jobs.look_for_lost_render(record.job_id)

    @Slot()
    def follow_found_render(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.jobs.follow_found(record.job_id)

    @Slot()
    def watch_again(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.jobs.watch(record.job_id)
            self._update_details()

    @Slot()
    def stop_watching(self) -> None:
        record = self.selected_record()
        if record is not None:
            self.jobs.stop_watching(record.job_id)
            self._update_details()

    @Slot()
    def choose_folder(self) -> None:
        current = str(self.context.settings.get("download_dir"))
        folder = QFileDialog.getExistingDirectory(self, "Choose where to save downloaded videos", current)
        if folder:
            self.set_download_folder(Path(folder))

    def set_download_folder(self, folder: Path) -> None:
        try:
            self.context.settings.set("download_dir", folder)
            self.context.settings.save()
        except (OSError, ValueError) as exc:
            self.show_message(f"The download folder could not be changed ({exc}). Choose another folder.")
            return
        self._update_details()

    # --- messages --------------------------------------------------------------------------------------

    @Slot(str)
    def show_message(self, text: str, *, about: str | None = None) -> None:
        """A sentence under the list; ``about`` names the job it concerns, so it goes when another is selected."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._message_about = about

    @Slot(str, str)
    def _download_finished(self, job_id: str, path: str) -> None:
        self.show_message(f"The video was saved as {path}.")
        self._job_updated(job_id)

    @Slot(str, str)
    def _download_failed(self, _job_id: str, message: str) -> None:
        self.show_message(message)
