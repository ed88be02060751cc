"""Where a draft's pictures come from: the app's image cache (tries, library images, pictures the scene list has
shown), else their address — fetched without the API key, as the scene list fetches them, and kept in the cache.
One function for every maker of drafts: the window's worker, the ``draft`` command and the sandbox's renders."""

from __future__ import annotations

from ..store.image_cache import ImageCache, NotAPicture
from .encoder import PictureSource


def picture_source(cache: ImageCache, *, offline: bool = False) -> PictureSource:
    """A picture's bytes from ``cache``, else fetched (unless ``offline``) and kept. A fetch that fails raises
    with the sentence the draft's card shows."""

    def picture_for(url: str) -> bytes | None:
        cached = cache.get(url)
        if cached is not None:
            return cached.read_bytes()
        if offline:
            return None
        from ..api.pictures import fetch_picture  # the network stack, only when a picture is not cached

        data = fetch_picture(url)  # PictureFetchError's sentence becomes the card's
        try:
            cache.put(url, data)
        except NotAPicture:
            pass  # the draft says it cannot read it; the cache keeps only whole pictures
        return data

    return picture_for
