"""Conversations and messages as plain data: the API's answers and the webhooks' payloads.

One shape for both, so an integrator reads the same fields from a webhook as
from a GET of the same object.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.customers.models import ContactPoint


def person_payload(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.name, "email": user.email}


def conversation_queryset() -> QuerySet[Conversation]:
    """Conversations with everything conversation_payload() reads, in five queries."""
    return Conversation.objects.select_related("customer", "assignee").prefetch_related(
        "tags", "customer__contacts", "followers"
    )


def conversation_payload(c: Conversation) -> dict[str, Any]:
    """A conversation read with conversation_queryset()."""
    emails = [p.value for p in c.customer.contacts.all() if p.kind == "email"]
    return _conversation_dict(
        c,
        email=emails[0] if emails else "",
        tags=[t.name for t in c.tags.all()],
        followers=sorted(u.pk for u in c.followers.all()),
    )


def conversation_payload_of(pk: int) -> dict[str, Any]:
    """A conversation's payload read afresh (for an event, after the change)."""
    return conversation_payload(conversation_queryset().get(pk=pk))


def started_conversation_payload(c: Conversation, email: str | None = None) -> dict[str, Any]:
    """A conversation conversation_start has just written: no tags or followers yet.

    At most one read (the customer's email, unless the caller knows it) instead
    of conversation_queryset()'s five.
    """
    if email is None:
        emails = ContactPoint.objects.filter(customer_id=c.customer_id, kind="email")
        email = emails.values_list("value", flat=True).first()
    return _conversation_dict(c, email=email or "", tags=[], followers=[])


def _conversation_dict(
    c: Conversation, *, email: str, tags: list[str], followers: list[int]
) -> dict[str, Any]:
    return {
        "id": c.pk,
        "subject": c.subject,
        "status": c.status,
        "priority": c.priority,
        "channel": c.channel,
        "customer": {"id": c.customer_id, "name": c.customer.name, "email": email},
        "assignee": person_payload(c.assignee),
        "team": c.team_id,
        "tags": tags,
        "followers": followers,
        "merged_into": c.merged_into_id,
        "message_count": c.message_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "last_activity_at": c.last_activity_at,
    }


def message_queryset() -> QuerySet[Message]:
    """Messages with everything message_payload() reads."""
    return Message.objects.select_related("author_user", "author_customer").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    )


def message_payload(m: Message, attachments: list[Attachment] | None = None) -> dict[str, Any]:
    """A message read with message_queryset(), or one just written with these attachments."""
    if m.direction == "in" and m.author_customer is not None:
        author = {"type": "customer", "id": m.author_customer_id, "name": m.author_customer.name}
    elif m.author_user is not None:
        author = {
            "type": "user",
            "id": m.author_user_id,
            "name": m.author_user.name or m.author_user.email,
        }
    else:
        author = {"type": "system", "id": None, "name": ""}
    return {
        "id": m.pk,
        "conversation": m.conversation_id,
        "direction": m.direction,
        "author": author,
        "body_text": m.body_text,
        "body_html": m.body_html,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "size": a.size, "content_type": a.content_type}
            for a in (m.attachments.all() if attachments is None else attachments)
        ],
        "created_at": m.created_at,
    }


def message_payload_of(pk: int) -> dict[str, Any]:
    return message_payload(message_queryset().get(pk=pk))
