"""Mailboxes: the addresses a workspace receives mail at and sends replies from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Team
from rightdesk.core.models import WorkspaceOwned

ADDRESS_MAX = 254
NAME_MAX = 120
SIGNATURE_MAX = 2000


class Mailbox(WorkspaceOwned):
    """One email address of a workspace, with how its mail is routed and answered.

    The address is stored normalised (trimmed, lower-case) and is unique in the
    whole installation: inbound mail to it must land in exactly one workspace.
    """

    address = models.CharField(_("address"), max_length=ADDRESS_MAX)
    name = models.CharField(_("display name"), max_length=NAME_MAX, blank=True)
    # New conversations from this mailbox go to this team; losing the team only
    # stops the routing, the mailbox keeps working.
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailboxes"
    )
    signature = models.TextField(_("signature"), max_length=SIGNATURE_MAX, blank=True)
    acknowledge = models.BooleanField(_("auto-acknowledgement"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address"], name="mailbox_address_once"),
        ]
        indexes = [models.Index(fields=["workspace", "address"], name="mailbox_workspace_address")]

    def __str__(self) -> str:
        return self.address


class InboundMail(WorkspaceOwned):
    """One message as it came in to a mailbox: its raw bytes' digest and what became of it.

    The raw bytes are on disk (rawstore) before this row exists; the row is the
    work item. The same bytes to the same mailbox are one row; a different
    message that reuses a Message-ID is a row of its own.
    """

    class State(models.TextChoices):
        STORED = "stored", _("stored")
        # Only ever seen inside the transaction that processes the row.
        PROCESSING = "processing", _("processing")
        PROCESSED = "processed", _("processed")
        IGNORED = "ignored", _("ignored")
        QUARANTINED = "quarantined", _("quarantined")
        DISCARDED = "discarded", _("discarded")

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="inbound")
    digest = models.CharField(max_length=64)
    # The Message-ID header, without angle brackets (`message_id` is the FK column).
    mail_id = models.CharField(max_length=255, blank=True)
    sender = models.CharField(max_length=ADDRESS_MAX, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.STORED)
    # A stable code: why it was quarantined or ignored (empty when processed).
    reason = models.CharField(max_length=40, blank=True)
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.ForeignKey(
        "conversations.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "digest"], name="inbound_bytes_once"),
        ]
        indexes = [
            models.Index(fields=["workspace", "state", "received_at"], name="inbound_state"),
            # The sweeper's question, over every workspace: what is still only stored?
            models.Index(fields=["state", "received_at"], name="inbound_sweep"),
            models.Index(fields=["mailbox", "mail_id"], name="inbound_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.state} #{self.pk}"


class EmailHeader(WorkspaceOwned):
    """The Message-ID and sender of a message that came in or went out by email.

    Threading looks here: a reply's In-Reply-To/References name one of these,
    and counts only when the reply's sender is the conversation's customer.
    """

    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="email_header"
    )
    # The Message-ID header, without angle brackets (`message_id` is the FK column).
    mail_id = models.CharField(max_length=255, blank=True)
    sender = models.CharField(max_length=ADDRESS_MAX, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "mail_id"], name="email_header_mid")]

    def __str__(self) -> str:
        return self.mail_id
