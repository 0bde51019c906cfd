"""Reads about mailboxes, always scoped by workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from rightdesk.channels.models import InboundMail, Mailbox
from rightdesk.core.errors import NotFound
from rightdesk.core.models import Workspace


def mailboxes_of(workspace: Workspace) -> QuerySet[Mailbox]:
    """The workspace's mailboxes, by address."""
    return Mailbox.objects.filter(workspace=workspace).select_related("team").order_by("address")


def mailbox_get(workspace: Workspace, mailbox_id: int) -> Mailbox:
    """One mailbox of the workspace; another workspace's is simply not found."""
    mailbox = mailboxes_of(workspace).filter(pk=mailbox_id).first()
    if mailbox is None:
        raise NotFound()
    return mailbox


def inbound_quarantined(workspace: Workspace) -> QuerySet[InboundMail]:
    """The workspace's quarantined messages, oldest first."""
    return InboundMail.objects.filter(
        workspace=workspace, state=InboundMail.State.QUARANTINED
    ).order_by("received_at", "pk")


def mailbox_by_address(workspace: Workspace, address: str) -> Mailbox | None:
    """The workspace's mailbox with this address (any case), or None."""
    return mailboxes_of(workspace).filter(address=address.strip().lower()).first()
