"""What the search index holds for a conversation: its subject and every message."""

from __future__ import annotations

from rightdesk.conversations.models import Conversation, Message
from rightdesk.search.index import document_write


def index_conversation(conversation: Conversation) -> None:
    """Rebuild one conversation's terms from all its texts (after a merge moved messages)."""
    bodies = Message.objects.filter(conversation=conversation).values_list("body_text", flat=True)
    document_write(
        workspace_id=conversation.workspace_id,
        texts=[conversation.subject, *bodies],
        new=False,
        conversation_id=conversation.pk,
    )
