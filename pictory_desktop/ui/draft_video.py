"""Video › Draft video (free): a draft of the storyboard made on this computer, then played in the app.

The draft is written to the download folder as "<video name> (draft).mp4" (made again, it replaces the last one:
it is a draft), with progress and Cancel in a small window that does not block the editor — the user can go on
working while it encodes. When it is done it plays in the app's player with its scenes, so Go to this scene in the
editor works; where the app cannot play video, the system's player gets it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..domain.describe import format_duration
from ..qt.document import StoryboardDocument
from ..qt.draft_video import DraftMaker
from ..qt.job_workers import safe_file_stem
from ..store.settings import Settings
from . import file_dialogs

if TYPE_CHECKING:
    from ..domain.scene_timeline import SceneBoundary
    from ..draft.encoder import DraftResult

NOT_MADE_TITLE = "Draft not made"
STOPPED = "Draft stopped: nothing was written."


class DraftVideo(QObject):
    def __init__(
        self,
        window: QWidget,
        document: StoryboardDocument,
        drafts: DraftMaker,
        settings: Settings,
        *,
        say: Callable[[str], None],
        play: Callable[[Path, str, list[SceneBoundary]], bool],
        open_url: Callable[[QUrl], bool],
        release: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.say = say
        self.play = play
        self.release = release
        self.document = document
        self.drafts = drafts
        self.settings = settings
        self.open_url = open_url
        self.progress: QProgressDialog | None = None
        self._title = ""
        drafts.progressed.connect(self._progressed)
        drafts.made.connect(self._made)
        drafts.failed.connect(self._failed)
        drafts.stopped.connect(self._stopped)

    def start(self) -> None:
        if self.drafts.busy:
            self.say("A draft is being made: wait for it, or press Cancel in its window.")
            return
        storyboard = self.document.storyboard
        name = storyboard.video_name or (self.document.path.stem if self.document.path else "Untitled video")
        folder = Path(self.settings.get("download_dir"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            file_dialogs.show_error(
                self.window,
                NOT_MADE_TITLE,
                f"The download folder {folder} cannot be used ({exc.strerror or exc}). Choose another in Settings.",
            )
            return
        out = folder / f"{safe_file_stem(name)} (draft).mp4"
        # The last draft may still be open in the player: let go of it, or Windows refuses to replace the file.
        self.release()
        plan = self.drafts.make(storyboard, out)
        self._title = f"{name} (draft)"
        length = format_duration(plan.seconds).removeprefix("≈ ")
        dialog = QProgressDialog(
            f"Making a free draft of “{name}” ({length}) on this computer. You can go on editing.",
            "Cancel",
            0,
            100,
            self.window,
        )
        dialog.setObjectName("draftProgress")
        dialog.setWindowTitle("Draft video")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self.drafts.cancel)
        dialog.show()
        self.progress = dialog

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.drafts.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _progressed(self, percent: int) -> None:
        if self.progress is not None:
            self.progress.setValue(percent)

    def _made(self, result: DraftResult) -> None:
        self._close_progress()
        notes = " ".join(result.notes)
        length = format_duration(result.seconds, approx=False)
        self.say(f"Draft saved as {result.path} ({length}). {notes}".strip())
        scenes: list[SceneBoundary] = [
            (chapter.scene, chapter.part if chapter.parts > 1 else None, chapter.start, chapter.end)
            for chapter in result.chapters
        ]
        if self.play(result.path, self._title, scenes):
            return
        if not self.open_url(QUrl.fromLocalFile(str(result.path))):
            file_dialogs.show_error(
                self.window,
                "Draft made",
                f"The draft is saved as {result.path}, but this computer has no program to play it.",
            )

    def _failed(self, sentence: str) -> None:
        self._close_progress()
        file_dialogs.show_error(self.window, NOT_MADE_TITLE, sentence)

    def _stopped(self) -> None:
        self._close_progress()
        self.say(STOPPED)
