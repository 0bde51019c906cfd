"""One demo conversation at a time: the customer's message, the desk's work, the outcome."""

from __future__ import annotations

import random
import zoneinfo
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any

from rightdesk.accounts.models import Team, User
from rightdesk.conversations.actions import conversation_start, conversation_update, message_post
from rightdesk.conversations.models import Conversation, Direction
from rightdesk.conversations.states import Status
from rightdesk.core.context import Actor
from rightdesk.core.models import Interface, Workspace
from rightdesk.core.permissions import Role
from rightdesk.flows.demo_customers import DemoCustomer

CHANNELS = ["email"] * 6 + ["portal", "portal", "chat", "phone"]
INBOUND_INTERFACE = {"email": Interface.EMAIL, "portal": Interface.WEB, "chat": Interface.WEB}


def status_for(rng: random.Random, age: timedelta) -> str:
    """Young conversations are mostly still being worked on, old ones mostly done."""
    if age < timedelta(days=3):
        weights = {"new": 45, "open": 30, "pending": 15, "resolved": 10, "closed": 0}
    elif age < timedelta(days=14):
        weights = {"new": 8, "open": 22, "pending": 24, "resolved": 36, "closed": 10}
    else:
        weights = {"new": 1, "open": 5, "pending": 6, "resolved": 28, "closed": 60}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class DemoThread:
    """Writes one conversation: the customer's message, the desk's work, the outcome."""

    # The conversation being written and who works on it, set by write().
    conversation: Conversation
    agent: Actor
    channel: str
    female: bool
    values: dict[str, str]

    def __init__(
        self,
        *,
        data: ModuleType,
        rng: random.Random,
        workspace: Workspace,
        users: list[User],
        teams: list[Team],
        end: datetime,
    ) -> None:
        self.data, self.rng, self.workspace, self.end = data, rng, workspace, end
        self.users, self.teams = users, teams
        self.zone = zoneinfo.ZoneInfo(workspace.timezone)
        # Owners and managers answer now and then; agents and champions do most of it.
        self.workers = [
            (p, u)
            for p, u in zip(data.PEOPLE, users, strict=True)
            if p["role"] in (Role.AGENT, Role.CHAMPION)
        ]
        self.leads = [
            (p, u)
            for p, u in zip(data.PEOPLE, users, strict=True)
            if p["role"] in (Role.OWNER, Role.MANAGER)
        ]

    def _fill(self, text: str, **values: str) -> str:
        return text.format(**{**self.values, **values})

    def _later(self, at: datetime, hours: float) -> datetime:
        step = timedelta(hours=self.rng.uniform(0.2, hours))
        # Never in the future: squeeze the rest of a young thread into the time left.
        room = (self.end - at) / 3
        return at + min(step, room)

    def _desk_later(self, at: datetime, hours: float) -> datetime:
        """Like _later, but the desk works from 8:00 to 19:00 in the workspace's time zone."""
        moment = self._later(at, hours)
        local = moment.astimezone(self.zone)
        if 8 <= local.hour < 19:
            return moment
        morning = local.replace(hour=8, minute=0, second=0, microsecond=0)
        if local.hour >= 19:
            morning += timedelta(days=1)
        morning += timedelta(minutes=self.rng.uniform(0, 90))
        return morning if morning <= self.end else moment

    def _customer_says(self, text: str, at: datetime) -> None:
        customer = Actor.system(
            self.workspace, INBOUND_INTERFACE.get(self.channel, Interface.SYSTEM)
        )
        message_post(
            actor=customer,
            conversation=self.conversation,
            direction=Direction.IN,
            body_text=self._fill(text),
            at=at,
        )

    def _agent(self, direction: str, text: str, at: datetime) -> None:
        if direction == Direction.OUT:
            greeting = self.rng.choice(self.data.AGENT_GREETINGS)
            text = f"{greeting}\n\n{text}\n\n{self.rng.choice(self.data.AGENT_SIGNOFFS)}"
        message_post(
            actor=self.agent,
            conversation=self.conversation,
            direction=direction,
            body_text=self._fill(text),
            at=at,
        )

    def _change(self, at: datetime, **changes: Any) -> None:
        self.conversation = conversation_update(
            actor=self.agent, conversation=self.conversation, at=at, **changes
        )

    def _said(self, options: list[str]) -> str:
        """One of the texts this customer could have written (see demo_data on ♀ and ♂)."""
        mine, theirs = ("♀ ", "♂ ") if self.female else ("♂ ", "♀ ")
        text = self.rng.choice([t for t in options if not t.startswith(theirs)] or options)
        return text[2:] if text.startswith((mine, theirs)) else text

    def write(self, *, customers: list[DemoCustomer], start: datetime) -> None:
        rng, data = self.rng, self.data
        topic = rng.choice(data.TOPICS)
        # The n-th reply of a topic answers its n-th question.
        variant = rng.randrange(len(topic["customer"]))
        question = topic["customer"][variant]
        answer = topic["replies"][variant % len(topic["replies"])]
        female = None if question[:2] not in ("♀ ", "♂ ") else question.startswith("♀ ")
        writers = [c for c in customers if female in (None, c.female)] or customers
        customer = rng.choices(writers, weights=[c.weight for c in writers])[0]
        self.female = customer.female
        pool = self.leads if rng.random() < 0.12 else self.workers
        person, user = rng.choice(pool)
        self.agent = Actor(
            workspace=self.workspace, user=user, role=person["role"], interface=Interface.WEB
        )
        self.channel = rng.choice(CHANNELS)
        self.values = {
            "first": customer.first,
            "name": customer.customer.name,
            "agent": person["name"],
            "agent_first": person["name"].split()[0],
            "order": f"{data.NUMBER_PREFIX}{rng.randint(10000, 99999)}",
        }
        status = status_for(rng, self.end - start)
        priority = rng.choices([topic["priority"], "low", "high", "urgent"], weights=[80, 8, 9, 3])[
            0
        ]
        opening = "\n\n".join(
            [rng.choice(data.GREETINGS), self._said([question]), rng.choice(data.SIGNOFFS)]
        )
        self.conversation, _m = conversation_start(
            actor=Actor.system(
                self.workspace, INBOUND_INTERFACE.get(self.channel, Interface.SYSTEM)
            ),
            customer=customer.customer,
            subject=self._fill(self._said(topic["subjects"])),
            body_text=self._fill(opening),
            channel=self.channel,
            at=start,
        )
        at = self._desk_later(start, 6)
        tags = rng.sample(topic["tags"], k=rng.randint(1, len(topic["tags"])))
        team = self.teams[topic["team"] % len(self.teams)]
        if status == Status.NEW:
            if rng.random() < 0.5:
                self._change(at, team=team.pk, tags=tags, priority=priority)
            if rng.random() < 0.3:
                self._customer_says(self._said(topic["followups"] + data.NUDGES), at)
            return
        self._change(
            at,
            status=Status.OPEN,
            assignee=user.pk,
            team=team.pk,
            tags=tags,
            priority=priority,
        )
        if rng.random() < 0.35:
            at = self._desk_later(at, 2)
            self._agent(Direction.NOTE, rng.choice(topic["notes"] + data.NOTES), at)
        at = self._desk_later(at, 8)
        self._agent(Direction.OUT, answer, at)
        if status == Status.PENDING:
            self._change(self._desk_later(at, 1), status=Status.PENDING)
            return
        if status == Status.OPEN:
            if rng.random() < 0.5:
                self._customer_says(self._said(topic["followups"]), self._later(at, 24))
            return
        if rng.random() < 0.4:
            at = self._later(at, 24)
            self._customer_says(self._said(topic["followups"]), at)
            at = self._desk_later(at, 8)
            self._agent(Direction.OUT, rng.choice(data.SECOND_REPLIES), at)
        if rng.random() < 0.6:
            at = self._later(at, 24)
            self._customer_says(self._said(data.THANKS), at)
        at = self._desk_later(at, 4)
        self._change(at, status=Status.RESOLVED)
        if status == Status.CLOSED:
            self._change(self._desk_later(at, 72), status=Status.CLOSED)
