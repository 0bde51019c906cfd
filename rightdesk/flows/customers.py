"""Merging customers: the customer rows, and the conversations and messages that follow."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from rightdesk.conversations.models import Conversation, Message
from rightdesk.conversations.payloads import conversation_payload_of
from rightdesk.core.context import Actor
from rightdesk.customers.merge import customer_fold, customer_merge_pair
from rightdesk.customers.models import Customer
from rightdesk.webhooks.actions import events_emit


@transaction.atomic
def customer_merge(*, actor: Actor, source_id: int, target_id: int) -> Customer:
    """Merge one customer into another: their conversations and messages follow.

    Refused for the same customer twice, for a customer already merged, and
    (as not found) for a customer of another workspace. Each moved conversation
    is reported to webhooks as updated.
    """
    source, target = customer_merge_pair(actor=actor, source_id=source_id, target_id=target_id)
    conversations = list(
        Conversation.objects.filter(workspace=actor.workspace, customer=source).values_list(
            "pk", flat=True
        )
    )
    Conversation.objects.filter(pk__in=conversations).update(customer=target)
    messages = Message.objects.filter(workspace=actor.workspace, author_customer=source).update(
        author_customer=target
    )
    target = customer_fold(
        actor=actor,
        source=source,
        target=target,
        moved={"conversations": conversations, "messages": messages},
    )
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[
            ("conversation.updated", partial(conversation_payload_of, pk)) for pk in conversations
        ],
    )
    return target
