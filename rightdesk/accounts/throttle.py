"""How often an address may fail to sign in, or be sent a password reset email.

Counted in the database, so every web process of a desk shares the count.
Limits are per address, not per network address: behind a proxy every
request would share one, and one noisy office would lock out all the others.
An address is compared as Unicode says to compare identifiers (NFKC, then
case-folded), so `teſs@…`, `TESS@…` and `tess@…` share one count.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction

from rightdesk.accounts.models import Attempt
from rightdesk.core.clock import now

WINDOW = timedelta(minutes=15)
_KEPT = timedelta(days=1)


def _key(email: str) -> str:
    folded = unicodedata.normalize("NFKC", (email or "").strip()).casefold()
    normal = folded.encode("utf-8", "surrogatepass")
    return hashlib.sha256(settings.SECRET_KEY.encode() + b"\0" + normal).hexdigest()


def _keys(addresses: tuple[str, ...]) -> list[str]:
    return sorted({_key(address) for address in addresses})


def _limit(kind: str) -> int:
    if kind == Attempt.Kind.LOGIN:
        return int(settings.LOGIN_FAILURES_PER_WINDOW)
    return int(settings.PASSWORD_RESETS_PER_WINDOW)


def attempts_exhausted(kind: str, *addresses: str) -> bool:
    """Whether any of these addresses has used up its attempts of this kind for the last WINDOW.

    Several addresses: the one typed and those of the people it matched, so that
    no spelling the database finds equal gets a count of its own.
    """
    since = now() - WINDOW
    for key in _keys(addresses):
        recent = Attempt.objects.filter(kind=kind, key=key, created_at__gte=since)
        if recent.count() >= _limit(kind):
            return True
    return False


def attempt_record(kind: str, *addresses: str) -> None:
    """Count one attempt for each address; attempts older than a day are forgotten on the way."""
    moment = now()
    with transaction.atomic():
        Attempt.objects.filter(created_at__lt=moment - _KEPT).delete()
        Attempt.objects.bulk_create(
            [Attempt(kind=kind, key=key, created_at=moment) for key in _keys(addresses)]
        )


def attempts_forget(kind: str, email: str) -> None:
    """A successful sign-in starts the count again."""
    Attempt.objects.filter(kind=kind, key=_key(email)).delete()
