"""Small builders for test data, all going through the real actions."""

from __future__ import annotations

import itertools
from typing import Any

from rightdesk.accounts.actions import membership_set, token_create, user_ensure, workspace_create
from rightdesk.accounts.models import Membership, User
from rightdesk.conversations.actions import conversation_start
from rightdesk.core.context import Actor
from rightdesk.core.models import Interface, Workspace
from rightdesk.webhooks.actions import endpoint_create
from rightdesk.webhooks.models import Endpoint

_seq = itertools.count(1)


def make_workspace(name: str = "Acme", owner: str | None = None, **kw: Any) -> Workspace:
    return workspace_create(name=name, owner_email=owner or f"owner{next(_seq)}@example.com", **kw)


def owner_of(workspace: Workspace) -> User:
    return User.objects.get(memberships__workspace=workspace, memberships__role="owner")


def actor_for(
    workspace: Workspace, user: User | None = None, interface: str = Interface.WEB
) -> Actor:
    user = user or owner_of(workspace)
    role = Membership.objects.get(workspace=workspace, user=user).role
    return Actor(workspace=workspace, user=user, role=role, interface=interface)


def make_member(
    workspace: Workspace,
    role: str = "agent",
    email: str | None = None,
    password: str = "pw-for-tests-1",
) -> User:
    user = user_ensure(email=email or f"agent{next(_seq)}@example.com", password=password)
    membership_set(actor=actor_for(workspace), user=user, role=role)
    return user


def make_token(workspace: Workspace, user: User | None = None) -> str:
    user = user or owner_of(workspace)
    return token_create(workspace=workspace, email=user.email)[1]


def make_conversation(
    workspace: Workspace,
    subject: str = "Where is my order?",
    body: str = "Hello, my order has not arrived.",
    email: str | None = None,
    **kw: Any,
):  # type: ignore[no-untyped-def]
    conversation, _m = conversation_start(
        actor=actor_for(workspace),
        subject=subject,
        body_text=body,
        customer_email=email or f"customer{next(_seq)}@example.org",
        **kw,
    )
    return conversation


def make_webhook(workspace: Workspace, url: str, events: list[str] | None = None) -> Endpoint:
    return endpoint_create(actor=actor_for(workspace), url=url, events=events)
