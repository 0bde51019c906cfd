"""Cleaning text that comes from outside: HTML, filenames, header values."""

from __future__ import annotations

import re
import unicodedata

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"alt", "src"},
    "td": {"colspan"},
    "th": {"colspan"},
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(html: str) -> str:
    """Keep formatting, drop scripts, styles, handlers and dangerous URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
    )


def clean_text(text: str) -> str:
    """Plain text without NULs and control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", text)


def clean_filename(name: str, *, fallback: str = "attachment") -> str:
    """A display name that is safe in a Content-Disposition header; never a path."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Every control and format character goes, newlines included: a CR or LF
    # in a header value is refused by Django (a 500), and bidi overrides
    # disguise extensions ("invoice\u202egpj.exe").
    name = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in name
        if ch in "\t\r\n" or not unicodedata.category(ch).startswith("C")
    )
    name = " ".join(name.replace('"', "").split()).strip().strip(".")
    return name[:200] or fallback
