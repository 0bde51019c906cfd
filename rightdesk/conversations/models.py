"""Conversations with customers, their messages and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Team
from rightdesk.conversations.states import Priority, Status
from rightdesk.core.models import Tag, WorkspaceOwned
from rightdesk.customers.models import Channel, Customer


class Conversation(WorkspaceOwned):
    """One thread of work with a customer, moving through the status graph."""

    subject = models.CharField(_("subject"), max_length=300)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="conversations")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    tags = models.ManyToManyField(Tag, related_name="+", blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    # Newest message time: the inbox is sorted by it.
    last_activity_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-last_activity_at", "-id"], name="conv_inbox"),
            models.Index(
                fields=["workspace", "status", "-last_activity_at", "-id"], name="conv_inbox_status"
            ),
            models.Index(
                fields=["workspace", "assignee", "status", "-last_activity_at", "-id"],
                name="conv_inbox_assignee",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Direction(models.TextChoices):
    IN = "in", _("from the customer")
    OUT = "out", _("to the customer")
    NOTE = "note", _("internal note")


class Message(WorkspaceOwned):
    """A message in a conversation: inbound, outbound or an internal note."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=4, choices=Direction.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    interface = models.CharField(max_length=10)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at", "id"], name="msg_thread")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.direction} #{self.pk}"


class Attachment(WorkspaceOwned):
    """A file sent with a message, stored under a generated key, never the sender's name."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    storage_key = models.CharField(max_length=80, unique=True)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.filename
