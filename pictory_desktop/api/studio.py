"""AI Studio helpers the command line and the window share: finding a try whose answer was lost.

An image try spends credits, so it is POSTed once and never resent. When its answer is lost (a dropped
connection, a 5xx, an unreadable reply) Pictory may have made the image anyway; the account's image list
(``GET /v1/aistudio/images``, newest first, no job ids) is the read-only place to find it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from .results import AiImagesPage, AiStudioImage

# Pictory's clock and this computer's may disagree by a little; an image dated this much before the send still
# counts as the one sent.
CLOCK_SLACK = timedelta(minutes=5)
MAX_PAGES = 5  # newest first: the try is on the first page unless hundreds of images were made since


class ImageLister(Protocol):
    def ai_images(self, next_page_key: str | None = None) -> AiImagesPage: ...


def find_lost_image(
    client: ImageLister, prompt: str, model: str | None, sent_at: datetime, *, max_pages: int = MAX_PAGES
) -> AiStudioImage | None:
    """The newest image made after ``sent_at`` (timezone-aware) with the same prompt (as sent: stripped) and
    model (None means Pictory's default, seedream3.0), or None. Only reads."""
    wanted_prompt = prompt.strip()
    wanted_model = model or "seedream3.0"
    earliest = sent_at - CLOCK_SLACK
    key: str | None = None
    for _ in range(max_pages):
        page = client.ai_images(key)
        for image in page.items:
            if image.created is not None and image.created < earliest:
                return None  # newest first: everything after this is older still
            if (image.prompt or "").strip() == wanted_prompt and (image.model or "seedream3.0") == wanted_model:
                if image.created is not None:
                    return image
        if not page.next_page_key:
            return None
        key = page.next_page_key
    return None
