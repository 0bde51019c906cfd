"""The number of queries behind the inbox and a thread does not grow with the rows."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.core.clock import now
from rightdesk.core.models import Tag, Workspace
from rightdesk.customers.models import ContactPoint, Customer
from rightdesk.webhooks.models import Delivery
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_member, make_webhook, owner_of

pytestmark = pytest.mark.django_db


def _bulk_conversations(workspace: Workspace, start: int, n: int) -> None:
    """Rows made straight in the database: only the number of queries is under test here."""
    moment = now()
    tag, _ = Tag.objects.get_or_create(workspace=workspace, name="bulk")
    follower = owner_of(workspace)
    customers = Customer.objects.bulk_create(
        [Customer(workspace=workspace, name=f"Customer {start + i}") for i in range(n)]
    )
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                workspace=workspace, customer=c, kind="email", value=f"c{start + i}@bulk.example"
            )
            for i, c in enumerate(customers)
        ]
    )
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                workspace=workspace,
                subject=f"Bulk {start + i}",
                customer=c,
                assignee=follower,
                message_count=1,
                created_at=moment,
                updated_at=moment,
                last_activity_at=moment - timedelta(seconds=start + i),
            )
            for i, c in enumerate(customers)
        ]
    )
    Conversation.tags.through.objects.bulk_create(
        [Conversation.tags.through(conversation_id=c.pk, tag_id=tag.pk) for c in conversations]
    )
    Conversation.followers.through.objects.bulk_create(
        [
            Conversation.followers.through(conversation_id=c.pk, user_id=follower.pk)
            for c in conversations
        ]
    )


def _bulk_messages(conversation: Conversation, start: int, n: int) -> None:
    moment = now()
    agent = owner_of(conversation.workspace)
    messages = Message.objects.bulk_create(
        [
            Message(
                workspace_id=conversation.workspace_id,
                conversation=conversation,
                direction=["in", "out", "note"][i % 3],
                author_customer=conversation.customer if i % 3 == 0 else None,
                author_user=agent if i % 3 else None,
                body_text=f"Message {start + i}",
                interface="api",
                created_at=moment + timedelta(seconds=start + i),
            )
            for i in range(n)
        ]
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                workspace_id=conversation.workspace_id,
                message=m,
                storage_key=secrets.token_hex(20),
                filename=f"file{m.pk}.txt",
                size=1,
                content_type="text/plain",
                sha256="0" * 64,
            )
            for m in messages
        ]
    )


def _queries(api: ApiClient, url: str) -> tuple[int, Any]:
    api.get(url)  # the first use of a token records last_used_at; that write is not the subject
    with CaptureQueriesContext(connection) as ctx:
        r = api.get(url)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries), r.json()


@pytest.mark.parametrize(
    "url",
    [
        "conversations?limit=200",
        "conversations?limit=200&tag=bulk",
        "conversations?limit=200&assignee=me&status=new",
    ],
)
def test_inbox_queries_do_not_grow_with_conversations(api: ApiClient, workspace, url: str) -> None:
    # given
    _bulk_conversations(workspace, 0, 10)
    few, page = _queries(api, url)
    assert len(page["items"]) == 10
    # when
    _bulk_conversations(workspace, 10, 990)
    many, page = _queries(api, url)
    # then
    assert len(page["items"]) == 200
    assert page["items"][0]["followers"] and page["items"][0]["tags"] == ["bulk"]
    assert many == few


def test_thread_queries_do_not_grow_with_messages(api: ApiClient, workspace) -> None:
    # given: a conversation made through the real flow, with followers set through the API
    conversation = make_conversation(workspace)
    api.patch(f"conversations/{conversation.pk}", {"followers": [make_member(workspace).pk]})
    _bulk_messages(conversation, 0, 10)
    url = f"conversations/{conversation.pk}/messages?limit=200"
    few, page = _queries(api, url)
    assert len(page["items"]) == 11 and page["next"] is None
    # when
    _bulk_messages(conversation, 10, 990)
    many, page = _queries(api, url)
    # then: one full page, oldest first, and the same statements
    thread = page["items"]
    assert len(thread) == 200 and page["next"]
    assert {m["author"]["type"] for m in thread} == {"customer", "user"}
    assert all(len(m["attachments"]) == 1 for m in thread[1:])
    assert many == few


def test_event_timeline_queries_do_not_grow(api: ApiClient, workspace) -> None:
    conversation = make_conversation(workspace)
    few, _page = _queries(api, f"conversations/{conversation.pk}/events")
    for priority in ["high", "low"] * 10:
        api.patch(f"conversations/{conversation.pk}", {"priority": priority})
    many, page = _queries(api, f"conversations/{conversation.pk}/events")
    assert len(page["items"]) == 22
    assert many == few


def _create_queries(api: ApiClient, n: int) -> int:
    body = {"subject": f"Order {n}", "customer": {"email": f"c{n}@new.example"}, "body": "Hello"}
    with CaptureQueriesContext(connection) as ctx:
        r = api.post("conversations", body)
    assert r.status_code == 201, r.content
    return len(ctx.captured_queries)


def test_create_queries_do_not_grow_with_webhooks(api: ApiClient, workspace) -> None:
    # given: two creates (the first use of a token records last_used_at)
    _create_queries(api, 0)
    without = _create_queries(api, 1)
    # when: three endpoints want both events of a create
    for i in range(3):
        make_webhook(workspace, f"https://hooks{i}.example.com/desk")
    with_hooks = _create_queries(api, 2)
    # then: six deliveries more, and the endpoints are read once
    assert Delivery.objects.filter(workspace=workspace).count() == 6
    assert with_hooks == without + 6
