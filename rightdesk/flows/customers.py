"""Use cases around customers: writes plus keeping the search index in step."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rightdesk.conversations.models import Conversation, Message, SearchDocument
from rightdesk.conversations.search import index_customer
from rightdesk.core.context import Actor
from rightdesk.customers import actions, merge
from rightdesk.customers.models import Customer
from rightdesk.flows.serialize import conversation_payload
from rightdesk.webhooks.actions import events_emit


@transaction.atomic
def customer_add(*, actor: Actor, **fields: Any) -> Customer:
    """Create a customer and make them findable."""
    customer = actions.customer_create(actor=actor, **fields)
    index_customer(customer, new=True)
    return customer


@transaction.atomic
def customer_edit(*, actor: Actor, customer: Customer, **fields: Any) -> Customer:
    """Change a customer and refresh their search terms (if anything changed)."""
    before = customer.updated_at
    customer = actions.customer_update(actor=actor, customer=customer, **fields)
    if customer.updated_at != before:
        index_customer(customer)
    return customer


@transaction.atomic
def customer_merge(*, actor: Actor, source_id: int, target_id: int) -> Customer:
    """Merge one customer into another: their conversations and messages follow.

    Refused for the same customer twice, for a customer already merged, and
    (as not found) for a customer of another workspace.
    """
    source, target = merge.customer_merge_pair(
        actor=actor, source_id=source_id, target_id=target_id
    )
    conversations = list(
        Conversation.objects.filter(workspace=actor.workspace, customer=source).values_list(
            "pk", flat=True
        )
    )
    Conversation.objects.filter(pk__in=conversations).update(customer=target)
    messages = Message.objects.filter(workspace=actor.workspace, author_customer=source).update(
        author_customer=target
    )
    target = merge.customer_merge(
        actor=actor,
        source_id=source.pk,
        target_id=target.pk,
        moved={"conversations": conversations, "messages": messages},
    )
    # A merged customer is no longer a search result; the one that remains is.
    SearchDocument.objects.filter(customer_id=source.pk).delete()
    index_customer(target)
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[
            ("conversation.updated", conversation_payload(c))
            for c in Conversation.objects.filter(pk__in=conversations)
        ],
    )
    return target
