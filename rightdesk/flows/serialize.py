"""Event payloads: the same shapes the API returns, built without the API layer."""

from __future__ import annotations

from typing import Any

from rightdesk.conversations.models import Conversation, Message


def conversation_payload(c: Conversation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "subject": c.subject,
        "status": c.status,
        "priority": c.priority,
        "channel": c.channel,
        "customer_id": c.customer_id,
        "assignee_id": c.assignee_id,
        "team_id": c.team_id,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def message_payload(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "conversation_id": m.conversation_id,
        "direction": m.direction,
        "author_user_id": m.author_user_id,
        "author_customer_id": m.author_customer_id,
        "body_text": m.body_text,
        "created_at": m.created_at,
    }
