"""Opaque page cursors for the lists: a base64 of the keyset values of the last row."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any


def cursor_encode(*values: Any) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ValueError("bad cursor") from exc
    if not isinstance(values, list) or len(values) != 2:
        raise ValueError("bad cursor")
    pk = values[1]
    if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**62:
        raise ValueError("bad cursor")
    return values


def activity_cursor_decode(cursor: str) -> tuple[datetime, int]:
    """(last activity, id) from an inbox cursor; ValueError when it was not one of ours."""
    moment_text, pk = _decode(cursor)
    if not isinstance(moment_text, str):
        raise ValueError("bad cursor")
    moment = datetime.fromisoformat(moment_text)
    if moment.tzinfo is None:
        raise ValueError("bad cursor")
    return moment, pk


def name_cursor_decode(cursor: str) -> tuple[str, int]:
    """(name, id) from a customer-list cursor; ValueError when it was not one of ours."""
    name, pk = _decode(cursor)
    if not isinstance(name, str) or len(name) > 200:
        raise ValueError("bad cursor")
    return name, pk
