"""Rebuilding the search index of conversations and customers.

All of it at once (`rightdesk reindex`), or, in the background, the documents
whose terms were made by an older version of the desk: after an upgrade search
keeps working on the old terms while the worker brings them up to date.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from django.db import models, transaction
from django.db.models import Q, QuerySet

from rightdesk.conversations.indexing import index_conversation
from rightdesk.conversations.models import Conversation
from rightdesk.customers.indexing import index_customer
from rightdesk.customers.models import Customer
from rightdesk.search.index import TERMS_VERSION
from rightdesk.search.models import SearchDocument

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


def search_refresh(*, limit: int = 500) -> int:
    """Rebuild up to `limit` documents made by an older version of the terms; how many.

    Idempotent and safe on several machines at once: two workers that rebuild the
    same document write the same terms.
    """
    outdated = Q(version__isnull=True) | Q(version__lt=TERMS_VERSION)
    rows = list(
        SearchDocument.objects.filter(outdated)
        .order_by("pk")
        .values_list("conversation_id", "customer_id")[:limit]
    )
    conversation_ids = [c for c, _ in rows if c is not None]
    customer_ids = [c for _, c in rows if c is not None]
    with transaction.atomic():
        for conversation in Conversation.objects.filter(pk__in=conversation_ids):
            index_conversation(conversation)
        for customer in Customer.objects.filter(pk__in=customer_ids):
            index_customer(customer)
    return len(rows)


def _chunks(rows: QuerySet[_Row], size: int) -> Iterator[list[_Row]]:
    """The rows in pages of `size`, walking the primary key (no long-open cursor)."""
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:size]):
        yield chunk
        last = chunk[-1].pk
