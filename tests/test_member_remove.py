"""Removing a person from a workspace ends their access there, tokens included."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rightdesk.accounts.actions import member_add, member_remove, membership_set, team_create
from rightdesk.accounts.models import ApiToken, Membership, Team
from rightdesk.core.errors import Conflict, NotFound, PermissionDenied
from rightdesk.core.models import AuditEvent, Interface
from tests.conftest import ApiClient, run_cli
from tests.factories import actor_for, make_member, make_token, make_workspace, owner_of

pytestmark = pytest.mark.django_db


def test_removal_revokes_tokens_and_adding_back_does_not_revive_them(workspace) -> None:
    # given
    agent = make_member(workspace, email="tess@example.org")
    old = ApiClient(make_token(workspace, agent))
    elsewhere = make_workspace("Other")
    make_member(elsewhere, email="tess@example.org")
    there = ApiClient(make_token(elsewhere, agent))
    team_create(actor=actor_for(workspace), name="Returns", members=[agent])
    assert old.get("conversations").status_code == 200
    # when
    member_remove(actor=actor_for(workspace), email="Tess@Example.org")
    # then
    assert old.get("conversations").status_code == 401
    assert not Membership.objects.filter(workspace=workspace, user=agent).exists()
    assert not Team.objects.get(workspace=workspace, name="Returns").members.exists()
    assert ApiToken.objects.get(workspace=workspace, user=agent).revoked_at is not None
    event = AuditEvent.objects.get(workspace=workspace, verb="membership.removed")
    assert event.object_id == agent.pk and event.data["tokens_revoked"] == 1
    # their other workspace is not touched
    assert there.get("conversations").status_code == 200
    # and when they are added back, the old token stays dead; a new one works
    member_add(actor=actor_for(workspace), email="tess@example.org", role="agent")
    assert old.get("conversations").status_code == 401
    assert ApiClient(make_token(workspace, agent)).get("conversations").status_code == 200


def test_a_token_older_than_the_membership_is_refused(workspace) -> None:
    """Belt and braces: a token that outlived a removal without being revoked."""
    agent = make_member(workspace, email="ivo@example.org")
    token = ApiClient(make_token(workspace, agent))
    membership = Membership.objects.get(workspace=workspace, user=agent)
    # as if the membership had been removed and made again after the token
    later = ApiToken.objects.get(user=agent).created_at + timedelta(microseconds=1)
    Membership.objects.filter(pk=membership.pk).update(created_at=later)
    assert token.get("conversations").status_code == 401
    # a change of role is not a new membership: tokens live on
    membership_set(actor=actor_for(workspace), user=agent, role="champion")
    fresh = ApiClient(make_token(workspace, agent))
    membership_set(actor=actor_for(workspace), user=agent, role="agent")
    assert fresh.get("conversations").status_code == 200


def test_the_last_owner_stays(workspace) -> None:
    owner = owner_of(workspace)
    with pytest.raises(Conflict) as caught:
        member_remove(actor=actor_for(workspace), email=owner.email)
    assert caught.value.code == "last_owner"
    second = make_member(workspace, role="owner")
    member_remove(actor=actor_for(workspace, owner), email=owner.email)
    assert list(Membership.objects.filter(workspace=workspace).values_list("user", flat=True)) == [
        second.pk
    ]


def test_only_a_manager_removes_people(workspace) -> None:
    agent = make_member(workspace)
    other = make_member(workspace)
    with pytest.raises(PermissionDenied):
        member_remove(actor=actor_for(workspace, agent), email=other.email)
    manager = make_member(workspace, role="manager")
    member_remove(actor=actor_for(workspace, manager), email=other.email)
    with pytest.raises(NotFound):
        member_remove(actor=actor_for(workspace, manager), email=other.email)


def test_the_command(workspace, capsys: pytest.CaptureFixture[str]) -> None:
    agent = make_member(workspace, email="mari@example.org")
    token = ApiClient(make_token(workspace, agent))
    # when
    code, out, _err = run_cli(
        capsys, "member", "remove", "--workspace", workspace.slug, "--email", "mari@example.org"
    )
    # then
    assert code == 0 and "mari@example.org" in out
    assert token.get("conversations").status_code == 401
    assert AuditEvent.objects.get(verb="membership.removed").interface == Interface.CLI
    code, _out, err = run_cli(
        capsys, "member", "remove", "--workspace", workspace.slug, "--email", "mari@example.org"
    )
    assert code == 2 and err.endswith(
        "rightdesk: error: mari@example.org does not belong to this workspace.\n"
    )
    owner = owner_of(workspace)
    code, _out, err = run_cli(
        capsys, "member", "remove", "--workspace", workspace.slug, "--email", owner.email
    )
    assert code == 2 and "last owner" in err


def test_a_person_who_leaves_hands_their_open_work_back(workspace) -> None:
    # given an agent with an open and a resolved conversation, following a third
    from rightdesk.conversations.actions import conversation_update, follower_set
    from rightdesk.conversations.models import Conversation
    from rightdesk.flows.members import member_offboard
    from rightdesk.webhooks.models import Delivery
    from tests.factories import make_conversation, make_webhook

    agent = make_member(workspace, email="leaver@example.org")
    actor = actor_for(workspace)
    open_one, done, watched = (make_conversation(workspace) for _ in range(3))
    conversation_update(actor=actor, conversation=open_one, assignee=agent.pk, status="open")
    conversation_update(actor=actor, conversation=done, assignee=agent.pk, status="resolved")
    follower_set(actor=actor, conversation=watched, user=agent, follow=True)
    make_webhook(workspace, "https://hooks.example.com/desk", events=["conversation.updated"])
    # when they leave
    member_offboard(actor=actor, email="leaver@example.org")
    # then the open one is back in the queue, the resolved one still names who handled it
    assert Conversation.objects.get(pk=open_one.pk).assignee_id is None
    assert Conversation.objects.get(pk=done.pk).assignee_id == agent.pk
    assert not Conversation.objects.get(pk=watched.pk).followers.exists()
    # and integrators heard of both changes
    updated = {d.payload["id"] for d in Delivery.objects.filter(event="conversation.updated")}
    assert updated == {open_one.pk, watched.pk}


def test_the_command_line_hands_open_work_back_too(workspace, capsys) -> None:
    from rightdesk.conversations.actions import conversation_update
    from rightdesk.conversations.models import Conversation
    from tests.factories import make_conversation

    agent = make_member(workspace, email="leaver@example.org")
    conversation = make_conversation(workspace)
    conversation_update(actor=actor_for(workspace), conversation=conversation, assignee=agent.pk)
    code, _out, _err = run_cli(
        capsys, "member", "remove", "--workspace", workspace.slug, "--email", agent.email
    )
    assert code == 0
    assert Conversation.objects.get(pk=conversation.pk).assignee_id is None
