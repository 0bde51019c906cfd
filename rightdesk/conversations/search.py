"""Full-text search over conversations and customers, one function for both engines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

from django.db import connection, models, transaction
from django.db.models import QuerySet

from rightdesk.conversations.models import Conversation, Message, SearchDocument
from rightdesk.customers.models import ContactPoint, Customer, Organisation
from rightdesk.language.normalize import query_terms, terms

_Row = TypeVar("_Row", bound=models.Model)


def _terms_text(*texts: str) -> str:
    seen: list[str] = []
    for text in texts:
        seen.extend(terms(text))
    return " ".join(dict.fromkeys(seen))


def conversation_document(conversation: Conversation) -> str:
    bodies = Message.objects.filter(conversation=conversation).values_list("body_text", flat=True)
    return _terms_text(conversation.subject, *bodies)


def customer_document(customer: Customer) -> str:
    # Contact points and organisation names in one read.
    contacts = ContactPoint.objects.filter(customer=customer).order_by().values_list("value")
    orgs = Organisation.objects.filter(customers=customer).order_by().values_list("name")
    values = [value for (value,) in contacts.union(orgs, all=True)]
    return _terms_text(customer.name, customer.notes, *values)


def _document_store(*, workspace_id: int, terms_text: str, new: bool, **owner: int) -> None:
    """Write one document: an insert for an owner created in this transaction, else an update.

    Not update_or_create: that costs a SELECT and two savepoints on every write
    of the hot path. A document is only ever inserted by the transaction that
    creates its owner, so two inserts for one owner cannot race; an owner from
    before search existed gets its document on its first change.
    """
    fields = {"workspace_id": workspace_id, "terms": terms_text}
    if new or not SearchDocument.objects.filter(**owner).update(**fields):
        SearchDocument.objects.create(**owner, **fields)


def index_conversation(conversation: Conversation) -> None:
    """Rebuild one conversation's terms (subject and every message)."""
    _document_store(
        workspace_id=conversation.workspace_id,
        terms_text=conversation_document(conversation),
        conversation_id=conversation.pk,
        new=False,
    )


def index_new_conversation(conversation: Conversation, first_body: str) -> None:
    """The first document of a conversation created in this transaction with one message."""
    _document_store(
        workspace_id=conversation.workspace_id,
        terms_text=_terms_text(conversation.subject, first_body),
        conversation_id=conversation.pk,
        new=True,
    )


def index_customer(customer: Customer, *, new: bool = False) -> None:
    """Rebuild one customer's terms (name, notes, contact points, organisations).

    `new` says the customer was created in this transaction and has no document yet.
    """
    _document_store(
        workspace_id=customer.workspace_id,
        terms_text=customer_document(customer),
        customer_id=customer.pk,
        new=new,
    )


def index_new_customer(customer: Customer, *, contacts: list[str]) -> None:
    """The first document of a customer just created with these contact points and nothing else."""
    _document_store(
        workspace_id=customer.workspace_id,
        terms_text=_terms_text(customer.name, customer.notes, *contacts),
        customer_id=customer.pk,
        new=True,
    )


@dataclass(frozen=True)
class Hits:
    conversation_ids: list[int]
    customer_ids: list[int]


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def _alternatives(group: tuple[str, ...]) -> list[str]:
    """A query word's alternatives, quoted, one of which a document must hold."""
    return sorted({_quote(term) for term in group})


def _matching(workspace_id: int, groups: list[tuple[str, ...]]) -> tuple[str, list[str | int]]:
    """FROM and WHERE of the documents matching every word group, `d` being the document.

    The workspace is asked of the index itself (see migration 0003), so the
    engine reads only this workspace's matches.
    """
    if connection.vendor == "postgresql":
        words = " & ".join(f"({' | '.join(_alternatives(g))})" for g in groups)
        # Two matches rather than one `&&` query: a word the parser drops leaves an
        # empty tsquery, which must find nothing, not the whole workspace. GIN
        # still answers both in one index scan.
        sql = (
            " FROM conversations_searchdocument d WHERE d.search_vector @@ %s::tsquery"
            " AND d.search_vector @@ to_tsquery('simple', %s)"
        )
        return sql, [f"'workspace {int(workspace_id)}'", words]
    words = " AND ".join(f"({' OR '.join(_alternatives(g))})" for g in groups)
    match = f'workspace_id : "{int(workspace_id)}" AND terms : ({words})'
    sql = (
        " FROM conversations_search_fts f JOIN conversations_searchdocument d ON d.id = f.rowid"
        " WHERE conversations_search_fts MATCH %s"
    )
    return sql, [match]


def matching_conversations(*, workspace_id: int, q: str) -> tuple[str, list[str | int]] | None:
    """SQL and parameters selecting the ids of the workspace's conversations matching q.

    None when q has no word to look for. Made to sit in `id IN (...)`, so that
    the inbox filters, its order and its pagination stay one query. The outer
    query scopes the conversations by workspace as well; the documents' own
    workspace_id is left out here on purpose: PostgreSQL would count the
    workspace twice in its estimate and then sort every match instead of
    walking the inbox order and stopping after a page.
    """
    groups = query_terms(q)
    if not groups:
        return None
    sql, params = _matching(workspace_id, groups)
    return "SELECT d.conversation_id" + sql + " AND d.conversation_id IS NOT NULL", params


def search(
    *, workspace_id: int, q: str, limit: int = 50, only: Literal["customers"] | None = None
) -> Hits:
    """Conversations and customers of one workspace whose text matches every word of q.

    The newest documents first, at most `limit` of them; with only="customers",
    conversations do not take up the places.
    """
    groups = query_terms(q)
    if not groups:
        return Hits([], [])
    sql, params = _matching(workspace_id, groups)
    # The rows' own workspace is compared too, so that these ids never rest on the
    # index alone; on SQLite with a unary plus, which keeps the planner from walking
    # the workspace's documents by their workspace_id index instead of asking FTS5.
    plus = "" if connection.vendor == "postgresql" else "+"
    sql += f" AND {plus}d.workspace_id = %s"
    params.append(workspace_id)
    if only == "customers":
        sql += " AND d.customer_id IS NOT NULL"
    # SQLite reads the FTS index backwards by rowid when asked for that, and sorts otherwise.
    newest = "d.id" if connection.vendor == "postgresql" else "f.rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.conversation_id, d.customer_id{sql} ORDER BY {newest} DESC LIMIT %s",
            [*params, limit],
        )
        rows = cursor.fetchall()
    return Hits([r[0] for r in rows if r[0]], [r[1] for r in rows if r[1]])


def index_rebuild(*, workspace_id: int | None = None, batch: int = 200) -> int:
    """Rebuild the terms of every conversation and customer (of one workspace); how many.

    For documents written by an older version of the terms (`rightdesk reindex`).
    One short transaction per batch, so that a large desk is never held at once
    and an interrupted run can simply be started again.
    """
    done = 0
    conversations = Conversation.objects.order_by("pk")
    customers = Customer.objects.order_by("pk")
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
