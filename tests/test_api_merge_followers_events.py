"""Merging conversations, following them, and reading their audit timeline through the API."""

import pytest

from rightdesk.conversations.actions import message_post
from rightdesk.conversations.models import Conversation
from tests.conftest import ApiClient
from tests.factories import actor_for, make_conversation, make_member, make_token, owner_of

pytestmark = pytest.mark.django_db


def test_merge_moves_messages_and_joins_followers_and_tags(api: ApiClient, workspace) -> None:
    # given
    source = make_conversation(workspace, subject="Parcel lost", email="ann@example.org")
    target = make_conversation(workspace, subject="Order 1001", email="ann@example.org")
    agent, other = make_member(workspace), make_member(workspace)
    api.patch(f"conversations/{source.pk}", {"tags": ["lost"], "followers": [agent.pk]})
    api.patch(f"conversations/{target.pk}", {"tags": ["vip"], "followers": [other.pk]})
    api.post(
        f"conversations/{source.pk}/messages", {"body": "Looking into it.", "direction": "note"}
    )
    # when
    r = api.post(f"conversations/{source.pk}/merge", {"into": target.pk})
    # then
    assert r.status_code == 200, r.content
    merged = r.json()
    assert merged["id"] == target.pk
    assert merged["tags"] == ["lost", "vip"]
    assert merged["followers"] == sorted([agent.pk, other.pk])
    assert merged["message_count"] == 3
    thread = api.get(f"conversations/{target.pk}/messages").json()["items"]
    bodies = [m["body_text"] for m in thread]
    assert "Looking into it." in bodies and len(bodies) == 3
    gone = api.get(f"conversations/{source.pk}").json()
    assert gone["merged_into"] == target.pk
    assert gone["status"] == "closed"
    assert api.get(f"conversations/{source.pk}/messages").json()["items"] == []
    assert source.pk not in [c["id"] for c in api.get("conversations").json()["items"]]


def test_merge_is_audited_on_both_sides(api: ApiClient, workspace) -> None:
    source, target = make_conversation(workspace), make_conversation(workspace)
    api.post(f"conversations/{source.pk}/merge", {"into": target.pk})
    source_events = api.get(f"conversations/{source.pk}/events").json()["items"]
    target_events = api.get(f"conversations/{target.pk}/events").json()["items"]
    assert source_events[-1]["verb"] == "conversation.merged"
    assert source_events[-1]["data"]["into"] == target.pk
    assert source_events[-1]["interface"] == "api"
    assert source_events[-1]["actor"]["id"] == owner_of(workspace).pk
    assert target_events[-1]["verb"] == "conversation.merged_from"
    assert target_events[-1]["data"]["from"] == source.pk


def test_merge_refusals(api: ApiClient, workspace, other_workspace) -> None:
    # given
    a, b = make_conversation(workspace), make_conversation(workspace)
    foreign = make_conversation(other_workspace)
    # then: into itself
    r = api.post(f"conversations/{a.pk}/merge", {"into": a.pk})
    assert (r.status_code, r.json()["code"]) == (422, "merge_into_itself")
    # another workspace's conversation, on either side, does not exist
    assert api.post(f"conversations/{a.pk}/merge", {"into": foreign.pk}).status_code == 404
    assert api.post(f"conversations/{foreign.pk}/merge", {"into": a.pk}).status_code == 404
    # a merged conversation can be neither merged again nor changed
    assert api.post(f"conversations/{a.pk}/merge", {"into": b.pk}).status_code == 200
    for r in (
        api.post(f"conversations/{a.pk}/merge", {"into": b.pk}),
        api.post(f"conversations/{b.pk}/merge", {"into": a.pk}),
        api.patch(f"conversations/{a.pk}", {"status": "open"}),
        api.post(f"conversations/{a.pk}/messages", {"body": "hello?"}),
    ):
        assert (r.status_code, r.json()["code"]) == (409, "conversation_merged")
        assert r.json()["details"] == {"merged_into": b.pk}
    assert Conversation.objects.get(pk=foreign.pk).merged_into_id is None


def test_merge_needs_the_merge_permission(workspace) -> None:
    # given: an agent may edit but not merge
    agent_api = ApiClient(make_token(workspace, make_member(workspace, role="agent")))
    a, b = make_conversation(workspace), make_conversation(workspace)
    # when
    r = agent_api.post(f"conversations/{a.pk}/merge", {"into": b.pk})
    # then
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    champion_api = ApiClient(make_token(workspace, make_member(workspace, role="champion")))
    assert champion_api.post(f"conversations/{a.pk}/merge", {"into": b.pk}).status_code == 200


def test_earlier_merges_follow_to_the_new_target(api: ApiClient, workspace) -> None:
    a, b, c = (make_conversation(workspace) for _ in range(3))
    api.post(f"conversations/{a.pk}/merge", {"into": b.pk})
    api.post(f"conversations/{b.pk}/merge", {"into": c.pk})
    assert api.get(f"conversations/{a.pk}").json()["merged_into"] == c.pk
    assert api.get(f"conversations/{c.pk}").json()["message_count"] == 3


def test_followers_are_set_and_cleared(api: ApiClient, workspace, other_workspace) -> None:
    # given
    conv = make_conversation(workspace)
    ann, bob = make_member(workspace), make_member(workspace)
    outsider = make_member(other_workspace)
    # when / then
    r = api.patch(f"conversations/{conv.pk}", {"followers": [bob.pk, ann.pk, ann.pk]})
    assert r.json()["followers"] == sorted([ann.pk, bob.pk])
    assert api.patch(f"conversations/{conv.pk}", {"followers": [bob.pk]}).json()["followers"] == [
        bob.pk
    ]
    r = api.patch(f"conversations/{conv.pk}", {"followers": [outsider.pk]})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_follower")
    assert api.patch(f"conversations/{conv.pk}", {"followers": []}).json()["followers"] == []
    verbs = [e["verb"] for e in api.get(f"conversations/{conv.pk}/events").json()["items"]]
    assert verbs.count("conversation.followed") == 2
    assert verbs.count("conversation.unfollowed") == 2


def test_events_tell_who_when_what_and_where(api: ApiClient, workspace) -> None:
    # given: a change from the web, one from the API, and a customer's message
    conv = make_conversation(workspace)
    api.patch(f"conversations/{conv.pk}", {"status": "resolved", "priority": "high"})
    message_post(
        actor=actor_for(workspace, interface="email"),
        conversation=Conversation.objects.get(pk=conv.pk),
        direction="in",
        body_text="Still broken!",
    )
    # when
    events = api.get(f"conversations/{conv.pk}/events").json()
    # then
    assert events["next"] is None
    rows = [(e["verb"], e["interface"]) for e in events["items"]]
    assert rows == [
        ("conversation.created", "web"),
        ("message.added", "web"),
        ("conversation.updated", "api"),
        ("conversation.reopened", "email"),
        ("message.added", "email"),
    ]
    updated = events["items"][2]
    assert updated["data"] == {"status": ["new", "resolved"], "priority": ["normal", "high"]}
    assert updated["created_at"]


def test_events_paginate_with_a_cursor(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    for priority in ["high", "low", "urgent", "normal"]:
        api.patch(f"conversations/{conv.pk}", {"priority": priority})
    seen, url = [], f"conversations/{conv.pk}/events?limit=2"
    while url:
        page = api.get(url).json()
        seen += [e["id"] for e in page["items"]]
        url = (
            f"conversations/{conv.pk}/events?limit=2&cursor={page['next']}" if page["next"] else ""
        )
    assert len(seen) == 6 and seen == sorted(seen)
