"""AI Studio and upload replies, ImageRequest's checks and find_lost_image, without a network."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from pictory_desktop.api import parsing
from pictory_desktop.api.errors import BadResponse
from pictory_desktop.api.results import AiImagesPage, AiStudioImage, ImageRequest, JobCompleted
from pictory_desktop.api.studio import find_lost_image


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()


def test_a_completed_image_job_carries_its_url_size_and_credits() -> None:
    reply = {"job_id": "j1", "success": True,
             "data": {"status": "completed", "url": "https://cdn/x.png", "width": 1280, "height": 720, "aiCreditsUsed": 2}}  # fmt: skip
    status = parsing.job_status(dumps(reply), "j1")
    assert isinstance(status, JobCompleted) and status.is_image
    assert (status.image_url, status.width, status.height, status.credits_used) == (
        "https://cdn/x.png",
        1280,
        720,
        Decimal(2),
    )


def test_a_completed_render_is_read_as_before() -> None:
    reply = {"success": True, "data": {"status": "completed", "videoURL": "https://cdn/v.mp4", "aiCreditsUsed": 6}}
    status = parsing.job_status(dumps(reply), "j2")
    assert isinstance(status, JobCompleted) and not status.is_image
    assert (status.video_url, status.image_url, status.width) == ("https://cdn/v.mp4", None, None)


@pytest.mark.parametrize("size", [-5, 0, 12.5, True, "wide", 10**9])
def test_a_nonsense_size_is_unknown(size: object) -> None:
    reply = {"success": True, "data": {"status": "completed", "url": "https://cdn/x.png", "width": size}}
    status = parsing.job_status(dumps(reply), "j")
    assert isinstance(status, JobCompleted) and status.width is None


def test_the_image_list_skips_odd_items_and_keeps_the_page_key() -> None:
    reply = {"items": [
        {"id": "a", "url": "https://cdn/a.png", "prompt": "A cat", "model": "nanobanana", "aspectRatio": "1:1",
         "createdDate": "2026-04-04T06:03:38.665Z", "width": 1024, "height": 1024, "style": "cartoon"},
        {"id": "no-url"}, "text", {"url": "https://cdn/no-id.png"},
    ], "nextPageKey": "k2"}  # fmt: skip
    page = parsing.ai_images_page(dumps(reply))
    assert [image.id for image in page.items] == ["a"] and page.next_page_key == "k2"
    assert page.items[0].created == datetime(2026, 4, 4, 6, 3, 38, 665000, tzinfo=UTC)


@pytest.mark.parametrize("body", [b"<html>", b'{"items": "x"}', b"[]"])
def test_an_unreadable_image_list_says_so(body: bytes) -> None:
    with pytest.raises(BadResponse, match="AI Studio images"):
        parsing.ai_images_page(body)


def test_a_signed_upload_needs_both_addresses() -> None:
    good = {"success": True, "data": {"signedUrl": "https://s3/x?sig", "url": "https://cdn/x", "key": "k"}}
    assert parsing.signed_upload(dumps(good)).url == "https://cdn/x"
    with pytest.raises(BadResponse, match="nothing was uploaded"):
        parsing.signed_upload(dumps({"success": True, "data": {"url": "https://cdn/x"}}))


@pytest.mark.parametrize(
    ("prompt", "quote"), [("cat", "at least 5"), ("   cat    ", "at least 5"), ("x" * 5001, "5,001")]
)
def test_an_image_prompt_is_checked_before_sending(prompt: str, quote: str) -> None:
    with pytest.raises(ValueError, match=quote):
        ImageRequest(prompt).body()


def test_an_image_body_holds_only_what_was_given() -> None:
    assert ImageRequest("  A calm lake  ").body() == {"prompt": "A calm lake"}
    assert ImageRequest("A calm lake", model="flux-schnell", aspect_ratio="9:16", style="vintage").body() == {
        "prompt": "A calm lake", "model": "flux-schnell", "aspectRatio": "9:16", "style": "vintage"
    }  # fmt: skip


class Pages:
    def __init__(self, pages: list[list[AiStudioImage]]) -> None:
        self.pages = pages
        self.asked: list[str | None] = []

    def ai_images(self, next_page_key: str | None = None) -> AiImagesPage:
        self.asked.append(next_page_key)
        index = int(next_page_key or 0)
        more = str(index + 1) if index + 1 < len(self.pages) else None
        return AiImagesPage(self.pages[index], more)


SENT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def img(image_id: str, prompt: str, model: str | None, minutes: float) -> AiStudioImage:
    return AiStudioImage(image_id, f"https://cdn/{image_id}.png", prompt, None, model, None, None, None,
                         SENT + timedelta(minutes=minutes))  # fmt: skip


def test_the_lost_image_is_the_newest_match_after_the_send_on_any_page() -> None:
    lister = Pages([[img("other", "A dog", "seedream3.0", 3)], [img("mine", "A cat sat", "seedream3.0", 1)]])
    found = find_lost_image(lister, " A cat sat ", None, SENT)
    assert found is not None and found.id == "mine" and lister.asked == [None, "1"]


def test_an_older_image_with_the_same_prompt_is_not_the_lost_one() -> None:
    lister = Pages([[img("old", "A cat sat", "flux-schnell", -60)], [img("older", "A cat sat", "flux-schnell", -90)]])
    assert find_lost_image(lister, "A cat sat", "flux-schnell", SENT) is None
    assert lister.asked == [None]  # newest first: nothing older is read


def test_another_model_is_not_the_lost_one() -> None:
    lister = Pages([[img("x", "A cat sat", "nanobanana", 1)]])
    assert find_lost_image(lister, "A cat sat", "flux-schnell", SENT) is None
