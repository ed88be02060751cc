"""Field names Pictory knows at each level, and spotting misspellings of them.

The server silently drops fields it does not know, so ``mediastyle`` instead of ``mediaStyle``
renders a video with the wrong look and no error. A name that is *close* to a known one is an
error (it was almost certainly meant); any other unknown name is only advice, because Pictory
documents more fields than this app edits and may add new ones.
"""

from __future__ import annotations

from functools import cache, lru_cache

APP_DATA_KEY = "pictoryDesktop"  # the one app-owned key in a project file; stripped before sending

TOP_LEVEL = frozenset(
    {
        "videoName", "videoDescription", "aspectRatio", "scenes", "language", "voiceOver", "backgroundMusic",
        "logo", "brandId", "brandName", "subtitleStyle", "subtitleStyleId", "subtitleStyleName", "templateId",
        "variables", "webhook", "saveProject", "videoWidth", "videoHeight", "destinations", "introClip",
        "outroClip", "audio", "projectId",
    }
)  # fmt: skip
SCENE = frozenset(
    {
        "story", "createSceneOnEndOfSentence", "createSceneOnNewLine", "background", "minimumDuration",
        "voiceOver", "subtitleStyle", "hideSubtitles", "sceneTransition", "layers", "audio", "id",
    }
)  # fmt: skip
BACKGROUND = frozenset({"type", "visualUrl", "color", "aiVisual", "settings", "loop", "mute"})
AI_VISUAL = frozenset({"prompt", "model", "mediaStyle", "videoDuration"})

# Names so close to a known one that they were meant as it; compared without case and punctuation.
_CUTOFF = 0.8


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@cache
def _folded(known: frozenset[str]) -> dict[str, str]:
    return {_fold(name): name for name in known}


@lru_cache(maxsize=1024)  # difflib takes ~0.1 ms a name, and a storyboard repeats its few unknown names per scene
def probable_meaning(name: str, known: frozenset[str]) -> str | None:
    """The known field ``name`` was probably meant to be, or None when it is not close to any."""
    folded = _folded(known)
    key = _fold(name)
    if key in folded:
        return folded[key]
    import difflib  # only for misspelled names: not worth ~2 ms on every start

    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=_CUTOFF)
    return folded[match[0]] if match else None
