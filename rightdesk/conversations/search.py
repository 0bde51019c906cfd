"""Full-text search over conversations and customers, one function for both engines."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from rightdesk.conversations.models import Conversation, Message, SearchDocument
from rightdesk.customers.models import ContactPoint, Customer
from rightdesk.language.normalize import query_terms, terms


def _terms_text(*texts: str) -> str:
    seen: list[str] = []
    for text in texts:
        seen.extend(terms(text))
    return " ".join(dict.fromkeys(seen))


def conversation_document(conversation: Conversation) -> str:
    bodies = Message.objects.filter(conversation=conversation).values_list("body_text", flat=True)
    return _terms_text(conversation.subject, *bodies)


def customer_document(customer: Customer) -> str:
    contacts = ContactPoint.objects.filter(customer=customer).values_list("value", flat=True)
    orgs = customer.organisations.values_list("name", flat=True)
    return _terms_text(customer.name, customer.notes, *contacts, *orgs)


def index_conversation(conversation_id: int) -> None:
    """Rebuild one conversation's terms (subject and every message)."""
    conversation = Conversation.objects.get(pk=conversation_id)
    SearchDocument.objects.update_or_create(
        conversation=conversation,
        defaults={
            "workspace_id": conversation.workspace_id,
            "terms": conversation_document(conversation),
        },
    )


def index_customer(customer_id: int) -> None:
    """Rebuild one customer's terms (name, notes, contact points, organisations)."""
    customer = Customer.objects.get(pk=customer_id)
    SearchDocument.objects.update_or_create(
        customer=customer,
        defaults={"workspace_id": customer.workspace_id, "terms": customer_document(customer)},
    )


@dataclass(frozen=True)
class Hits:
    conversation_ids: list[int]
    customer_ids: list[int]


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def search(*, workspace_id: int, q: str, limit: int = 50) -> Hits:
    """Conversations and customers of one workspace whose text matches every word of q."""
    pairs = query_terms(q)
    if not pairs:
        return Hits([], [])
    if connection.vendor == "postgresql":
        groups = [" | ".join(sorted({_quote(a), _quote(b)})) for a, b in pairs]
        tsquery = " & ".join(f"({g})" for g in groups)
        sql = (
            "SELECT conversation_id, customer_id FROM conversations_searchdocument"
            " WHERE workspace_id = %s AND to_tsvector('simple', terms) @@ to_tsquery('simple', %s)"
            " ORDER BY id DESC LIMIT %s"
        )
        params: list[str | int] = [workspace_id, tsquery, limit]
    else:
        groups = [" OR ".join(sorted({_quote(a), _quote(b)})) for a, b in pairs]
        match = " AND ".join(f"({g})" for g in groups)
        sql = (
            "SELECT d.conversation_id, d.customer_id FROM conversations_search_fts f"
            " JOIN conversations_searchdocument d ON d.id = f.rowid"
            " WHERE conversations_search_fts MATCH %s AND d.workspace_id = %s"
            " ORDER BY d.id DESC LIMIT %s"
        )
        params = [match, workspace_id, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Hits([r[0] for r in rows if r[0]], [r[1] for r in rows if r[1]])
