"""The sandbox's AI Studio images, uploads and preview flow, over real HTTP (what the app is tested against)."""

from __future__ import annotations

import struct
import time
import zlib
from decimal import Decimal
from typing import Any

import pytest
import requests

from pictory_desktop.api.client import PictoryClient
from pictory_desktop.api.results import ImageRequest, JobCompleted, JobFailed
from pictory_desktop.sandbox import SandboxServer
from pictory_desktop.sandbox.picture import placeholder_png
from tests.timing import SandboxClock

from .conftest import QUEUE_SECONDS, RENDER_SECONDS, SANDBOX_KEY

DONE = QUEUE_SECONDS + RENDER_SECONDS


def post(sandbox: SandboxServer, path: str, body: Any) -> requests.Response:
    return requests.post(f"{sandbox.base_url}{path}", json=body, headers={"Authorization": SANDBOX_KEY}, timeout=5)


def decode_png(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, raw RGB scanlines with filter bytes) of the sandbox's own PNGs."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, idat = 8, b""
    width = height = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, chunk = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + chunk) & 0xFFFFFFFF == crc
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": "shrt"}, "prompt"),
        ({"prompt": "x" * 5001}, "prompt"),
        ({}, "prompt"),
        ({"prompt": "a calm lake", "model": "dall-e"}, "model"),
        ({"prompt": "a calm lake", "aspectRatio": "4:5"}, "aspectRatio"),
        ({"prompt": "a calm lake", "style": "noir"}, "style"),
        ({"prompt": "a calm lake", "referenceImageUrl": "not a url"}, "referenceImageUrl"),
    ],
)
def test_a_bad_image_request_is_refused_with_the_400_shape(sandbox: SandboxServer, body: Any, field: str) -> None:
    answer = post(sandbox, "/v1/aistudio/images", body)
    assert answer.status_code == 400
    payload = answer.json()
    assert payload["code"] == "INVALID_REQUEST_BODY" and [f["name"] for f in payload["fields"]] == [field]
    assert sandbox.account.job_ids_newest_first() == []


def test_an_image_is_charged_on_completion_as_text_to_image(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    client = PictoryClient(SANDBOX_KEY, sandbox.base_url)
    before = client.quota().balance
    job_id = client.generate_image(ImageRequest("A lighthouse at dawn", model="nanobanana-pro"))
    assert client.job(job_id).__class__.__name__ == "JobInProgress"
    assert client.ai_images().items == []  # listed once made, not before
    assert client.quota().balance == before
    sandbox_clock.advance(DONE)
    status = client.job(job_id)
    assert isinstance(status, JobCompleted)
    assert (status.width, status.height, status.credits_used) == (1024, 1024, Decimal(14))  # 1:1 by default
    assert client.quota().balance == before - 14
    (entry,) = client.credit_usage()
    assert (entry.type, entry.amount, entry.source) == ("debit", Decimal(14), "Text-to-Image")
    (listed,) = client.ai_images().items
    assert (listed.id, listed.model, listed.aspect_ratio, listed.style) == (job_id, "nanobanana-pro", "1:1", None)
    assert "style" not in listed.raw  # only when given, as documented


def test_an_image_the_account_cannot_pay_for_fails_uncharged(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    sandbox.set_credits(limit=Decimal(3))
    client = PictoryClient(SANDBOX_KEY, sandbox.base_url)
    job_id = client.generate_image(ImageRequest("A lighthouse at dawn", model="nanobanana"))
    sandbox_clock.advance(DONE)
    status = client.job(job_id)
    assert isinstance(status, JobFailed) and status.error_code == "INSUFFICIENT_CREDITS"
    assert client.quota().balance == 3 and client.credit_usage() == []


def test_the_image_list_pages_newest_first(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    sandbox.state.images_page_size = 2
    client = PictoryClient(SANDBOX_KEY, sandbox.base_url)
    ids = []
    for n in range(5):
        ids.append(client.generate_image(ImageRequest(f"Picture number {n}", model="flux-schnell")))
        sandbox_clock.advance(0.01)
    sandbox_clock.advance(DONE)
    seen: list[str] = []
    key: str | None = None
    for _ in range(5):
        page = client.ai_images(key)
        seen += [image.id for image in page.items]
        key = page.next_page_key
        if key is None:
            break
    assert seen == ids[::-1]
    bad = requests.get(
        f"{sandbox.base_url}/v1/aistudio/images", params={"nextPageKey": "nope"},
        headers={"Authorization": SANDBOX_KEY}, timeout=5,
    )  # fmt: skip
    assert bad.status_code == 400


def test_each_try_has_its_own_labelled_picture(sandbox: SandboxServer, sandbox_clock: SandboxClock) -> None:
    client = PictoryClient(SANDBOX_KEY, sandbox.base_url)
    first = client.generate_image(ImageRequest("A red bicycle by the sea", model="flux-schnell", aspect_ratio="16:9"))
    second = client.generate_image(ImageRequest("A red bicycle by the sea", model="seedream3.0", aspect_ratio="9:16"))
    sandbox_clock.advance(DONE)
    pictures = []
    for job_id in (first, second):
        status = client.job(job_id)
        assert isinstance(status, JobCompleted) and status.image_url
        answer = requests.get(status.image_url, timeout=5)
        assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/png"
        width, height, raw = decode_png(answer.content)
        assert (width, height) == (status.width, status.height)
        assert len(raw) == height * (1 + width * 3)
        pictures.append(raw[1:4])  # the top-left pixel: the request's colour
    assert pictures[0] != pictures[1]
    assert requests.get(f"{sandbox.cdn_base_url}/images/user/sandbox/unknown.png", timeout=5).status_code == 404


def test_a_full_size_picture_encodes_well_under_a_second() -> None:
    placeholder_png.cache_clear()
    started = time.perf_counter()
    data = placeholder_png("0123456789", "A modern workspace with plants and morning light", "nanobanana", "", "16:9")
    elapsed = time.perf_counter() - started
    assert decode_png(data)[:2] == (1280, 720)
    assert elapsed < 0.5, elapsed  # about 0.02 s on the development machine


def test_a_preview_completes_with_a_preview_url_and_renders(
    sandbox: SandboxServer, sandbox_clock: SandboxClock
) -> None:
    client = PictoryClient(SANDBOX_KEY, sandbox.base_url)
    body = {"videoName": "Preview me", "scenes": [{"story": "Hello there.", "background": {"color": "#112233"}}]}
    preview_id = client.preview(body)
    sandbox_clock.advance(DONE)
    status = client.job(preview_id)
    assert isinstance(status, JobCompleted) and status.video_url is None
    preview_url = status.preview_url
    assert preview_url == status.raw["previewUrl"]
    assert isinstance(preview_url, str) and preview_url.startswith(f"{sandbox.cdn_base_url}/v2/preview/{preview_id}")
    page = requests.get(preview_url, timeout=5)
    assert page.status_code == 200 and "Preview me" in page.text and "Hello there." in page.text
    assert isinstance(status.raw["storyboard"], dict)
    render_id = client.render_preview(preview_id)
    sandbox_clock.advance(DONE)
    rendered = client.job(render_id)
    assert isinstance(rendered, JobCompleted) and rendered.video_url
    assert [r for r in sandbox.requests if r.origin == "cdn" and "Authorization" in r.headers] == []
