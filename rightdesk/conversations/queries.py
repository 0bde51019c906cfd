"""Reads of conversations: the inbox, one conversation's page, attachment downloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.http import FileResponse
from django.utils.translation import gettext as _

from rightdesk.conversations.models import Attachment, Conversation, Message
from rightdesk.conversations.states import Status
from rightdesk.conversations.storage import blob_open
from rightdesk.core.cursor import keyset_page
from rightdesk.core.errors import NotFound, ValidationFailed
from rightdesk.core.models import AuditEvent, Tag, Workspace
from rightdesk.customers.queries import CustomerPage, customer_list
from rightdesk.search.index import matching_conversations, search


def conversation_filter(
    *,
    workspace: Workspace,
    status: str | None = None,
    assignee: str | None = None,
    team: int | None = None,
    tag: str | None = None,
    customer_email: str | None = None,
    q: str | None = None,
    me: Any = None,
) -> QuerySet[Conversation]:
    """The workspace's conversations, newest activity first, narrowed by the inbox filters.

    `assignee` is a person's id, "me" or "none".
    """
    qs = Conversation.objects.filter(workspace=workspace, merged_into__isnull=True)
    if status:
        if status not in Status.values:
            raise ValidationFailed(_("Unknown status."), code="invalid_status")
        qs = qs.filter(status=status)
    if assignee:
        if assignee == "none":
            qs = qs.filter(assignee__isnull=True)
        elif assignee == "me":
            qs = qs.filter(assignee_id=getattr(me, "pk", None))
        elif assignee.isascii() and assignee.isdigit() and len(assignee) < 19:
            qs = qs.filter(assignee_id=int(assignee))
        else:
            raise ValidationFailed(
                _("assignee must be a person's id, “me” or “none”."), code="invalid_assignee"
            )
    if team:
        qs = qs.filter(team_id=team)
    if tag:
        qs = qs.filter(tags__workspace=workspace, tags__name=tag.strip())
    if customer_email:
        qs = qs.filter(
            customer__contacts__kind="email",
            customer__contacts__value=customer_email.strip().lower(),
        )
    if q and q.strip():
        matching = matching_conversations(workspace_id=workspace.pk, q=q)
        if matching is None:
            return qs.none()
        # One query with the filters, the order and the page: the engine picks
        # the cheaper way round (the matches first, or the inbox order first).
        # The SQL is fixed text from search.py; the words travel as parameters.
        qs = qs.filter(pk__in=RawSQL(*matching))  # noqa: S611
    return qs.order_by("-last_activity_at", "-id")


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download, never rendered inline, with `nosniff`."""
    try:
        handle = blob_open(attachment.storage_key)
    except (FileNotFoundError, ValueError) as exc:
        raise NotFound(_("The file of this attachment is missing.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@dataclass(frozen=True)
class InboxPage:
    rows: list[Conversation]
    next_after: tuple[datetime, int] | None


def inbox_page(
    *,
    workspace: Workspace,
    me: Any,
    after: tuple[datetime, int] | None = None,
    limit: int = 50,
    **filters: Any,
) -> InboxPage:
    """One page of the inbox, keyset-paginated on (last activity, id), newest first.

    The number of queries is the same whatever the page holds.
    """
    qs = conversation_filter(workspace=workspace, me=me, **filters)
    rows, last = keyset_page(
        qs.select_related("customer", "assignee"),
        keys=("-last_activity_at", "-id"),
        after=after,
        limit=limit,
    )
    return InboxPage(rows, last)


def conversation_get(*, workspace: Workspace, pk: int) -> Conversation:
    """One conversation of the workspace with its people and tags; another's is NotFound."""
    conversation = (
        Conversation.objects.select_related("customer", "assignee", "team")
        .prefetch_related("tags", "followers")
        .filter(workspace=workspace, pk=pk)
        .first()
    )
    if conversation is None:
        raise NotFound(_("There is no such conversation."))
    return conversation


def conversation_thread(conversation: Conversation) -> list[Message]:
    """Every message, oldest first, with authors and attachments in a fixed number of queries."""
    return list(
        Message.objects.filter(workspace_id=conversation.workspace_id, conversation=conversation)
        .select_related("author_user", "author_customer")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def message_get(*, conversation: Conversation, pk: int) -> Message:
    """One message of this conversation (of its workspace); any other is NotFound."""
    message = Message.objects.filter(
        workspace_id=conversation.workspace_id, conversation=conversation, pk=pk
    ).first()
    if message is None:
        raise NotFound(_("There is no such message."))
    return message


def conversation_events(conversation: Conversation) -> QuerySet[AuditEvent]:
    """The audit timeline of one conversation, oldest first, with the people who acted."""
    return (
        AuditEvent.objects.filter(
            workspace_id=conversation.workspace_id,
            object_type="conversation",
            object_id=conversation.pk,
        )
        .select_related("actor")
        .order_by("id")
    )


def attachment_get(*, workspace: Workspace, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(workspace=workspace, pk=pk).first()
    if attachment is None:
        raise NotFound(_("There is no such attachment."))
    return attachment


def workspace_tags(workspace: Workspace) -> list[Tag]:
    return list(tags_of(workspace).order_by("name"))


def tags_of(workspace: Workspace) -> QuerySet[Tag]:
    """The labels of the workspace, shared by its customers and conversations."""
    return Tag.objects.filter(workspace=workspace)


def customer_conversations(
    *, workspace: Workspace, customer_id: int, limit: int = 100
) -> list[Conversation]:
    """A customer's latest conversations, newest activity first."""
    return list(
        Conversation.objects.filter(workspace=workspace, customer_id=customer_id)
        .select_related("assignee")
        .order_by("-last_activity_at", "-id")[:limit]
    )


def customer_find(
    *,
    workspace: Workspace,
    q: str = "",
    after: tuple[str, int] | None = None,
    limit: int = 50,
) -> CustomerPage:
    """The customer list, narrowed by full-text search when q is given."""
    ids = customer_search_ids(workspace=workspace, q=q) if q.strip() else None
    return customer_list(workspace=workspace, ids=ids, after=after, limit=limit)


def customer_search_ids(*, workspace: Workspace, q: str) -> list[int]:
    """Ids of the customers whose text matches every word of q: the customer list's search."""
    return search(workspace_id=workspace.pk, q=q, limit=1000, only="customers").customer_ids
