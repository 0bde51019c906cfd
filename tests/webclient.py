"""Helpers for the page tests: a logged-in browser-like client for a member."""

from __future__ import annotations

from django.test import Client

from rightdesk.accounts.models import User
from rightdesk.core.models import Workspace
from tests.factories import make_member

PASSWORD = "pw-for-tests-1"


def member_client(workspace: Workspace, role: str = "agent", **kw: object) -> tuple[Client, User]:
    """A client logged in as a new member of the workspace with this role."""
    user = make_member(workspace, role=role, password=PASSWORD)
    client = Client(**kw)  # type: ignore[arg-type]
    client.force_login(user)
    return client, user
