"""Use cases around conversations: the write path shared by pages, API, CLI and tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from rightdesk.conversations import actions as conv
from rightdesk.conversations import merge
from rightdesk.conversations.actions import NewAttachment
from rightdesk.conversations.models import Conversation, Direction, Message
from rightdesk.conversations.search import index_new_customer
from rightdesk.core.context import Actor, audit_together
from rightdesk.core.emails import normalise_email
from rightdesk.customers.actions import customer_for_email
from rightdesk.customers.models import Channel, Customer
from rightdesk.flows.serialize import conversation_payload, message_payload
from rightdesk.webhooks.actions import events_emit


@transaction.atomic
def conversation_start(
    *,
    actor: Actor,
    subject: str,
    body_text: str,
    body_html: str = "",
    customer: Customer | None = None,
    customer_email: str = "",
    customer_name: str = "",
    channel: str = Channel.EMAIL,
    direction: str = Direction.IN,
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> tuple[Conversation, Message]:
    """A new conversation from a customer (found or created by email) or to one."""
    with audit_together():
        if customer is None:
            customer, created = customer_for_email(
                actor=actor, email=customer_email, name=customer_name
            )
            if created:
                index_new_customer(customer, contacts=[normalise_email(customer_email)])
        conversation, message = conv.conversation_create(
            actor=actor,
            customer=customer,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            channel=channel,
            direction=direction,
            attachments=attachments,
            at=at,
        )
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[
            ("conversation.created", conversation_payload(conversation)),
            ("message.created", message_payload(message)),
        ],
    )
    return conversation, message


@transaction.atomic
def message_post(
    *,
    actor: Actor,
    conversation: Conversation,
    direction: str,
    body_text: str,
    body_html: str = "",
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> Message:
    """A reply, a note, or a customer's new message in an existing conversation."""
    before = conversation.status
    message = conv.message_add(
        actor=actor,
        conversation=conversation,
        direction=direction,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        at=at,
    )
    events: list[tuple[str, dict[str, Any]]] = [("message.created", message_payload(message))]
    if conversation.status != before:
        events.append(("conversation.updated", conversation_payload(conversation)))
    events_emit(workspace_id=actor.workspace.pk, events=events)
    return message


@transaction.atomic
def conversation_change(
    *, actor: Actor, conversation: Conversation, at: datetime | None = None, **changes: Any
) -> Conversation:
    """Status, priority, assignee, team and tags, through the state graph."""
    before = conversation_payload(conversation)
    conversation = conv.conversation_update(
        actor=actor, conversation=conversation, at=at, **changes
    )
    after = conversation_payload(conversation)
    if before != after or "tags" in changes:
        events_emit(workspace_id=actor.workspace.pk, events=[("conversation.updated", after)])
    return conversation


@transaction.atomic
def conversation_merge(*, actor: Actor, source: Conversation, target: Conversation) -> Conversation:
    """Merge one conversation into another; both are reported as updated."""
    target = merge.conversation_merge(actor=actor, source=source, target=target)
    source.refresh_from_db()
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[("conversation.updated", conversation_payload(c)) for c in (source, target)],
    )
    return target
