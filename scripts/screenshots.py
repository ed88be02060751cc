"""Regenerate docs/screenshots/ from the real window on the built-in sandbox.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py      (or under Xvfb with DISPLAY set)

Everything shown is real: the guide's two-scene storyboard, a render on the local sandbox server, the
dialogs as the app builds them. Nothing is drawn by hand.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
GUIDE = ROOT / "tests" / "unit" / "data" / "guide_example.json"
os.environ.setdefault("PICTORY_DESKTOP_HOME", tempfile.mkdtemp(prefix="pictory-shots-"))
os.environ.pop("PICTORY_API_KEY", None)

from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit, QStyleFactory, QWidget  # noqa: E402

from pictory_desktop.domain.music import NoMusic  # noqa: E402
from pictory_desktop.domain.render_request import RenderRequest  # noqa: E402
from pictory_desktop.qt.context import AppContext, build_context  # noqa: E402
from pictory_desktop.ui import theme  # noqa: E402
from pictory_desktop.ui.batch_dialog import BatchDialog  # noqa: E402
from pictory_desktop.ui.companions import Companions  # noqa: E402
from pictory_desktop.ui.jobs_panel import JobsPanel  # noqa: E402
from pictory_desktop.ui.main_window import MainWindow  # noqa: E402
from pictory_desktop.ui.music_picker import MusicPickerDialog  # noqa: E402
from pictory_desktop.ui.render_dialog import RenderConfirmDialog  # noqa: E402
from pictory_desktop.ui.render_question import RenderQuestion  # noqa: E402
from pictory_desktop.ui.script_dialog import NewFromScriptDialog  # noqa: E402
from pictory_desktop.ui.settings_dialog import SettingsDialog  # noqa: E402
from pictory_desktop.ui.voice_picker import VoicePickerDialog  # noqa: E402

SCRIPT = """## Monday
Wake up to the smell of fresh coffee at Bean There.

Our beans are roasted every Tuesday, in small batches, by Dr. Ana Ruiz and her team.

Visit us at 12 Market St. and try the $4.99 flat white.

Bring a friend: the second cup is on us.

