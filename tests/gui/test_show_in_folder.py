"""Show in folder selects the video in the file manager (freedesktop's ``org.freedesktop.FileManager1.ShowItems``
on the session bus), and opens the folder when no file manager answers. The file manager here is a real D-Bus
peer on the test's own session bus (scripts/test runs pytest inside dbus-run-session), written with jeepney."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from pictory_desktop.qt.file_manager import FILE_MANAGER, show_file

pytestmark = pytest.mark.gui


SERVE = """
import json, sys
from jeepney import HeaderFields, MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

connection = open_dbus_connection(bus="SESSION")
connection.send_and_get_reply(message_bus.RequestName(sys.argv[1]))
print("ready", flush=True)
while True:
    message = connection.receive()
    header = message.header
    if header.message_type == MessageType.method_call and header.fields.get(HeaderFields.member) == "ShowItems":
        print(json.dumps(list(message.body)), flush=True)
        connection.send(new_method_return(message))
"""


class FakeFileManager:
    """Owns org.freedesktop.FileManager1 on the session bus and answers ShowItems, printing what it was asked.

    Another process, as a real file manager is: QtDBus holds Python's lock while it waits for the reply, so a
    peer in a thread of this process could not answer in time."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([sys.executable, "-c", SERVE, FILE_MANAGER], stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        assert self._process.stdout.readline().strip() == "ready"

    @property
    def shown(self) -> list[list[Any]]:
        """What ShowItems was called with, so far (reads the lines printed since the last look)."""
        assert self._process.stdout is not None
        lines: list[list[Any]] = []
        while select.select([self._process.stdout], [], [], 0.2)[0]:
            line = self._process.stdout.readline()
            if not line:
                break
            lines.append(json.loads(line))
        return lines

    def stop(self) -> None:
        self._process.kill()
        self._process.wait(5)


@pytest.fixture
def file_manager() -> Iterator[FakeFileManager]:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the tests inside dbus-run-session: the session bus must be there")
        pytest.skip("no D-Bus session bus (./scripts/test starts one)")
    manager = FakeFileManager()
    try:
        yield manager
    finally:
        manager.stop()


def test_the_video_is_shown_selected_in_its_folder_and_the_folder_opens_when_no_file_manager_answers(
    qtbot, tmp_path: Path, file_manager: FakeFileManager
) -> None:
    from pictory_desktop.ui.video_player import VideoPlayerWindow

    video = tmp_path / "Autumn launch (draft).mp4"
    video.write_bytes(b"not played here")
    opened: list[QUrl] = []
    player = VideoPlayerWindow(open_url=lambda url: opened.append(url) or True)
    qtbot.addWidget(player)
    player.open(video)

    player.show_in_folder()
    qtbot.wait(300)  # the call does not wait for the file manager; its answer comes back to the event loop
    assert file_manager.shown == [[[QUrl.fromLocalFile(str(video)).toString()], ""]]
    assert opened == []  # the file manager showed it: no second window on the folder

    file_manager.stop()  # no file manager on the bus any more
    refused: list[str] = []
    show_file(video, lambda: refused.append("folder instead"))
    qtbot.waitUntil(lambda: refused == ["folder instead"], timeout=5000)
    player.show_in_folder()
    qtbot.waitUntil(lambda: [url.toLocalFile() for url in opened] == [str(tmp_path)], timeout=5000)
    player.close()
