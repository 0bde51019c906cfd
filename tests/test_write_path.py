"""One write path: each action checks the role, decides on fresh rows, emits its events."""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.conversations.actions import (
    conversation_update,
    message_post,
)
from rightdesk.conversations.merge import conversation_merge
from rightdesk.conversations.models import Conversation, Message
from rightdesk.core.clock import now
from rightdesk.core.context import Actor
from rightdesk.core.errors import Conflict, PermissionDenied
from rightdesk.core.models import AuditEvent, Interface
from rightdesk.core.permissions import Role
from rightdesk.customers.actions import customer_create, customer_update
from rightdesk.flows.customers import customer_merge
from rightdesk.webhooks.models import Delivery
from tests.customers_helpers import make_customer
from tests.factories import actor_for, make_conversation, make_member, make_token, make_webhook
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def test_the_follow_button_emits_the_same_event_as_the_api(workspace) -> None:
    # given: an endpoint that wants conversation updates, and an agent at the desk
    make_webhook(workspace, "https://hooks.example.com/desk", events=["conversation.updated"])
    conversation = make_conversation(workspace)
    client, user = member_client(workspace)
    # when: the agent follows the conversation on its page
    r = client.post(f"/w/{workspace.slug}/c/{conversation.pk}/follow/", {"follow": "1"})
    # then: integrators hear about it, with the follower in the payload
    assert r.status_code == 302
    delivery = Delivery.objects.get(workspace=workspace, event="conversation.updated")
    assert delivery.payload["followers"] == [user.pk]


def test_a_webhook_payload_has_the_shape_of_the_api_answer(workspace, api) -> None:
    # given
    make_webhook(workspace, "https://hooks.example.com/desk")
    created = api.post(
        "conversations",
        {"subject": "Squeaky floor", "customer": {"email": "ann@example.org"}, "body": "Hello"},
    ).json()
    # when
    got = api.get(f"conversations/{created['id']}").json()
    sent = Delivery.objects.get(event="conversation.created").payload
    message_sent = Delivery.objects.get(event="message.created").payload
    messages = api.get(f"conversations/{created['id']}/messages").json()
    message_got = messages["items"][0] if isinstance(messages, dict) else messages[0]
    # then: the same fields, and the same values for what a create decides
    assert set(sent) == set(got)
    assert json.loads(json.dumps(sent["customer"])) == got["customer"]
    assert set(message_sent) == set(message_got)
    assert message_sent["conversation"] == created["id"]


ACTIONS_NEEDING = {
    "conversations.reply": lambda actor, conv, other: message_post(
        actor=actor, conversation=conv, direction="out", body_text="Hi"
    ),
    "conversations.edit": lambda actor, conv, other: conversation_update(
        actor=actor, conversation=conv, priority="high"
    ),
    "conversations.merge": lambda actor, conv, other: conversation_merge(
        actor=actor, source=conv, target=other
    ),
    "customers.edit": lambda actor, conv, other: customer_update(
        actor=actor, customer=conv.customer, notes="changed"
    ),
}


@pytest.mark.parametrize("permission", sorted(ACTIONS_NEEDING))
def test_the_action_refuses_a_role_that_lacks_its_permission(workspace, permission) -> None:
    # given: a read-only member, whatever door they come through
    conversation, other = make_conversation(workspace), make_conversation(workspace)
    reader = make_member(workspace, role=Role.READ_ONLY)
    events = AuditEvent.objects.count()
    for interface in (Interface.WEB, Interface.API, Interface.CLI):
        actor = actor_for(workspace, reader, interface=interface)
        # when / then
        with pytest.raises(PermissionDenied):
            ACTIONS_NEEDING[permission](actor, conversation, other)
    assert AuditEvent.objects.count() == events


def test_an_administrator_at_the_command_line_may_make_any_change(workspace) -> None:
    conversation = make_conversation(workspace)
    actor = Actor.system(workspace, Interface.CLI)
    message_post(actor=actor, conversation=conversation, direction="note", body_text="ok")
    conversation_update(actor=actor, conversation=conversation, priority="urgent")
    customer_create(actor=actor, name="Ann", emails=["ann@example.org"])
    assert Conversation.objects.get(pk=conversation.pk).priority == "urgent"


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_following_is_allowed_alike_on_the_page_and_through_the_api(workspace, role) -> None:
    # given
    conversation = make_conversation(workspace)
    client, user = member_client(workspace, role=role)
    token = make_token(workspace, user)
    # when
    page = client.post(f"/w/{workspace.slug}/c/{conversation.pk}/follow/", {"follow": "1"})
    from django.test import Client

    api = Client().patch(
        f"/api/v1/conversations/{conversation.pk}",
        data=json.dumps({"followers": [user.pk]}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    # then: both doors agree
    statuses = (page.status_code, api.status_code)
    assert (page.status_code == 302) == (api.status_code == 200), statuses


def test_a_reply_with_a_stale_conversation_never_lands_in_a_merged_one(workspace) -> None:
    # given: the page loaded the conversation before someone merged it away
    source = make_conversation(workspace, body="First")
    target = make_conversation(workspace, body="Second")
    stale = Conversation.objects.get(pk=source.pk)
    actor = actor_for(workspace)
    conversation_merge(actor=actor, source=source, target=target)
    # when
    with pytest.raises(Conflict) as refused:
        message_post(actor=actor, conversation=stale, direction="out", body_text="Late reply")
    # then
    assert refused.value.code == "conversation_merged"
    assert refused.value.details == {"merged_into": target.pk}
    assert not Message.objects.filter(conversation_id=source.pk).exists()
    assert not Message.objects.filter(body_text="Late reply").exists()


def _reply_sql(workspace, messages: int) -> list[str]:  # type: ignore[no-untyped-def]
    conversation = make_conversation(workspace, body="word0")
    actor = actor_for(workspace)
    for i in range(1, messages):
        Message.objects.create(
            workspace=workspace,
            conversation=conversation,
            direction="in",
            body_text=f"word{i}",
            created_at=now(),
        )
    with CaptureQueriesContext(connection) as ctx:
        message_post(
            actor=actor, conversation=conversation, direction="out", body_text="Reply here"
        )
    return [q["sql"] for q in ctx.captured_queries]


def test_a_reply_costs_the_same_statements_in_a_short_and_a_long_thread(workspace) -> None:
    # given / when
    short = _reply_sql(workspace, 3)
    long = _reply_sql(workspace, 500)
    # then: no statement re-reads the thread's bodies to index the new message
    assert len(short) == len(long)
    assert not [sql for sql in long if "body_text" in sql and sql.lstrip().startswith("SELECT")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_a_customer_merge_locks_each_row_once(workspace) -> None:
    a = make_customer(workspace, name="A", emails=["a@example.org"])
    b = make_customer(workspace, name="B", emails=["b@example.org"])
    with CaptureQueriesContext(connection) as ctx:
        customer_merge(actor=actor_for(workspace), source_id=a.pk, target_id=b.pk)
    locks = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1, locks


def test_no_two_public_functions_share_a_name() -> None:
    defined: dict[str, list[str]] = defaultdict(list)
    package = Path(__file__).resolve().parent.parent / "rightdesk"
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                defined[node.name].append(str(path.relative_to(package)))
    assert {n: p for n, p in defined.items() if len(p) > 1} == {}
