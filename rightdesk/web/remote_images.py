"""Remote images of a message, shown only when an agent asks, and then through the desk.

Loading a remote image tells its sender who read the message, when and from
where, so the pages' policy lets images load only from the desk. When an agent
asks to see a message's images, each one's address becomes a desk address that
names the message and the image URL, signed with the secret key: the desk
fetches only URLs that it signed, for that message of that workspace, and that
the message really holds, so nobody can make it fetch anything else. The fetch
is guarded like a webhook's (public addresses only, a deadline, a size limit)
and only bitmaps whose first bytes say what they are (PNG, JPEG, GIF, WebP) are
passed on, never SVG or HTML, which could carry script.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from rightdesk.conversations.models import Message
from rightdesk.webhooks.fetch import FetchFailed, url_fetch

MAX_URL_LENGTH = 2000
# Each fetch holds a web worker for up to the deadline: a message cannot ask for more.
MAX_SHOWN = 20
CACHE_SECONDS = 24 * 3600
CACHE_MAX_BYTES = 200 * 1024 * 1024
_SALT = "rightdesk.web.remote-image"
_ACCEPT = "image/png, image/jpeg, image/gif, image/webp"

# The HTML was serialised by nh3 when it was stored: every attribute value is
# double-quoted with `"` escaped, so these patterns see whole attributes.
IMG = re.compile(r"<img((?:\s+[a-zA-Z-]+(?:=\"[^\"]*\")?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([a-zA-Z-]+)=\"([^\"]*)\"")


class ImageRefused(Exception):
    """The image could not be fetched or is not one the desk shows; the text is for a log."""


def remote_src(attributes: str) -> str:
    """The remote http(s) URL an <img>'s attributes point at, unescaped; '' for any other."""
    src = html.unescape(str(dict(ATTRIBUTE.findall(attributes)).get("src", "")))
    if not src.lower().startswith(("http://", "https://")) or len(src) > MAX_URL_LENGTH:
        return ""
    return src


def remote_image_urls(stored_html: str) -> list[str]:
    """Every remote image URL of a message's stored HTML, in order."""
    found = (remote_src(match.group(1)) for match in IMG.finditer(stored_html or ""))
    return [url for url in found if url]


def shown_image_urls(stored_html: str) -> set[str]:
    """The remote image URLs of a message the desk fetches when asked: the first MAX_SHOWN."""
    return set(list(dict.fromkeys(remote_image_urls(stored_html)))[:MAX_SHOWN])


def _signature(message: Message, url: str) -> str:
    value = f"{message.workspace_id}:{message.conversation_id}:{message.pk}:{url}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()


def signature_valid(message: Message, url: str, signature: str) -> bool:
    return constant_time_compare(_signature(message, url), signature)


def desk_url_maker(message: Message, slug: str) -> Callable[[str], str]:
    """For one message: a remote image URL → the signed desk URL that shows it."""
    base = reverse("web:remote_image", args=[slug, message.conversation_id])

    def make(url: str) -> str:
        query = urlencode({"m": message.pk, "u": url, "s": _signature(message, url)})
        return f"{base}?{query}"

    return make


def image_type(head: bytes) -> str:
    """The content type the first bytes show, for the formats a browser shows safely; else ''."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return ""


def remote_image_get(url: str) -> tuple[str, bytes]:
    """(content type, bytes) of the image at `url`, from the cache or fetched; else ImageRefused."""
    path = _cache_dir() / hashlib.sha256(url.encode("utf-8")).hexdigest()
    try:
        if time.time() - path.stat().st_mtime < CACHE_SECONDS:
            body = path.read_bytes()
            if kind := image_type(body[:16]):
                return kind, body
    except OSError:
        pass  # not cached (or no longer)
    try:
        fetched = url_fetch(
            url,
            seconds=settings.REMOTE_IMAGES_SECONDS,
            max_bytes=settings.REMOTE_IMAGES_MAX_BYTES,
            allow_private=settings.REMOTE_IMAGES_ALLOW_PRIVATE,
            accept=_ACCEPT,
        )
    except FetchFailed as exc:
        raise ImageRefused(str(exc)) from exc
    kind = image_type(fetched.body[:16])
    if not kind:
        raise ImageRefused(f"not a PNG, JPEG, GIF or WebP image ({fetched.content_type!r})")
    _cache_put(path, fetched.body)
    return kind, fetched.body


def _cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "remote-images"


def _cache_put(path: Path, body: bytes) -> None:
    """Keep the image for the next look, and the cache under its bound (oldest go first)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".part-", delete=False) as part:
            part.write(body)
        os.replace(part.name, path)
        entries = sorted(
            (entry.stat().st_mtime, entry.stat().st_size, entry.path)
            for entry in os.scandir(path.parent)
            if entry.is_file() and not entry.name.startswith(".")
        )
        total = sum(size for _mtime, size, _path in entries)
        for _mtime, size, name in entries:
            if total <= CACHE_MAX_BYTES:
                break
            os.unlink(name)
            total -= size
    except OSError:
        pass  # a cache that cannot be written only means fetching again
