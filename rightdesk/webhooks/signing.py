"""HMAC signatures on webhook bodies, so a receiver can prove a delivery came from the desk.

Header: `X-Rightdesk-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
The time is signed with the body, so a receiver that refuses old times stops replays.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The header value for this body at this time."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(
    *, secret: str, header: str, body: bytes, max_age: int | None = None, at: float | None = None
) -> bool:
    """What a receiver does: recompute and compare in constant time; optionally refuse old times."""
    try:
        parts = dict(item.strip().split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    if max_age is not None and abs((time.time() if at is None else at) - timestamp) > max_age:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body).split(",v1=", 1)[1]
    return hmac.compare_digest(expected, given)
