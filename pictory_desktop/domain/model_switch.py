"""Draft, then final: replace one AI model by another across the storyboard or the selected scenes
(Video › Switch models…), with the cost before and after, so the user sees the price of the change first.

Rules:

* Image models replace image models and video models replace video models; anything else is a ``ValueError``
  (the dialog offers only models of the same kind).
* Only scene backgrounds are switched, through ``scene_edits.with_model``: a new video model keeps the clip
  length when it offers it, or takes its nearest one (said in ``adjusted``). The AI images and clips of a
  scene's elements and b-roll cuts are kept verbatim by the app, so they are not switched; a selected scene
  whose elements use the old model is listed in ``skipped`` with that reason (its background may still have
  been switched).
* A scene is not switched when the new model cannot make the video's aspect ratio: it is listed in ``skipped``
  with the sentence of the existing check (``checks.check_scene``), so the switch never creates an error.
* A background that could not be read is kept as written (skipped, with the reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalog import AiModel, Catalog, VideoModel
from .checks import check_scene
from .credits import Estimate, estimate
from .scene_edits import with_model
from .storyboard import AiImage, AiVideo, Scene, Storyboard, UnrecognisedBackground

_ASPECT = "aspect-unsupported"


@dataclass(frozen=True)
class SwitchResult:
    storyboard: Storyboard  # the switched storyboard (the same value when nothing changed)
    changed_rows: tuple[int, ...]  # 0-based rows whose background now uses the new model
    cost_before: Estimate
    cost_after: Estimate
    skipped: tuple[tuple[int, str], ...]  # (0-based row, why it was not switched), in row order
    adjusted: tuple[tuple[int, str], ...] = ()  # (0-based row, what else changed: a clip length)

    @property
    def changed(self) -> bool:
        return bool(self.changed_rows)


def _rows(storyboard: Storyboard, rows: Sequence[int] | None) -> list[int]:
    count = len(storyboard.scenes)
    if rows is None:
        return list(range(count))
    for row in rows:
        if not 0 <= row < count:
            raise ValueError(f"There is no scene {row + 1}; the storyboard has {count}.")
    return sorted(set(rows))


def _unrecognised_model(background: UnrecognisedBackground) -> str | None:
    ai = background.raw.get("aiVisual")
    model = ai.get("model") if isinstance(ai, dict) else None
    return model if isinstance(model, str) else None


def switch_models(
    storyboard: Storyboard, from_model: str, to_model: str, rows: Sequence[int] | None, catalog: Catalog
) -> SwitchResult:
    """Every background using ``from_model`` in ``rows`` (0-based; None: every scene) switched to ``to_model``."""
    target = catalog.model(to_model)
    if target is None:
        raise ValueError(f"Pictory has no model called “{to_model}”.")
    source = catalog.model(from_model)
    if source is not None and source.kind != target.kind:
        raise ValueError(
            f"{source.name} makes {source.kind}s and {target.name} makes {target.kind}s: "
            "a model can only be replaced by one of the same kind."
        )
    before = estimate(storyboard, catalog)
    changed: list[int] = []
    skipped: list[tuple[int, str]] = []
    adjusted: list[tuple[int, str]] = []
    scenes = list(storyboard.scenes)
    if from_model != to_model:
        for row in _rows(storyboard, rows):
            scene = scenes[row]
            background = scene.background
            if any(media.model == from_model for media in scene.ai_media):
                skipped.append(
                    (row, f"Scene {row + 1}: the AI media in its overlays are kept as written, so they still use "
                          f"{from_model}; change them in the file.")
                )  # fmt: skip
            if isinstance(background, UnrecognisedBackground) and _unrecognised_model(background) == from_model:
                skipped.append((row, f"Scene {row + 1}: its background could not be read, so it is kept as written."))
                continue
            if not isinstance(background, AiImage | AiVideo) or background.model != from_model:
                continue
            if background.kind != ("ai_image" if target.kind == "image" else "ai_video"):
                what = "an AI image" if isinstance(background, AiImage) else "an AI video clip"
                skipped.append(
                    (row, f"Scene {row + 1} makes {what}; {target.name} makes {target.kind}s, so it was kept.")
                )
                continue
            switched = with_model(scene, to_model, catalog)
            problem = _aspect_problem(switched, row, catalog, storyboard.aspect_ratio)
            if problem is not None:
                skipped.append((row, f"Scene {row + 1}: {problem}"))
                continue
            note = _duration_note(background, switched, target)
            if note is not None:
                adjusted.append((row, f"Scene {row + 1}: {note}"))
            scenes[row] = switched
            changed.append(row)
    after_board = replace(storyboard, scenes=tuple(scenes)) if changed else storyboard
    return SwitchResult(
        storyboard=after_board,
        changed_rows=tuple(changed),
        cost_before=before,
        cost_after=estimate(after_board, catalog) if changed else before,
        skipped=tuple(skipped),
        adjusted=tuple(adjusted),
    )


def _aspect_problem(scene: Scene, row: int, catalog: Catalog, aspect_ratio: str | None) -> str | None:
    """The existing check's sentence when the scene's new model cannot make the video's aspect ratio."""
    model_path = f"scenes[{row}].background.aiVisual.model"
    for finding in check_scene(scene, row, catalog, aspect_ratio):
        if finding.code == _ASPECT and finding.path == model_path:
            return finding.message
    return None


def _duration_note(old: AiImage | AiVideo, scene: Scene, target: AiModel) -> str | None:
    new = scene.background
    if not (isinstance(old, AiVideo) and isinstance(new, AiVideo) and isinstance(target, VideoModel)):
        return None
    if old.duration == new.duration:
        return None
    if old.duration is None:
        return f"the clip length is now {new.duration}."
    return f"{target.name} cannot make {old.duration} clips, so the clip is now {new.duration}."
