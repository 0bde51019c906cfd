"""How often an address may fail to sign in, or be sent a password reset email.

Counted in the database, so every web process of a desk shares the count.
Limits are per address, not per network address: behind a proxy every
request would share one, and one noisy office would lock out all the others.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings

from rightdesk.accounts.models import Attempt
from rightdesk.core.clock import now

WINDOW = timedelta(minutes=15)
_KEPT = timedelta(days=1)


def _key(email: str) -> str:
    normal = (email or "").strip().lower().encode("utf-8", "surrogatepass")
    return hashlib.sha256(settings.SECRET_KEY.encode() + b"\0" + normal).hexdigest()


def _limit(kind: str) -> int:
    if kind == Attempt.Kind.LOGIN:
        return int(settings.LOGIN_FAILURES_PER_WINDOW)
    return int(settings.PASSWORD_RESETS_PER_WINDOW)


def attempts_exhausted(kind: str, email: str) -> bool:
    """Whether the address has used up its attempts of this kind for the last WINDOW."""
    since = now() - WINDOW
    recent = Attempt.objects.filter(kind=kind, key=_key(email), created_at__gte=since)
    return recent.count() >= _limit(kind)


def attempt_record(kind: str, email: str) -> None:
    """Count one attempt; attempts older than a day are forgotten on the way."""
    moment = now()
    Attempt.objects.filter(created_at__lt=moment - _KEPT).delete()
    Attempt.objects.create(kind=kind, key=_key(email), created_at=moment)


def attempts_forget(kind: str, email: str) -> None:
    """A successful sign-in starts the count again."""
    Attempt.objects.filter(kind=kind, key=_key(email)).delete()
