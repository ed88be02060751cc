"""AI Studio's side of "Try image": the prompt a try is sent with.

AI Studio (``POST /v1/aistudio/images``) needs a prompt of 5 to 5,000 characters, where a storyboard's AI image
may have none (Pictory then writes one from the story). So a scene without a usable prompt gets a proposal
made from its story, which the user sees and can edit before anything is sent.

The rule (``propose_prompt``): the story with its white space collapsed to single spaces; cut to
``PROPOSAL_LIMIT`` characters at the end of the last whole sentence that fits (else the last whole word, else
hard), leaving room for " in a <style> style" when a style is chosen (the look matters more than a story's
tenth sentence); a trailing full stop dropped (it is a description, not a sentence to read); and, when that is still shorter than AI Studio's minimum ("Hi!"),
"An image for: " in front. ``PROPOSAL_LIMIT`` is the render's own image prompt limit (``promptLimits.image``
in the catalog, 250), far inside AI Studio's 5,000, so the proposal can also be kept as the scene's prompt.
Lengths count UTF-16 units, as Pictory counts prompts (an emoji counts 2).
"""

from __future__ import annotations

import re

from .storyboard import AiImage, Scene
from .text import utf16_length

STUDIO_PROMPT_MIN = 5
STUDIO_PROMPT_MAX = 5000
PROPOSAL_LIMIT = 250  # == catalog promptLimits.image (a test keeps them equal)
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]]*(?=\s|$)")
_PADDING = "An image for: "


def _cut(text: str, limit: int) -> str:
    if utf16_length(text) <= limit:
        return text
    # Cut on characters first (at most `limit` of them), then step back while UTF-16 units overflow.
    head = text[:limit]
    while utf16_length(head) > limit:
        head = head[:-1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends:
        return head[: ends[-1]]
    space = head.rfind(" ")
    return head[:space] if space > 0 else head


def propose_prompt(story: str, style: str | None = None) -> str:
    """A prompt for AI Studio made from a scene's story (see the module's rule); "" when the story is empty."""
    text = " ".join(story.split())
    if not text:
        return ""
    suffix = f" in a {style} style" if style else ""
    body = _cut(text, PROPOSAL_LIMIT - utf16_length(suffix)).rstrip()
    if body.endswith(".") and not body.endswith(".."):
        body = body[:-1].rstrip()
    body += suffix
    if utf16_length(body) < STUDIO_PROMPT_MIN:
        body = _PADDING + body
    return body


def studio_prompt(scene: Scene) -> str | None:
    """The prompt a try of this scene is sent with: the scene's own AI image prompt (or, when its image is
    locked, the prompt of the AI image the lock keeps) when it has at least 5 characters, otherwise the
    proposal from its story; None when there is neither."""
    background = scene.background
    source = background if isinstance(background, AiImage) else scene.locked_from
    own = (source.prompt or "").strip() if source is not None else ""
    if utf16_length(own) >= STUDIO_PROMPT_MIN:
        return own
    proposal = propose_prompt(scene.story_text, source.media_style if source is not None else None)
    return proposal or None
