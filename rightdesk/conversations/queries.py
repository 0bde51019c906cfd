"""Reads of conversations: the inbox filter and attachment downloads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from rightdesk.conversations.models import Attachment, Conversation
from rightdesk.conversations.search import search
from rightdesk.conversations.states import Status
from rightdesk.conversations.storage import blob_open
from rightdesk.core.errors import NotFound, ValidationFailed
from rightdesk.core.models import AuditEvent, Workspace


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
        hits = search(workspace_id=workspace.pk, q=q, limit=1000)
        qs = qs.filter(pk__in=hits.conversation_ids)
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
