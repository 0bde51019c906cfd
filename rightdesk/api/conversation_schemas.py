"""Shapes of conversations, messages and audit events in API v1, and how rows become them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictInt

from rightdesk.conversations.payloads import person_payload
from rightdesk.core.models import AuditEvent

# Strict: JSON true is not the id 1.
Id = Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]
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
    conversation: int
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


def event_out(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "verb": e.verb,
        "actor": person_payload(e.actor),
        "interface": e.interface,
        "data": e.data if isinstance(e.data, dict) else {"value": e.data},
        "created_at": e.created_at,
    }
