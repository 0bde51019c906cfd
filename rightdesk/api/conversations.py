"""/api/v1/conversations, their messages, events and merges, and attachment downloads."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.params.functions import Query

from rightdesk.api.common import ERRORS, PathId, actor_for, links, scoped_get
from rightdesk.api.conversation_schemas import (
    AttachmentIn,
    ConversationIn,
    ConversationOut,
    ConversationPage,
    ConversationPatch,
    EventPage,
    MergeIn,
    MessageIn,
    MessageOut,
    MessagePage,
    event_out,
)
from rightdesk.conversations.actions import conversation_start, conversation_update, message_post
from rightdesk.conversations.merge import conversation_merge
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Attachment, Conversation
from rightdesk.conversations.payloads import (
    conversation_payload,
    conversation_queryset,
    message_payload,
    message_payload_of,
    message_queryset,
    started_conversation_payload,
)
from rightdesk.conversations.queries import (
    attachment_response,
    conversation_events,
    conversation_filter,
)
from rightdesk.core.cursor import cursor_page
from rightdesk.core.errors import ValidationFailed

router = Router(tags=["conversations"])

StatusName = Literal["new", "open", "pending", "resolved", "closed"]

# Operations on one conversation, which the links of the answers that name one lead to.
# Not merge: its 404 for a missing `into` would read as "the created one is missing".
CONVERSATION_OPERATIONS = (
    "conversations_get_conversation",
    "conversations_patch_conversation",
    "conversations_list_messages",
    "conversations_create_message",
    "conversations_list_events",
)


@router.get(
    "conversations",
    response={200: ConversationPage, **ERRORS},
    openapi_extra=links(200, "conversation_id", "/items/0/id", *CONVERSATION_OPERATIONS),
)
def list_conversations(
    request: HttpRequest,
    status: StatusName | None = None,
    assignee: str | None = Query(None, max_length=20, description='A user id, "me" or "none".'),
    team: int | None = Query(None, ge=1, le=2**63 - 1),
    tag: str | None = Query(None, max_length=60),
    customer_email: str | None = Query(None, max_length=254),
    q: str | None = Query(None, max_length=500),
    cursor: str | None = Query(None, max_length=1000),
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
    rows, after = cursor_page(
        qs.select_related("customer", "assignee").prefetch_related(
            "tags", "customer__contacts", "followers"
        ),
        keys=("-last_activity_at", "-id"),
        kinds=(datetime, int),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [conversation_payload(c) for c in rows], "next": after}


@router.post(
    "conversations",
    response={201: ConversationOut, **ERRORS},
    openapi_extra=links(201, "conversation_id", "/id", *CONVERSATION_OPERATIONS),
)
def create_conversation(request: HttpRequest, payload: ConversationIn) -> Status[Any]:
    actor = actor_for(request)
    conversation, _m = conversation_start(
        actor=actor,
        subject=payload.subject,
        body_text=payload.body,
        customer_email=payload.customer.email,
        customer_name=payload.customer.name,
        channel=payload.channel,
    )
    return Status(201, started_conversation_payload(conversation))


@router.get("conversations/{id:conversation_id}", response={200: ConversationOut, **ERRORS})
def get_conversation(request: HttpRequest, conversation_id: PathId) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    return conversation_payload(scoped_get(conversation_queryset(), actor, conversation_id))


@router.patch("conversations/{id:conversation_id}", response={200: ConversationOut, **ERRORS})
def patch_conversation(
    request: HttpRequest, conversation_id: PathId, payload: ConversationPatch
) -> dict[str, Any]:
    actor = actor_for(request)
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    given = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        k: given[k] for k in ("status", "priority", "tags", "followers") if given.get(k) is not None
    }
    if "assignee" in given:
        changes["assignee"] = actor.user_id if given["assignee"] == "me" else given["assignee"]
    if "team" in given:
        changes["team"] = given["team"]
    conversation_update(actor=actor, conversation=conversation, **changes)
    return conversation_payload(scoped_get(conversation_queryset(), actor, conversation_id))


@router.post("conversations/{id:conversation_id}/merge", response={200: ConversationOut, **ERRORS})
def merge_conversation(request: HttpRequest, conversation_id: PathId, payload: MergeIn) -> Any:
    """Merge this conversation into `into`; answers with the conversation that remains."""
    actor = actor_for(request)
    source = scoped_get(Conversation.objects.all(), actor, conversation_id)
    target = scoped_get(Conversation.objects.all(), actor, payload.into)
    target = conversation_merge(actor=actor, source=source, target=target)
    return conversation_payload(scoped_get(conversation_queryset(), actor, target.pk))


@router.get("conversations/{id:conversation_id}/events", response={200: EventPage, **ERRORS})
def list_events(
    request: HttpRequest,
    conversation_id: PathId,
    cursor: str | None = Query(None, max_length=1000),
    limit: int = Query(100, ge=1, le=500),
) -> dict[str, Any]:
    """The audit timeline: who changed what, when, and through which interface."""
    actor = actor_for(request, "conversations.view")
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    rows, after = cursor_page(
        conversation_events(conversation), keys=("id",), kinds=(int,), cursor=cursor, limit=limit
    )
    return {"items": [event_out(e) for e in rows], "next": after}


@router.get(
    "conversations/{id:conversation_id}/messages",
    response={200: MessagePage, **ERRORS},
    description="The thread, oldest first, a page at a time.",
)
def list_messages(
    request: HttpRequest,
    conversation_id: PathId,
    cursor: str | None = Query(None, max_length=1000),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    rows, after = cursor_page(
        message_queryset().filter(conversation=conversation),
        keys=("created_at", "id"),
        kinds=(datetime, int),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [message_payload(m) for m in rows], "next": after}


def _decoded(files: list[AttachmentIn]) -> list[NewAttachment]:
    decoded = []
    for index, f in enumerate(files):
        try:
            data = base64.b64decode(f.data_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed(
                _("An attachment is not valid base64."),
                code="invalid_base64",
                details={"index": index},
            ) from exc
        decoded.append(NewAttachment(filename=f.filename, content_type=f.content_type, data=data))
    return decoded


@router.post(
    "conversations/{id:conversation_id}/messages",
    response={201: MessageOut, **ERRORS},
    openapi_extra=links(
        201, "attachment_id", "/attachments/0/id", "conversations_download_attachment"
    ),
)
def create_message(
    request: HttpRequest, conversation_id: PathId, payload: MessageIn
) -> Status[Any]:
    """A reply, an internal note, or the customer's own message (`"direction": "in"`).

    A customer's message is authored by the conversation's customer (the audit
    timeline records who added it) and reopens a resolved or closed conversation.
    Attachments are given as base64 in the JSON body.
    """
    actor = actor_for(request)
    conversation = scoped_get(Conversation.objects.all(), actor, conversation_id)
    message = message_post(
        actor=actor,
        conversation=conversation,
        direction=payload.direction,
        body_text=payload.body,
        body_html=payload.body_html,
        attachments=_decoded(payload.attachments),
    )
    return Status(201, message_payload_of(message.pk))


@router.get(
    "attachments/{id:attachment_id}",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, always as an application/octet-stream download.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_attachment(request: HttpRequest, attachment_id: PathId) -> FileResponse:
    actor = actor_for(request, "conversations.view")
    return attachment_response(scoped_get(Attachment.objects.all(), actor, attachment_id))