Open every day from 7 a.m. until late."""


def wait_until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(f"wrote docs/screenshots/{name}")


BATCH_TEMPLATE = """{
  "videoName": "Spring sale: {{product}}",
  "aspectRatio": "16:9",
  "scenes": [
    {"story": "Meet {{product}}, now in our {{city}} shop.",
     "background": {"type": "image", "aiVisual": {"model": "flux-schnell", "prompt": "{{product}} on a bright shelf"}}},
    {"story": "Twenty percent off, this week only.", "background": {"color": "#1f2937"}}
  ]
}"""
BATCH_CSV = "product,city,owner\n" + "".join(
    f"{name},{city},Sam\n"
    for name, city in [
        ("Copper kettle", "Leeds"),
        ("Oak chopping board", "York"),
        ("Linen apron", "Bath"),
        ("A " + "very " * 55 + "long product name", "Hull"),
        ("Stoneware mug", "Derby"),
        ("Cast iron pan", "Leeds"),
    ]
)


def shoot_batch(window: MainWindow, context: AppContext) -> None:
    """File › New batch from CSV… with a CSV that has one row with an error, then the batch in the Jobs panel."""
    home = Path(os.environ["PICTORY_DESKTOP_HOME"])
    template, rows = home / "Spring sale template.json", home / "spring-sale.csv"
    template.write_text(BATCH_TEMPLATE, encoding="utf-8")
    rows.write_text(BATCH_CSV, encoding="utf-8")
    window.open_path(template)
    dialog = BatchDialog(window, context, window.document.storyboard, template_path=template)
    dialog.ask_render = lambda *_args: True
    dialog.show()
    dialog.load_csv(rows)
    wait_until(lambda: dialog.loaded is not None)
    save(dialog, "batch-dialog.png")
    dialog.resize(1000, 660)  # as large as it can be on a 1024×700 screen
    save(dialog, "batch-dialog-1024x700.png")
    dialog.render_batch()
    wait_until(lambda: not context.jobs.is_sending_batch, 60)
    wait_until(lambda: "ready" in dialog.cell(0, 4) or "Ready" in dialog.cell(0, 4), 60)
    save(dialog, "batch-dialog-sent.png")
    dialog.close()
    window.jobs_dock.show()
    wait_until(lambda: all(r.status == "completed" for r in context.job_store.list_recent(5)), 60)
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel)
    panel.select_batch(context.job_store.list_batches(1)[0].batch_id)
    save(window, "jobs-batch.png")
    window.resize(1024, 700)
    save(window, "jobs-batch-1024x700.png")
    window.resize(1280, 720)


def pictured_storyboard(context: AppContext) -> Path:
    """A storyboard whose scenes show each kind of picture: tries (sandbox AI Studio PNGs put in the image
    cache, as Try image does; not locked, since the sandbox's http:// address would block Render), a picture URL on the sandbox CDN (fetched, without the key), a
    colour, AI scenes not tried yet, stock footage."""
    import json

    from pictory_desktop.sandbox.picture import placeholder_png
    from pictory_desktop.store.image_cache import ImageCache

    server = context.connection.sandbox_server
    assert server is not None
    cache = ImageCache(Path(context.paths.image_cache_dir))
    tries = []
    for n, (prompt, model) in enumerate(
        [("a lighthouse on a cliff at dawn, warm light", "flux-schnell"), ("a busy harbour market", "seedream3.0")]
    ):
        url = f"{server.cdn_base_url}/images/user/sandbox/shot-{n}.png"
        cache.put(url, placeholder_png(f"shot-{n}", prompt, model, "photorealistic", "16:9"))  # as Try image keeps it
        tries.append((url, prompt))
    server.state.uploads["public/teams/sandbox/brand/team.png"] = (
        "image/png", placeholder_png("team", "our team in the workshop", "upload", "", "16:9"),
    )  # fmt: skip
    picture_url = f"{server.cdn_base_url}/public/teams/sandbox/brand/team.png"

    def ai(model: str, prompt: str) -> dict:
        return {"type": "image", "aiVisual": {"model": model, "prompt": prompt, "mediaStyle": "photorealistic"}}

    scenes = [
        {
            "story": "Every morning the lighthouse keeper climbs 120 steps.",
            "background": ai("flux-schnell", tries[0][1]),
        },
        {"story": "Down in the harbour, the market opens at six.", "background": ai("seedream3.0", tries[1][1])},
        {"story": "Meet the people who make it happen.", "background": {"type": "image", "visualUrl": picture_url}},
        {"story": "Twenty percent off, this week only.", "background": {"color": "#1f6f8b"}},
        {"story": "Fresh fish, straight from the boats.", "background": ai("nanobanana-pro", "fresh fish on ice")},
        {"story": "A walk along the coastline.", "background": {"searchFilter": {"query": "coastline"}}},
        {"story": "Visit us this weekend.", "background": ai("flux-schnell", "")},
    ]
    body = {"videoName": "Harbour week", "aspectRatio": "16:9", "scenes": scenes}
    path = Path(os.environ["PICTORY_DESKTOP_HOME"]) / "Harbour week.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


def shoot_tries(window: MainWindow, context: AppContext) -> None:
    """Scene 2 of the guide tried twice on the sandbox's AI Studio, the second selected: the real flow."""
    from PySide6.QtWidgets import QScrollArea

    from pictory_desktop.api.results import ImageRequest
    from pictory_desktop.qt.image_tries import TryOrder

    window.scene_panel.view.select_rows([1], 1)
    for prompt in ("Professional video editing workspace, warm lighting", "A bright editing suite, two monitors"):
        before = len(window.document.scene(1).tries)
        order = TryOrder(ImageRequest(prompt, model="nanobanana", aspect_ratio="16:9"), 2, Decimal(4), "demo")
        context.image_tries.try_image(order, ("scene", 1))
        wait_until(lambda before=before: len(window.document.scene(1).tries) == before + 1, 60)
    scroll = window.editor.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(window.tries_box)
    save(window, "scene-tries.png")
    for _ in range(2):
        window.document.undo_stack.undo()


def shoot_storyboard(window: MainWindow, context: AppContext) -> None:
    """View › Storyboard view with each kind of picture, at 1280×720 and 1024×700, then the list with them."""
    from decimal import Decimal

    from pictory_desktop.domain.scene_edits import add_try
    from pictory_desktop.domain.storyboard import ImageTry

    window.jobs_dock.hide()  # the batch shots left it open; the cards need the room
    window.open_path(pictured_storyboard(context))
    server = context.connection.sandbox_server
    assert server is not None
    document = window.document
    for row, prompt, model in (
        (0, "a lighthouse on a cliff at dawn, warm light", "flux-schnell"),
        (1, "a busy harbour market", "seedream3.0"),
    ):
        url = f"{server.cdn_base_url}/images/user/sandbox/shot-{row}.png"
        tried = ImageTry(url, 1280, 720, prompt, model, "photorealistic", "16:9", Decimal("0.6"), None, "2026-01-01")
        scene = add_try(document.scene(row), tried)
        document.edit_scene(row, scene, "Try image")
    window.storyboard_view_action.setChecked(True)
    fetched = f"{server.cdn_base_url}/public/teams/sandbox/brand/team.png"
    wait_until(lambda: window.thumbnails.problem(fetched) is None and not window.thumbnails.is_loading(fetched, 176))
    settle(1.0)
    save(window, "storyboard.png")
    window.storyboard_view_action.setChecked(False)  # the list takes its width back
    window.resize(1024, 700)
    settle(0.5)
    window.storyboard_view_action.setChecked(True)  # and the cards widen it as far as the editor allows
    settle(1.0)
    save(window, "storyboard-1024x700.png")
    window.storyboard_view_action.setChecked(False)
    window.resize(1280, 720)
    settle(1.0)
    save(window, "scene-list-pictures.png")


def shoot_draft(window: MainWindow, context: AppContext) -> None:
    """Video › Draft video (free) of the pictured storyboard: one frame of the draft itself, decoded from the MP4
    as a player shows it."""
    import tempfile

    import av
    from PySide6.QtGui import QImage

    folder = Path(tempfile.mkdtemp(prefix="pictory-shots-draft-"))
    context.settings.set("download_dir", folder)
    made: list[object] = []
    context.drafts.made.connect(made.append)
    window.draft_action.trigger()
    wait_until(lambda: bool(made), 120)
    [video] = list(folder.glob("*.mp4"))
    wanted = 2.0  # a second into scene 1: its picture, its words and the draft's label
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= wanted:
                rgb = frame.reformat(format="rgb24")
                plane = rgb.planes[0]
                image = QImage(bytes(plane), rgb.width, rgb.height, plane.line_size, QImage.Format.Format_RGB888)
                image.save(str(OUT / "draft-frame.png"))
                break
    # The player itself is shot under Xvfb (README): offscreen, Qt's video output paints nothing to grab.
    if window.video_player is not None:
        window.video_player.close()
    context.settings.set("download_dir", Path.home() / "Videos")


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setStyle(QStyleFactory.create("Fusion"))
    OUT.mkdir(parents=True, exist_ok=True)
    context = build_context(sandbox=True, poll_interval=0.3)
    # Show the folder a user would see, not this script's temporary home (nothing is downloaded here).
    context.settings.set("download_dir", Path.home() / "Videos")
    window = MainWindow(context, replace(Companions(), ask_render=lambda *a, **k: True))
    window.resize(1280, 720)
    window.show()
    context.start()
    window.connection_started()
    window.open_path(GUIDE)
    wait_until(lambda: context.connection.balance is not None)
    wait_until(lambda: bool(context.account_lists.voices()) and bool(context.account_lists.named("brands")))
    save(window, "editor.png")
    if "--storyboard-only" in sys.argv:
        shoot_storyboard(window, context)
        window.document.undo_stack.setClean()
        window.close()
        return 0

    # The two pickers, as a user sees them after a search and a click on a row.
    voice_picker = VoicePickerDialog(
        context.account_lists,
        window.sample_player,
        None,
        offer_no_narration=True,
        uploads=context.uploads,
        parent=window,
    )
    voice_picker.voice_radio.setChecked(True)
    voice_picker.filter_edit.setText("en")
    voice_picker.list_view.setCurrentIndex(voice_picker.model.index(1, 0))
    voice_picker.show()
    save(voice_picker, "voice-picker.png")
    chosen_voice = voice_picker.choice()
    voice_picker.close()
    music_picker = MusicPickerDialog(
        context.account_lists,
        context.music_search,
        window.sample_player,
        NoMusic(),
        narrated=True,
        uploads=context.uploads,
        parent=window,
    )
    music_picker.track_radio.setChecked(True)
    music_picker.search_edit.setText("calm")
    music_picker.run_search()
    wait_until(lambda: music_picker.model.rowCount() > 0)
    music_picker.list_view.setCurrentIndex(music_picker.model.index(0, 0))
    music_picker.show()
    save(music_picker, "music-picker.png")
    chosen_music = music_picker.choice()
    music_picker.close()
    assert chosen_voice is not None
    window.document.set_video_voice(chosen_voice)
    window.document.set_music(chosen_music)
    save(window, "editor-voice-music.png")
    shoot_tries(window, context)

    script = NewFromScriptDialog(context.catalog, "16:9", text=SCRIPT, voice_speed=100, parent=window)
    script.background_combo.setCurrentIndex(script.background_combo.findData("ai_image"))
    script.model_combo.setCurrentIndex(script.model_combo.findData("flux-schnell"))
    script.name_edit.setText("Coffee week")
    script.show()
    save(script, "new-from-script.png")
    script.close()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()

    scene_list = window.findChild(QAbstractItemView, "sceneList")
    prompt = window.findChild(QPlainTextEdit, "promptEdit")
    assert scene_list is not None and prompt is not None, "the editor's scene list and prompt box are named"
    scene_list.setCurrentIndex(scene_list.model().index(1, 0))
    prompt.setPlainText(prompt.toPlainText() + ", " + "wide shot of a bright open-plan office with plants, " * 4)
    save(window, "editor-error.png")
    window.document.undo_stack.undo()

    dialog = RenderConfirmDialog(
        window,
        RenderQuestion(
            RenderRequest(window.document.storyboard, window.document.estimate(), window.document.path),
            balance=context.connection.balance,
            catalog=context.catalog,
            sandbox=True,
        ),
    )
    dialog.show()
    save(dialog, "render-confirm.png")
    dialog.close()

    window.render_video()
    wait_until(lambda: window.jobs_dock.isVisible())
    wait_until(lambda: any(r.status == "completed" for r in context.job_store.list_recent(5)), 60)
    save(window, "editor-with-renders.png")

    for width, height in ((1024, 700), (1920, 1080)):
        window.resize(width, height)
        save(window, f"editor-with-renders-{width}x{height}.png")
    window.resize(1280, 720)

    settings = SettingsDialog(context, window)
    settings.show()
    save(settings, "settings.png")
    settings.close()

    shoot_batch(window, context)

    window.document.undo_stack.setClean()
    shoot_storyboard(window, context)
    shoot_draft(window, context)
    window.document.undo_stack.setClean()
    window.close()

    # Colours are chosen from the palette when widgets are built, as when the app starts in a dark theme.
    theme.apply_theme(app, "dark")  # as View › Theme › Dark does
    context = build_context(sandbox=True)  # closing the window shut the first one down
    dark = MainWindow(context)
    dark.resize(1280, 720)
    dark.show()
    dark.finish_startup()
    context.start()
    dark.connection_started()
    dark.open_path(GUIDE)
    wait_until(lambda: context.connection.balance is not None)
    wait_until(lambda: bool(context.account_lists.voices()))
    save(dark, "editor-dark.png")
    dark_picker = VoicePickerDialog(
        context.account_lists, dark.sample_player, None, offer_no_narration=True, uploads=context.uploads, parent=dark
    )
    dark_picker.voice_radio.setChecked(True)
    dark_picker.language_combo.setCurrentIndex(dark_picker.language_combo.findData("de"))
    dark_picker.list_view.setCurrentIndex(dark_picker.model.index(0, 0))
    dark_picker.show()
    save(dark_picker, "voice-picker-dark.png")
    dark_picker.close()
    dark.jobs_dock.show()
    for width, height in ((1024, 700), (1920, 1080)):
        dark.resize(width, height)
        save(dark, f"editor-dark-{width}x{height}.png")
    dark.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
