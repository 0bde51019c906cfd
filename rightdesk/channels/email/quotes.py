"""The part of a reply its author wrote: quoted history and the signature folded away.

The whole text is always kept; this decides only what the thread shows first.
"""

from __future__ import annotations

import re

# A line that introduces the quoted history, in the desk's languages and the
# common clients' wordings.
_ATTRIBUTION = re.compile(
    r"^\s*("
    r"on .{3,200}wrote:\s*$|"
    r".{3,200}\b(пишет|писал|писала|написал|написала|пише|писав|писала|написав|написала|"
    r"kirjutas|kirjutas järgmist)\s*:\s*$|"
    r".{3,200}\bkirjutas\b.{1,200}:\s*$|"
    # Clients that write no verb at all ("7 дек. 2026 г., Anna <anna@example.ee>:").
    r".{3,200}<[^<>@\s]+@[^<>\s]+>\s*:\s*$|"
    r"-{2,}\s*(original message|forwarded message|исходное сообщение|пересылаемое сообщение|"
    r"оригінальне повідомлення|пересланий лист|algne kiri|edastatud kiri)\s*-{2,}\s*$|"
    r"_{10,}\s*$"
    r")",
    re.I,
)
_HEADER_BLOCK = re.compile(r"^\s*(from|от|від|kellelt|saatja)\s*:", re.I)
_HEADER_NEXT = re.compile(
    r"^\s*(sent|date|to|subject|отправлено|дата|надіслано|kuupäev|saadetud)\s*:", re.I
)


def visible_part(text: str) -> str:
    """What the author wrote above the quoted history and the signature; all of it if
    that would leave nothing."""
    lines = text.split("\n")
    cut = len(lines)
    for i, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            cut = i
            break
        if _ATTRIBUTION.match(line):
            cut = i
            break
        if _HEADER_BLOCK.match(line) and any(_HEADER_NEXT.match(n) for n in lines[i + 1 : i + 4]):
            cut = i
            break
        if line.startswith(">") and all(not n.strip() or n.startswith(">") for n in lines[i:]):
            cut = i
            break
    visible = "\n".join(lines[:cut]).strip()
    return visible or text.strip()
