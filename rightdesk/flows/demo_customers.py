"""The demo's customers: names, contact points, organisations, tags, notes, preferences."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import ModuleType

from rightdesk.core.context import Actor
from rightdesk.core.slugs import ascii_slug
from rightdesk.customers.actions import customer_create
from rightdesk.customers.models import Customer

PREFERRED_CHANNELS = ["", "", "email", "email", "phone", "portal", "chat"]


@dataclass(frozen=True)
class DemoCustomer:
    """A customer as the demo writes to them: by first name, in the right grammatical gender."""

    customer: Customer
    first: str
    female: bool
    # How often they write, relative to others: a few write a lot, most now and then.
    weight: float


def _local_part(first: str, last: str) -> str:
    return ascii_slug(first, fallback="x") + "." + ascii_slug(last, fallback="x")


def demo_customers(
    *, actor: Actor, data: ModuleType, rng: random.Random, count: int, before: datetime
) -> list[DemoCustomer]:
    """Create `count` customers through the customer flow (so they are searchable).

    Each has been a customer since some day in the year `before` the demo's conversations.
    """
    # A generator of its own, so the rest of the demo does not change with it.
    since = random.Random(f"rightdesk-demo-{data.LANGUAGE}-since")  # noqa: S311 - demo data
    emails: set[str] = set()
    phones: set[str] = set()
    out = []
    for n in range(count):
        female = rng.random() < 0.5
        first = rng.choice(data.FIRST_NAMES_F if female else data.FIRST_NAMES_M)
        last = rng.choice(data.LAST_NAMES_F if female else data.LAST_NAMES_M)
        local = _local_part(first, last).replace("-", "")
        domain = rng.choice(data.EMAIL_DOMAINS)
        email = f"{local}@{domain}"
        if email in emails:
            email = f"{local}{n}@{domain}"
        emails.add(email)
        customer_phones = []
        if rng.random() < data.PHONE_SHARE:
            r = rng.randint(100, 999)
            phone = data.PHONE_FORMAT.format(r=r, a=(n // 100) % 100, b=n % 100, n=n % 1000)
            if phone not in phones:
                phones.add(phone)
                customer_phones.append(phone)
        organisations = (
            [rng.choice(data.ORGANISATIONS)] if rng.random() < data.ORGANISATION_SHARE else []
        )
        tags = rng.sample(data.CUSTOMER_TAGS, k=rng.choice([0, 0, 1, 1, 2]))
        notes = rng.choice(data.CUSTOMER_NOTES) if rng.random() < 0.3 else ""
        customer = customer_create(
            actor=actor,
            name=f"{first} {last}",
            emails=[email],
            phones=customer_phones,
            organisations=organisations,
            tags=tags,
            notes=notes,
            language=data.LANGUAGE,
            preferred_channel=rng.choice(PREFERRED_CHANNELS),
            timezone=data.TIMEZONE if rng.random() < 0.8 else "",
            at=before - timedelta(days=since.uniform(0, 365), minutes=since.randrange(24 * 60)),
        )
        out.append(
            DemoCustomer(customer=customer, first=first, female=female, weight=(n + 1) ** -0.5)
        )
    return out
