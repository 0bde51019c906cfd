"""Showing a message's stored HTML on a page without reaching outside the desk.

The pages' policy lets images load only from the desk, so a remote image in a
customer's HTML would be a broken picture; worse, without the policy it would
tell the sender who read the message, when and from where. It is shown as a
link instead: the agent decides whether to open it (in a new tab, from the
sender's server). Images of the message itself (`cid:`) are left as they are.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# The HTML was serialised by nh3 when it was stored: every attribute value is
# double-quoted with `"` escaped, so these patterns see whole attributes.
_IMG = re.compile(r"<img((?:\s+[a-zA-Z-]+(?:=\"[^\"]*\")?)*)\s*/?>")
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)=\"([^\"]*)\"")


def _as_link(match: re.Match[str]) -> str:
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    src = attributes.get("src", "")
    if not src.lower().startswith(("http://", "https://")):
        return match.group(0)
    alt = html.unescape(attributes.get("alt", "")).strip()
    host = urlsplit(html.unescape(src)).hostname or ""
    label = _("Remote image from %(host)s: %(alt)s") if alt else _("Remote image from %(host)s")
    text = escape(label % {"host": host, "alt": alt})
    return (
        f'<a class="remote-image" href="{src}" target="_blank"'
        f' rel="noopener noreferrer nofollow">{text}</a>'
    )


@register.filter
def remote_images_as_links(stored_html: str) -> SafeString:
    """Stored (already sanitised) message HTML with each remote image turned into a link."""
    return mark_safe(_IMG.sub(_as_link, stored_html or ""))  # noqa: S308 - sanitised on storing
