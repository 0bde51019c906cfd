"""The search index's rows: the terms of one conversation or one customer."""

from __future__ import annotations

from django.db import models

from rightdesk.core.models import WorkspaceOwned


class SearchDocument(WorkspaceOwned):
    """Lemmatised terms of one conversation or one customer, behind the full-text index.

    SQLite indexes `terms` and the workspace with an FTS5 table kept in step
    by triggers; PostgreSQL with a GIN index on a stored tsvector column (the
    terms plus a lexeme naming the workspace) that the model does not declare.
    Both were made in the conversations app's migrations 0002 and 0003, when the
    index lived there; the table keeps its name (`conversations_searchdocument`)
    so nothing had to be rebuilt. `index.py` is the only code that knows which
    engine it talks to.

    The owners are named by string, so this bottom-layer app imports neither
    conversations nor customers: they call it, it never calls them.
    """

    conversation = models.OneToOneField(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    customer = models.OneToOneField(
        "customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    terms = models.TextField()
    # How the terms were made (index.TERMS_VERSION); None for documents written before
    # versions were kept. An older document is rebuilt in the background.
    version = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "conversations_searchdocument"
        indexes = [models.Index(fields=["version"], name="search_document_version")]

    def __str__(self) -> str:
        return f"search #{self.pk}"
