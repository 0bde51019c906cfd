"""What an integrator needs in the first hour: ids to discover, "me", the customer's
follow-up, customer search, and a thread a page at a time."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.accounts.actions import team_create
from rightdesk.accounts.models import User
from rightdesk.core.models import Tag, Workspace
from rightdesk.customers.actions import customer_create
from tests.conftest import ApiClient
from tests.factories import actor_for, make_conversation, make_member, make_token, owner_of

pytestmark = pytest.mark.django_db


def _all(api: ApiClient, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url = f"{path}?limit=2"
    while True:
        page = api.get(url).json()
        items += page["items"]
        if page["next"] is None:
            return items
        url = f"{path}?limit=2&cursor={page['next']}"


def test_members_teams_and_tags_can_be_discovered(api: ApiClient, workspace, other_workspace):
    # given
    agent = make_member(workspace, role="agent", email="mari@acme.example")
    reader = make_member(workspace, role="read_only")
    make_member(other_workspace, email="stranger@other.example")
    team_create(actor=actor_for(workspace), name="Returns", members=[agent])
    team_create(actor=actor_for(workspace), name="Accounting")
    team_create(actor=actor_for(other_workspace), name="Theirs")
    conversation = make_conversation(workspace)
    api.patch(f"conversations/{conversation.pk}", {"tags": ["vip", "parquet", "invoice"]})
    Tag.objects.create(workspace=other_workspace, name="secret")
    # when
    members = _all(api, "members")
    teams = _all(api, "teams")
    tags = _all(api, "tags")
    # then
    owner = owner_of(workspace)
    assert members == [
        {"id": owner.pk, "name": owner.name, "email": owner.email, "role": "owner"},
        {"id": agent.pk, "name": "", "email": "mari@acme.example", "role": "agent"},
        {"id": reader.pk, "name": "", "email": reader.email, "role": "read_only"},
    ]
    assert [(t["name"], t["members"]) for t in teams] == [
        ("Accounting", []),
        ("Returns", [agent.pk]),
    ]
    assert [t["name"] for t in tags] == ["invoice", "parquet", "vip"]
    # and a read-only member may read them too
    read_only = ApiClient(make_token(workspace, reader))
    for path in ["members", "teams", "tags"]:
        assert read_only.get(path).status_code == 200


def test_discovered_ids_are_the_ones_the_conversation_takes(api: ApiClient, workspace) -> None:
    # given
    agent = make_member(workspace)
    team_create(actor=actor_for(workspace), name="Returns", members=[agent])
    conversation = make_conversation(workspace)
    member_id = next(m["id"] for m in api.get("members").json()["items"] if m["role"] == "agent")
    team_id = api.get("teams").json()["items"][0]["id"]
    # when
    r = api.patch(f"conversations/{conversation.pk}", {"assignee": member_id, "team": team_id})
    # then
    assert r.status_code == 200, r.content
    assert (r.json()["assignee"]["id"], r.json()["team"]) == (agent.pk, team_id)


def _count(api: ApiClient, url: str) -> tuple[int, Any]:
    api.get(url)  # the first use of a token records last_used_at
    with CaptureQueriesContext(connection) as ctx:
        r = api.get(url)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries), r.json()


def _grow(workspace: Workspace, start: int, n: int) -> None:
    users = User.objects.bulk_create(
        [User(email=f"bulk{start + i}@acme.example") for i in range(n)]
    )
    for u in users:
        make_member_quietly(workspace, u)
    team = team_create(actor=actor_for(workspace), name=f"Team {start}")
    team.members.add(*users)
    for i in range(n - 1):
        team_create(actor=actor_for(workspace), name=f"Team {start}-{i}", members=users[:2])
    Tag.objects.bulk_create([Tag(workspace=workspace, name=f"tag{start + i}") for i in range(n)])


def make_member_quietly(workspace: Workspace, user: User) -> None:
    from rightdesk.accounts.models import Membership

    Membership.objects.create(workspace=workspace, user=user, role="agent")


@pytest.mark.parametrize("path", ["members", "teams", "tags"])
def test_list_queries_do_not_grow_with_rows(api: ApiClient, workspace, path: str) -> None:
    # given
    _grow(workspace, 0, 10)
    few, page = _count(api, f"{path}?limit=500")
    # when
    _grow(workspace, 100, 100)
    many, page = _count(api, f"{path}?limit=500")
    # then
    assert len(page["items"]) >= 100
    assert many == few


def test_assignee_me_on_patch(api: ApiClient, workspace) -> None:
    # given
    conversation = make_conversation(workspace)
    # when
    r = api.patch(f"conversations/{conversation.pk}", {"assignee": "me"})
    # then: the token's owner, as the list filter reads "me"
    assert r.status_code == 200, r.content
    assert r.json()["assignee"]["id"] == owner_of(workspace).pk
    assert [c["id"] for c in api.get("conversations?assignee=me").json()["items"]] == [
        conversation.pk
    ]
    assert api.patch(f"conversations/{conversation.pk}", {"assignee": "you"}).status_code == 422


def test_a_connected_system_adds_the_customers_follow_up(api: ApiClient, workspace) -> None:
    # given: a resolved conversation
    conversation = make_conversation(workspace, customer_name="Anna Kask")
    api.patch(f"conversations/{conversation.pk}", {"status": "resolved"})
    # when
    r = api.post(
        f"conversations/{conversation.pk}/messages",
        {"direction": "in", "body": "It squeaks again."},
    )
    # then: authored by the customer, and the conversation is open again
    assert r.status_code == 201, r.content
    assert r.json()["direction"] == "in"
    assert r.json()["author"] == {
        "type": "customer",
        "id": conversation.customer_id,
        "name": "Anna Kask",
    }
    assert api.get(f"conversations/{conversation.pk}").json()["status"] == "open"
    events = api.get(f"conversations/{conversation.pk}/events").json()["items"]
    reopened = [e for e in events if e["verb"] == "conversation.reopened"]
    assert reopened and reopened[0]["interface"] == "api"
    assert reopened[0]["actor"]["id"] == owner_of(workspace).pk
    # and a read-only token cannot speak for the customer
    reader = ApiClient(make_token(workspace, make_member(workspace, role="read_only")))
    body = {"direction": "in", "body": "x"}
    assert reader.post(f"conversations/{conversation.pk}/messages", body).status_code == 403


def test_customers_are_searched_as_on_the_page(api: ApiClient, workspace, other_workspace):
    # given
    for ws in (workspace, other_workspace):
        customer_create(
            actor=actor_for(ws), name="Мария Иванова", emails=["maria@shop.example"], tags=[]
        )
    customer_create(actor=actor_for(workspace), name="Anna Kask", emails=["anna@example.ee"])
    # when: an inflected form, as on the customers page
    found = api.get("customers?q=Марии").json()["items"]
    # then
    assert [c["name"] for c in found] == ["Мария Иванова"]
    assert api.get("customers?q=kask").json()["items"][0]["emails"] == ["anna@example.ee"]
    assert api.get("customers?q=nothing-like-it").json()["items"] == []
    assert len(api.get("customers?q=").json()["items"]) == 2


def test_a_long_thread_comes_in_pages(api: ApiClient, workspace) -> None:
    # given
    conversation = make_conversation(workspace)
    for i in range(5):
        api.post(f"conversations/{conversation.pk}/messages", {"body": f"Reply {i}"})
    # when
    first = api.get(f"conversations/{conversation.pk}/messages?limit=4").json()
    rest = api.get(
        f"conversations/{conversation.pk}/messages?limit=4&cursor={first['next']}"
    ).json()
    # then: oldest first, nothing twice
    bodies = [m["body_text"] for m in first["items"] + rest["items"]]
    assert bodies[1:] == [f"Reply {i}" for i in range(5)]
    assert rest["next"] is None
    assert api.get(f"conversations/{conversation.pk}/messages?limit=201").status_code == 422
