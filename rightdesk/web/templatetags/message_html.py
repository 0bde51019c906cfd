"""Showing a message's stored HTML on a page without reaching outside the desk.

The pages' policy lets images load only from the desk, so a remote image in a
customer's HTML would be a broken picture; worse, without the policy it would
tell the sender who read the message, when and from where. It is shown as a
link instead: the agent decides whether to open it (in a new tab, from the
sender's server), or asks the desk to show the message's images, which it
then fetches itself (see remote_images.py). Images of the message itself
(`cid:`) are left as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from rightdesk.conversations.models import Message
from rightdesk.web.remote_images import (
    ATTRIBUTE,
    IMG,
    desk_url_maker,
    remote_image_urls,
    remote_src,
    shown_image_urls,
)

register = template.Library()
_SRC = re.compile(r"\ssrc=\"[^\"]*\"")


def _as_link(match: re.Match[str]) -> str:
    src = remote_src(match.group(1))
    if not src:
        return match.group(0)
    alt = html.unescape(dict(ATTRIBUTE.findall(match.group(1))).get("alt", "")).strip()
    host = urlsplit(src).hostname or ""
    label = _("Remote image from %(host)s: %(alt)s") if alt else _("Remote image from %(host)s")
    text = escape(label % {"host": host, "alt": alt})
    return (
        f'<a class="remote-image" href="{escape(src)}" target="_blank"'
        f' rel="noopener noreferrer nofollow">{text}</a>'
    )


def _through_desk(
    desk_url: Callable[[str], str], shown: set[str]
) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        src = remote_src(match.group(1))
        if not src:
            return match.group(0)
        if src not in shown:
            return _as_link(match)
        return _SRC.sub(lambda _m: f' src="{escape(desk_url(src))}"', match.group(0), count=1)

    return replace


@register.filter
def remote_images_as_links(stored_html: str) -> SafeString:
    """Stored (already sanitised) message HTML with each remote image turned into a link."""
    return mark_safe(IMG.sub(_as_link, stored_html or ""))  # noqa: S308 - sanitised on storing


@register.filter
def has_remote_images(message: Message) -> bool:
    return bool(message.body_html) and bool(remote_image_urls(message.body_html))


@register.simple_tag
def message_body_html(message: Message, slug: str, shown: int | None) -> SafeString:
    """The message's stored HTML; its remote images through the desk if the agent asked."""
    if shown != message.pk:
        return remote_images_as_links(message.body_html)
    replace = _through_desk(desk_url_maker(message, slug), shown_image_urls(message.body_html))
    return mark_safe(IMG.sub(replace, message.body_html or ""))  # noqa: S308 - sanitised on storing
