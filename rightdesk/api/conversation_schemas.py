"""Shapes of conversations, messages and audit events in API v1, and how rows become them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db.models import Prefetch, QuerySet
from ninja import Field, Schema
from pydantic import ConfigDict

from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.core.models import AuditEvent
from rightdesk.customers.models import ContactPoint

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
TagName = Annotated[str, Field(min_length=1, max_length=60)]


class CustomerRef(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(..., max_length=254, json_schema_extra={"format": "email"})
    name: str = Field("", max_length=200)


class ConversationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field(..., min_length=1, max_length=300)
    customer: CustomerRef
    body: str = Field(..., min_length=1, max_length=200_000)
    channel: Literal["email", "portal", "phone", "api", "chat"] = "api"


class ConversationPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    status: Literal["new", "open", "pending", "resolved", "closed"] | None = None
    priority: Literal["low", "normal", "high", "urgent"] | None = None
    assignee: Id | Literal["me"] | None = Field(
        None, description="A member's user id, \"me\" (the token's owner) or null to unassign."
    )
    tags: list[TagName] | None = Field(None, max_length=50)
    team: Id | None = None
    followers: list[Id] | None = Field(
        None, max_length=100, description="User ids of workspace members; replaces the list."
    )


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    into: Id = Field(..., description="The conversation that receives the messages.")


class PersonOut(Schema):
    id: int
    name: str
    email: str


class ConversationOut(Schema):
    id: int
    subject: str
    status: str
    priority: str
    channel: str
    customer: PersonOut
    assignee: PersonOut | None
    team: int | None
    tags: list[str]
    followers: list[int]
    merged_into: int | None = Field(
        description="Set when this conversation was merged: where its messages went."
    )
    message_count: int
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime


class ConversationPage(Schema):
    items: list[ConversationOut]
    next: str | None


class AttachmentOut(Schema):
    id: int
    filename: str
    size: int
    content_type: str


class AuthorOut(Schema):
    type: Literal["customer", "user", "system"]
    id: int | None
    name: str


class MessageOut(Schema):
    id: int
    direction: Literal["in", "out", "note"]
    author: AuthorOut
    body_text: str
    body_html: str
    attachments: list[AttachmentOut]
    created_at: datetime


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None


class AttachmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    filename: str = Field(..., min_length=1, max_length=255)
    content_type: str = Field("application/octet-stream", max_length=255)
    data_base64: str = Field(
        ...,
        description="The file's bytes in standard base64. The decoded size may not exceed "
        "RIGHTDESK_MAX_ATTACHMENT_BYTES (413 attachment_too_large), and the whole request "
        "may not exceed RIGHTDESK_MAX_REQUEST_BYTES (413 request_too_large).",
    )


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(..., min_length=1, max_length=200_000)
    body_html: str = Field("", max_length=400_000)
    direction: Literal["out", "note", "in"] = Field(
        "out",
        description='"out" replies to the customer, "note" is internal, "in" records the '
        "customer's own message (it reopens a resolved or closed conversation).",
    )
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class EventOut(Schema):
    id: int
    verb: str
    actor: PersonOut | None
    interface: str
    data: dict[str, Any]
    created_at: datetime


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


def person_out(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.name, "email": user.email}


def conversation_queryset() -> QuerySet[Conversation]:
    return Conversation.objects.select_related("customer", "assignee").prefetch_related(
        "tags", "customer__contacts", "followers"
    )


def conversation_out(c: Conversation) -> dict[str, Any]:
    """A conversation read with conversation_queryset()."""
    emails = [p.value for p in c.customer.contacts.all() if p.kind == "email"]
    return _conversation_dict(
        c,
        email=emails[0] if emails else "",
        tags=[t.name for t in c.tags.all()],
        followers=sorted(u.pk for u in c.followers.all()),
    )


def started_conversation_out(c: Conversation) -> dict[str, Any]:
    """A conversation conversation_start has just written: no tags or followers yet.

    One read (the customer's email) instead of conversation_queryset()'s five.
    """
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
        "assignee": person_out(c.assignee),
        "team": c.team_id,
        "tags": tags,
        "followers": followers,
        "merged_into": c.merged_into_id,
        "message_count": c.message_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "last_activity_at": c.last_activity_at,
    }


def messages_of(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author_user", "author_customer").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    )


def message_out(m: Message) -> dict[str, Any]:
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
        "direction": m.direction,
        "author": author,
        "body_text": m.body_text,
        "body_html": m.body_html,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "size": a.size, "content_type": a.content_type}
            for a in m.attachments.all()
        ],
        "created_at": m.created_at,
    }


def event_out(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "verb": e.verb,
        "actor": person_out(e.actor),
        "interface": e.interface,
        "data": e.data if isinstance(e.data, dict) else {"value": e.data},
        "created_at": e.created_at,
    }
