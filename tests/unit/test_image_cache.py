"""The local image cache: hashed names, least recently used out, never a damaged file, a folder that may vanish."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from pictory_desktop.store.image_cache import DEFAULT_CAP_BYTES, ImageCache, NotAPicture, url_key
from pictory_desktop.store.paths import AppPaths

SIGNED = "https://cdn.example.com/images/user/u1/abc.png?Signature=SECRET-TOKEN&Key-Pair-Id=K1"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(padding: int = 0, colour: int = 0) -> bytes:
    """A real 1×1 PNG, made ``padding`` bytes bigger by a text chunk."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(bytes([0, colour, colour, colour])))
    text = _chunk(b"tEXt", b"pad\x00" + b"x" * padding) if padding else b""
    return b"\x89PNG\r\n\x1a\n" + header + text + pixels + _chunk(b"IEND", b"")


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


@pytest.fixture
def cache(tmp_path: Path) -> ImageCache:
    return ImageCache(tmp_path / "images", cap_bytes=10_000, clock=Clock())


def test_put_then_get_gives_the_same_bytes_under_a_name_that_is_only_a_hash(cache: ImageCache):
    path = cache.put(SIGNED, png())
    assert path.read_bytes() == png()
    assert cache.get(SIGNED) == path
    assert path.name == url_key(SIGNED) and len(path.name) == 64
    names = " ".join(p.name for p in cache.folder.iterdir())
    assert "SECRET" not in names and "abc" not in names and "cdn" not in names
    assert cache.get("https://cdn.example.com/other.png") is None


def test_a_file_can_be_put_and_jpeg_gif_and_webp_are_pictures_too(cache: ImageCache, tmp_path: Path):
    source = tmp_path / "download.png"
    source.write_bytes(png(colour=9))
    assert cache.put("https://a/1", source).read_bytes() == png(colour=9)
    assert cache.put("https://a/2", b"\xff\xd8\xff\xe0" + b"j" * 40 + b"\xff\xd9")
    assert cache.put("https://a/3", b"GIF89a" + b"g" * 30 + b";")
    webp = b"WEBPVP8 " + b"w" * 30
    assert cache.put("https://a/4", b"RIFF" + struct.pack("<I", len(webp)) + webp)
    assert all(cache.get(f"https://a/{n}") for n in range(1, 5))


@pytest.mark.parametrize(
    "data",
    [b"", b"<html>Access denied</html>", png()[:-8], b"\xff\xd8\xff\xe0 half a jpeg"],
    ids=["empty", "html", "png-without-IEND", "jpeg-without-EOI"],
)
def test_what_is_not_a_whole_picture_is_refused(cache: ImageCache, tmp_path: Path, data: bytes):
    with pytest.raises(NotAPicture):
        cache.put(SIGNED, data)
    source = tmp_path / "partial.bin"
    source.write_bytes(data)
    with pytest.raises(NotAPicture):
        cache.put(SIGNED, source)
    assert cache.get(SIGNED) is None


def test_a_damaged_or_half_written_file_is_never_returned_and_is_removed(cache: ImageCache):
    path = cache.put(SIGNED, png(padding=500))
    path.write_bytes(png(padding=500)[:300])  # cut short, as a full disk or a crash outside our writer leaves it
    assert cache.get(SIGNED) is None
    assert not path.exists()
    path.write_bytes(b"")
    assert cache.get(SIGNED) is None


def test_an_interrupted_write_leaves_the_old_picture_and_no_file_under_the_name(
    cache: ImageCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache.put(SIGNED, png(colour=1))
    source = tmp_path / "new.png"
    source.write_bytes(png(colour=2))

    def failing_copy(src: object, dst: object, length: int = 0) -> None:
        raise OSError("read error half way")

    monkeypatch.setattr(shutil, "copyfileobj", failing_copy)
    with pytest.raises(OSError, match="half way"):
        cache.put(SIGNED, source)
    monkeypatch.undo()
    got = cache.get(SIGNED)
    assert got is not None and got.read_bytes() == png(colour=1)
    assert [p.name for p in cache.folder.iterdir()] == [url_key(SIGNED)]


def test_least_recently_used_pictures_go_first_when_over_the_cap(cache: ImageCache):
    picture = png(padding=3000)  # ~3 kB each, cap 10 kB: three fit
    for n in range(3):
        cache.put(f"https://a/{n}", picture)
    assert cache.get("https://a/0")  # used again: now the most recent
    cache.put("https://a/3", picture)
    assert cache.get("https://a/1") is None  # the least recently used went
    assert all(cache.get(f"https://a/{n}") for n in (0, 2, 3))
    assert cache.size() <= cache.cap_bytes


def test_evict_to_a_smaller_cap_and_the_newest_stays_even_alone_over_it(cache: ImageCache):
    for n in range(3):
        cache.put(f"https://a/{n}", png(padding=1000))
    freed = cache.evict_to(1500)
    assert freed > 0 and cache.size() <= 1500
    assert cache.get("https://a/2") and cache.get("https://a/0") is None
    big = cache.put("https://a/big", png(padding=20_000))  # bigger than the whole cap
    assert big.exists() and cache.get("https://a/big") == big
    assert cache.get("https://a/2") is None


def test_a_picture_s_scaled_copies_are_named_by_its_hash_and_leave_with_it(cache: ImageCache):
    thumb = cache.thumbnail_path(SIGNED, 160)
    assert thumb.name == f"{url_key(SIGNED)}-160" and thumb.parent == cache.folder
    assert cache.thumbnail_path(SIGNED, 320) != thumb
    with pytest.raises(ValueError):
        cache.thumbnail_path(SIGNED, 0)
    cache.put(SIGNED, png(padding=4000))
    assert cache.get_thumbnail(SIGNED, 160) is None
    assert cache.put_thumbnail(SIGNED, 160, png()) == thumb
    assert cache.get_thumbnail(SIGNED, 160) == thumb
    cache.get_thumbnail(SIGNED, 160)  # the copy was used more recently than its picture
    cache.evict_to(1000)
    assert not thumb.exists() and cache.get(SIGNED) is None


def test_the_folder_deleted_underneath_is_no_picture_and_is_made_again(cache: ImageCache):
    cache.put(SIGNED, png())
    shutil.rmtree(cache.folder)
    assert cache.get(SIGNED) is None
    assert cache.size() == 0 and cache.evict_to(0) == 0
    assert cache.put(SIGNED, png()).exists()


def test_temp_files_of_killed_writes_are_cleared_and_fresh_ones_left(cache: ImageCache):
    cache.put(SIGNED, png())
    stale = cache.folder / f".{url_key(SIGNED)}.abc123.part"
    fresh = cache.folder / f".{url_key(SIGNED)}.def456.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (0, 0))
    cache.evict_to(cache.cap_bytes)
    assert not stale.exists() and fresh.exists()


def test_the_default_cap_and_where_the_cache_lives(tmp_path: Path):
    assert DEFAULT_CAP_BYTES == 500 * 1024 * 1024
    paths = AppPaths.under(tmp_path)
    assert paths.image_cache_dir == tmp_path / "cache" / "images"
    assert ImageCache(paths.image_cache_dir).cap_bytes == DEFAULT_CAP_BYTES
