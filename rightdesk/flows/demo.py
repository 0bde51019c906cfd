"""The demo workspaces that `rightdesk demo` and `make run` create.

Four believable desks, one per language, written through the same actions and
flows as real work, so the search index and the audit trail are what they would
be. Everything is drawn from a random generator seeded per language: a rerun
(or another machine) gets the same people, customers and threads.
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta
from types import ModuleType

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from rightdesk.accounts.actions import (
    membership_set,
    team_create,
    user_ensure,
    user_set_language,
    workspace_create,
)
from rightdesk.accounts.models import User
from rightdesk.core.clock import now
from rightdesk.core.context import Actor
from rightdesk.core.models import Interface, Workspace
from rightdesk.core.permissions import Role
from rightdesk.flows.demo_customers import demo_customers
from rightdesk.flows.demo_data import en, et, ru, uk
from rightdesk.flows.demo_threads import DemoThread

DEMO_PASSWORD = "demo-desk-2026"
DATASETS: tuple[ModuleType, ...] = (en, ru, uk, et)
DAYS = 90
# How many people write at each hour of their day, midnight first.
HOURLY = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 12, 13, 13, 12, 11, 10, 9, 8, 7, 5, 3, 2]


def demo_ensure(
    *,
    progress: bool = False,
    conversations_per_workspace: int = 1000,
    customers_per_workspace: int = 200,
) -> list[Workspace]:
    """Create the demo workspaces that do not exist yet; returns those it created.

    Each workspace is written in one transaction: an interrupted run leaves
    either a whole demo workspace or none, and the next run finishes the job.
    """
    todo = [d for d in DATASETS if not Workspace.objects.filter(slug=d.SLUG).exists()]
    if not todo:
        return []
    # Hashing is slow on purpose; everyone in the demo shares one password.
    password_hash = make_password(DEMO_PASSWORD)
    end = now()
    created = []
    for data in todo:
        with tqdm(
            total=conversations_per_workspace, desc=data.SLUG, unit="conv", disable=not progress
        ) as bar:
            created.append(
                _workspace(
                    data,
                    password_hash=password_hash,
                    customers=customers_per_workspace,
                    conversations=conversations_per_workspace,
                    end=end,
                    tick=bar.update,
                )
            )
    return created


def logins() -> list[str]:
    """Who can log in to the demo workspaces that exist, and with which password."""
    slugs = [data.SLUG for data in DATASETS]
    existing = set(Workspace.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    lines = []
    for data in DATASETS:
        if data.SLUG not in existing:
            continue
        shown = [p for p in data.PEOPLE if p["role"] in (Role.OWNER, Role.AGENT)][:2]
        for person in shown:
            lines.append(
                _("%(workspace)s (%(slug)s), %(role)s: %(email)s / %(password)s")
                % {
                    "workspace": data.WORKSPACE,
                    "slug": data.SLUG,
                    "role": Role(person["role"]).label,
                    "email": _email(data, person["email"]),
                    "password": DEMO_PASSWORD,
                }
            )
    if not lines:
        lines.append(_("There are no demo workspaces yet: run “rightdesk demo” first."))
    return lines


def _email(data: ModuleType, local: str) -> str:
    return f"{local}@{data.DOMAIN}"


@transaction.atomic
def _workspace(
    data: ModuleType,
    *,
    password_hash: str,
    customers: int,
    conversations: int,
    end: datetime,
    tick: Callable[[int], object],
) -> Workspace:
    rng = random.Random(f"rightdesk-demo-{data.LANGUAGE}")  # noqa: S311 - demo data, not secrets
    people = data.PEOPLE
    users: list[User] = []
    for person in people:
        user = user_ensure(
            email=_email(data, person["email"]), name=person["name"], password_hash=password_hash
        )
        if user.language != data.LANGUAGE:
            user_set_language(user=user, language=data.LANGUAGE)
        users.append(user)
    workspace = workspace_create(
        name=data.WORKSPACE,
        owner_email=users[0].email,
        language=data.LANGUAGE,
        timezone=data.TIMEZONE,
        slug=data.SLUG,
    )
    actor = Actor(workspace=workspace, user=users[0], role=Role.OWNER, interface=Interface.SYSTEM)
    for person, user in zip(people[1:], users[1:], strict=True):
        membership_set(actor=actor, user=user, role=person["role"])
    teams = [
        team_create(
            actor=actor,
            name=name,
            members=[u for p, u in zip(people, users, strict=True) if i in p["teams"]],
        )
        for i, name in enumerate(data.TEAMS)
    ]
    folks = demo_customers(
        actor=actor, data=data, rng=rng, count=customers, before=end - timedelta(days=DAYS)
    )
    moments = sorted(_moment(rng, end, data.TIMEZONE) for _n in range(conversations))
    thread = DemoThread(data=data, rng=rng, workspace=workspace, users=users, teams=teams, end=end)
    for moment in moments:
        thread.write(customers=folks, start=moment)
        tick(1)
    return workspace


def _moment(rng: random.Random, end: datetime, timezone: str) -> datetime:
    """A time in the last DAYS days when people write: mostly by day, rarely at night."""
    local = (end - timedelta(days=rng.uniform(0, DAYS - 1))).astimezone(zoneinfo.ZoneInfo(timezone))
    hour = rng.choices(range(24), weights=HOURLY)[0]
    moment = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
    return moment if moment <= end else moment - timedelta(days=1)
