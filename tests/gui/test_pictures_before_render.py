"""Before a render spends: the pictures it names must be ones Pictory can fetch (issue 14).

A picture tried or uploaded in the sandbox lives on this computer; rendered with a real account, Pictory would
make the video without it. The window says so and keeps Render off, and says nothing in the sandbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from pictory_desktop.domain.scene_edits import add_try, lock_image
from pictory_desktop.domain.storyboard import ImageTry

pytestmark = pytest.mark.gui

SANDBOX_TRY = "http://127.0.0.1:40111/cdn/aistudio/img-7.png"


def lock_sandbox_try(window, row: int) -> None:
    scene = window.document.scene(row)
    tried = ImageTry(SANDBOX_TRY, 1280, 720, "A sunlit desk", "nanobanana", None, "16:9", Decimal(4), "j", "2026-12-01")
    window.document.edit_scene(row, lock_image(add_try(scene, tried), tried), "Use this image")


def test_a_sandbox_picture_keeps_render_off_for_an_account_and_not_in_the_sandbox(make_window, guide_file, qtbot):
    window, context, _companions = make_window(guide_file)
    render = window.findChild(QPushButton, "renderButton")
    reason = window.findChild(QLabel, "renderReasonLabel")
    lock_sandbox_try(window, 1)
    assert render.isEnabled() and reason.text() == ""  # in the sandbox the sandbox can fetch it

    context.connection.mode = "pictory"
    context.connection.modeChanged.emit("pictory")
    assert not render.isEnabled()
    assert reason.text().startswith("Render is off until this is fixed: Scene 2")
    assert "kept by the sandbox on this computer" in reason.text()
    window.scene_panel.view.select_rows([1], 1)
    assert any("try the image again with your account" in f.message for f in window.document.scene_findings(1))

    context.connection.mode = "sandbox"
    context.connection.modeChanged.emit("sandbox")
    assert render.isEnabled() and reason.text() == ""
