"""/api/v1/conversations, their messages, and attachment downloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from rightdesk.api.common import ERRORS, actor_for, cursor_decode, cursor_encode, scoped_get
from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.conversations.queries import attachment_response, conversation_filter
from rightdesk.flows.conversations import conversation_change, conversation_start, message_post

router = Router(tags=["conversations"])


class CustomerRef(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(..., max_length=254)
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
    assignee: int | None = Field(None, ge=1, le=2**62)
    tags: list[str] | None = Field(None, max_length=50)
    team: int | None = Field(None, ge=1, le=2**62)


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


class MessageIn(Schema):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(..., min_length=1, max_length=200_000)
    body_html: str = Field("", max_length=400_000)
    direction: Literal["out", "note"] = "out"


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.name, "email": user.email}


def conversation_queryset() -> QuerySet[Conversation]:
    return Conversation.objects.select_related("customer", "assignee").prefetch_related(
        "tags", "customer__contacts"
    )


def conversation_out(c: Conversation) -> dict[str, Any]:
    emails = [p.value for p in c.customer.contacts.all() if p.kind == "email"]
    return {
        "id": c.pk,
        "subject": c.subject,
        "status": c.status,
        "priority": c.priority,
        "channel": c.channel,
        "customer": {
            "id": c.customer_id,
            "name": c.customer.name,
            "email": emails[0] if emails else "",
        },
        "assignee": _person(c.assignee),
        "team": c.team_id,
        "tags": [t.name for t in c.tags.all()],
        "message_count": c.message_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "last_activity_at": c.last_activity_at,
    }


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


@router.get("conversations", response={200: ConversationPage, **ERRORS})
def list_conversations(
    request: HttpRequest,
    status: str | None = None,
    assignee: str | None = None,
    team: int | None = Query(None, ge=1, le=2**62),
    tag: str | None = None,
    customer_email: str | None = None,
    q: str | None = Query(None, max_length=500),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    qs = conversation_filter(
        workspace=actor.workspace,
        status=status,
        assignee=assignee,
        team=team,
        tag=tag,
        customer_email=customer_email,
        q=q,
        me=request.user,
    )
    if cursor:
        moment, pk = cursor_decode(cursor)
        qs = qs.filter(last_activity_at__lte=moment).exclude(last_activity_at=moment, id__gte=pk)
    rows = list(
        conversation_queryset()
        .filter(pk__in=[c.pk for c in qs[: limit + 1]])
        .order_by("-last_activity_at", "-id")
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [conversation_out(c) for c in rows],
        "next": cursor_encode(rows[-1].last_activity_at, rows[-1].pk) if more else None,
    }


@router.post("conversations", response={201: ConversationOut, **ERRORS})
def create_conversation(request: HttpRequest, payload: ConversationIn) -> Status:
    actor = actor_for(request, "conversations.reply")
    conversation, _m = conversation_start(
        actor=actor,
        subject=payload.subject,
        body_text=payload.body,
        customer_email=payload.customer.email,
        customer_name=payload.customer.name,
        channel=payload.channel,
    )
    return Status(
        201, conversation_out(scoped_get(conversation_queryset(), actor, conversation.pk))
    )


@router.get("conversations/{int:conversation_id}", response={200: ConversationOut, **ERRORS})
def get_conversation(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    return conversation_out(scoped_get(conversation_queryset(), actor, conversation_id))


@router.patch("conversations/{int:conversation_id}", response={200: ConversationOut, **ERRORS})
def patch_conversation(
    request: HttpRequest, conversation_id: int, payload: ConversationPatch
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.edit")
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    given = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        "status": given.get("status"),
        "priority": given.get("priority"),
        "tags": given.get("tags"),
    }
    if "assignee" in given:
        changes["assignee_id"] = given["assignee"]
        changes["unassign"] = given["assignee"] is None
    if "team" in given:
        changes["team_id"] = given["team"]
        changes["clear_team"] = given["team"] is None
    conversation_change(actor=actor, conversation=conversation, **changes)
    return conversation_out(scoped_get(conversation_queryset(), actor, conversation_id))


def _messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author_user", "author_customer").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    )


@router.get(
    "conversations/{int:conversation_id}/messages", response={200: list[MessageOut], **ERRORS}
)
def list_messages(request: HttpRequest, conversation_id: int) -> list[dict[str, Any]]:
    actor = actor_for(request, "conversations.view")
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    return [message_out(m) for m in _messages(conversation)]


@router.post("conversations/{int:conversation_id}/messages", response={201: MessageOut, **ERRORS})
def create_message(request: HttpRequest, conversation_id: int, payload: MessageIn) -> Status:
    actor = actor_for(request, "conversations.reply")
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    message = message_post(
        actor=actor,
        conversation=conversation,
        direction=payload.direction,
        body_text=payload.body,
        body_html=payload.body_html,
    )
    return Status(201, message_out(_messages(conversation).get(pk=message.pk)))


@router.get("attachments/{int:attachment_id}", response={200: None, **ERRORS})
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    actor = actor_for(request, "conversations.view")
    return attachment_response(scoped_get(Attachment.objects.all(), actor, attachment_id))
