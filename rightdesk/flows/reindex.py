"""Rebuilding the search index of conversations and customers (`rightdesk reindex`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from django.db import models, transaction
from django.db.models import QuerySet

from rightdesk.conversations.indexing import index_conversation
from rightdesk.conversations.models import Conversation
from rightdesk.customers.indexing import index_customer
from rightdesk.customers.models import Customer

_Row = TypeVar("_Row", bound=models.Model)


def search_reindex(*, workspace_id: int | None = None, batch: int = 200) -> int:
    """Rebuild the terms of every conversation and customer (of one workspace); how many.

    For documents written by an older version of the terms. One short
    transaction per batch, so that a large desk is never held at once and an
    interrupted run can simply be started again.
    """
    done = 0
    conversations = Conversation.objects.order_by("pk")
    customers = Customer.objects.filter(merged_into__isnull=True).order_by("pk")
    if workspace_id is not None:
        conversations = conversations.filter(workspace_id=workspace_id)
        customers = customers.filter(workspace_id=workspace_id)
    for conversation_chunk in _chunks(conversations, batch):
        with transaction.atomic():
            for conversation in conversation_chunk:
                index_conversation(conversation)
        done += len(conversation_chunk)
    for customer_chunk in _chunks(customers, batch):
        with transaction.atomic():
            for customer in customer_chunk:
                index_customer(customer)
        done += len(customer_chunk)
    return done


def _chunks(rows: QuerySet[_Row], size: int) -> Iterator[list[_Row]]:
    """The rows in pages of `size`, walking the primary key (no long-open cursor)."""
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:size]):
        yield chunk
        last = chunk[-1].pk
