"""Full-text search over conversations and customers, one function for both engines.

The bottom of the desk: conversations and customers hand it their texts, and it
never reads their tables. A document's terms are a set of words in first-seen
order, so a new message adds only the terms the document does not hold yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import connection

from rightdesk.language.normalize import query_terms, terms
from rightdesk.search.models import SearchDocument

# Raised whenever language/normalize.py makes different terms for the same text, so
# that documents written before are rebuilt (flows/reindex.py, in the background).
TERMS_VERSION = 2


def terms_text(*texts: str) -> str:
    """The index terms of some texts, each once, as the document stores them."""
    seen: list[str] = []
    for text in texts:
        seen.extend(terms(text))
    return " ".join(dict.fromkeys(seen))


def document_write(
    *,
    workspace_id: int,
    texts: list[str],
    new: bool,
    conversation_id: int | None = None,
    customer_id: int | None = None,
) -> None:
    """Make one owner's document hold exactly the terms of these texts.

    `new` says the owner was created in this transaction: an INSERT, no read.
    Not update_or_create: that costs a SELECT and two savepoints on every write
    of the hot path. A document is only ever inserted by the transaction that
    creates its owner, so two inserts for one owner cannot race; an owner from
    before search existed gets its document on its first change.
    """
    owner = _owner(conversation_id, customer_id)
    fields = {"workspace_id": workspace_id, "terms": terms_text(*texts), "version": TERMS_VERSION}
    if new or not SearchDocument.objects.filter(**owner).update(**fields):
        SearchDocument.objects.create(**owner, **fields)


def document_extend(*, workspace_id: int, conversation_id: int, text: str) -> None:
    """Add the terms of one more text (a new message) to a conversation's document.

    Two statements whatever the length of the thread: the document's terms are
    read, and written back only when the text brought a term they lack.
    """
    current = (
        SearchDocument.objects.filter(conversation_id=conversation_id)
        .values_list("terms", flat=True)
        .first()
    )
    if current is None:
        SearchDocument.objects.create(
            workspace_id=workspace_id,
            conversation_id=conversation_id,
            terms=terms_text(text),
            version=TERMS_VERSION,
        )
        return
    have = set(current.split())
    extra = [t for t in dict.fromkeys(terms(text)) if t not in have]
    if extra:
        SearchDocument.objects.filter(conversation_id=conversation_id).update(
            terms=f"{current} {' '.join(extra)}".strip()
        )


def document_delete(*, customer_id: int) -> None:
    """A merged customer is no longer a search result."""
    SearchDocument.objects.filter(customer_id=customer_id).delete()


def _owner(conversation_id: int | None, customer_id: int | None) -> dict[str, int]:
    if (conversation_id is None) == (customer_id is None):
        raise ValueError("a document belongs to one conversation or one customer")
    if conversation_id is not None:
        return {"conversation_id": conversation_id}
    assert customer_id is not None
    return {"customer_id": customer_id}


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
