"""Text of a mail part, whatever its declared charset says (or fails to say).

Mail in the desk's languages comes in UTF-8, windows-1251, KOI8-R/U, ISO-8859-15
and -13, and often declares the wrong one or none. A known, fitting declaration
is used; otherwise the bytes decide: valid UTF-8 is UTF-8, text that is mostly
high bytes is Cyrillic (windows-1251 or KOI8 by which half of the high bytes
carries the frequent lowercase letters), and anything else is windows-1252.
Decoding never fails.
"""

from __future__ import annotations

import codecs

# Declarations that say little: the bytes are looked at instead.
_VAGUE = {"", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "unknown-8bit", "x-unknown"}
_LOW = range(0xC0, 0xE0)
_HIGH = range(0xE0, 0x100)


def _codec(declared: str | None) -> str | None:
    name = (declared or "").strip().strip("\"'").lower()
    if name in _VAGUE:
        return None
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_text(data: bytes, declared: str | None) -> str:
    """The part's text; U+FFFD only where no reading of the bytes makes sense."""
    codec = _codec(declared)
    if codec is not None:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass  # declared wrongly: the bytes decide
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(_guess(data), errors="replace")


def _in_runs(data: bytes) -> int:
    """High bytes that stand in runs of three or more: whole words of a Cyrillic text."""
    count = run = 0
    for b in data + b" ":
        if b >= 0x80:
            run += 1
            continue
        if run >= 3:
            count += run
        run = 0
    return count


def _guess(data: bytes) -> str:
    letters = sum(1 for b in data if b >= 0xC0 or 0x41 <= b <= 0x7A)
    eight_bit = sum(1 for b in data if b >= 0x80)
    low = sum(1 for b in data if b in _LOW)
    high = sum(1 for b in data if b in _HIGH)
    cyrillic = letters and (low + high) / letters > 0.3
    # A short header ("Иван <ivan@example.ru>") is mostly ASCII, but its words are whole.
    if cyrillic or (eight_bit and _in_runs(data) * 2 >= eight_bit):
        # Running Cyrillic text is mostly lowercase: windows-1251 puts lowercase
        # at 0xE0-0xFF, KOI8 at 0xC0-0xDF. KOI8-U reads KOI8-R text the same and
        # also has the Ukrainian letters.
        return "windows-1251" if high >= low else "koi8-u"
    # Latin text: windows-1252 uses 0x80-0x9F for its extra letters (Š, ž, €),
    # ISO-8859-15 (Estonian's usual charset) leaves them empty.
    return "windows-1252" if any(0x80 <= b < 0xA0 for b in data) else "iso-8859-15"
