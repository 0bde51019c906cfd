"""/api/v1/members, /teams and /tags: the ids an integrator needs to assign, route and label."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params.functions import Query

from rightdesk.accounts.models import Membership, Team
from rightdesk.accounts.queries import memberships_of, teams_with_members
from rightdesk.api.common import ERRORS, actor_for
from rightdesk.conversations.queries import tags_of
from rightdesk.core.cursor import cursor_page
from rightdesk.core.models import Tag

router = Router(tags=["workspace"])

Cursor = Query(None, max_length=1000)
Limit = Query(100, ge=1, le=500)


class MemberOut(Schema):
    id: int
    name: str
    email: str
    role: Literal["owner", "manager", "champion", "agent", "read_only"]


class MemberPage(Schema):
    items: list[MemberOut]
    next: str | None


class TeamOut(Schema):
    id: int
    name: str
    members: list[int]


class TeamPage(Schema):
    items: list[TeamOut]
    next: str | None


class TagOut(Schema):
    id: int
    name: str


class TagPage(Schema):
    items: list[TagOut]
    next: str | None


def member_out(m: Membership) -> dict[str, Any]:
    return {"id": m.user_id, "name": m.user.name, "email": m.user.email, "role": m.role}


def team_out(t: Team) -> dict[str, Any]:
    return {"id": t.pk, "name": t.name, "members": sorted(u.pk for u in t.members.all())}


def tag_out(t: Tag) -> dict[str, Any]:
    return {"id": t.pk, "name": t.name}


@router.get(
    "members",
    response={200: MemberPage, **ERRORS},
    description="The people who work in the workspace, by user id: the ids that `assignee`"
    " and `followers` take.",
)
def list_members(
    request: HttpRequest, cursor: str | None = Cursor, limit: int = Limit
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    rows, after = cursor_page(
        memberships_of(actor.workspace),
        keys=("user_id",),
        kinds=(int,),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [member_out(m) for m in rows], "next": after}


@router.get(
    "teams",
    response={200: TeamPage, **ERRORS},
    description="The workspace's teams by name, with their members' user ids: the ids that"
    " a conversation's `team` and the `team` filter take.",
)
def list_teams(
    request: HttpRequest, cursor: str | None = Cursor, limit: int = Limit
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    rows, after = cursor_page(
        teams_with_members(actor.workspace),
        keys=("name", "id"),
        kinds=(str, int),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [team_out(t) for t in rows], "next": after}


@router.get(
    "tags",
    response={200: TagPage, **ERRORS},
    description="The workspace's tags by name, shared by customers and conversations.",
)
def list_tags(
    request: HttpRequest, cursor: str | None = Cursor, limit: int = Limit
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    rows, after = cursor_page(
        tags_of(actor.workspace), keys=("name", "id"), kinds=(str, int), cursor=cursor, limit=limit
    )
    return {"items": [tag_out(t) for t in rows], "next": after}
