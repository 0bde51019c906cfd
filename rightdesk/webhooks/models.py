"""Webhook endpoints of a workspace and each delivery made to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightdesk.core.models import WorkspaceOwned

EVENTS = (
    "conversation.created",
    "conversation.updated",
    "message.created",
)


class Endpoint(WorkspaceOwned):
    """A URL that receives signed event notifications."""

    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(max_length=80)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class Delivery(WorkspaceOwned):
    """One event sent (or to be sent) to one endpoint, retried with backoff until it lands."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=60)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # While being sent: which of its workspace's sending slots this delivery holds.
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]
        # The database itself keeps the caps, whichever machines the workers run on: a
        # slot number is held once per workspace, and an endpoint gets one delivery at a time.
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slot"], name="delivery_slot_once"),
            models.UniqueConstraint(
                fields=["endpoint"],
                condition=models.Q(slot__isnull=False),
                name="delivery_one_per_endpoint",
            ),
        ]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"
