"""The conversation lifecycle as an explicit graph of allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("open")
    PENDING = "pending", _("pending")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


# new → open ⇄ pending → resolved → closed; a resolved or closed conversation
# reopens when the customer writes again (see REOPEN_ON_CUSTOMER_MESSAGE).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.RESOLVED}),
    Status.OPEN: frozenset({Status.PENDING, Status.RESOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.OPEN}),
    Status.CLOSED: frozenset({Status.OPEN}),
}

# Where a conversation goes when the customer sends a new message.
REOPEN_ON_CUSTOMER_MESSAGE: dict[str, str] = {
    Status.NEW: Status.NEW,
    Status.OPEN: Status.OPEN,
    Status.PENDING: Status.OPEN,
    Status.RESOLVED: Status.OPEN,
    Status.CLOSED: Status.OPEN,
}


# A merge is the one move outside the graph: the source closes from any status,
# because its messages now live in the target and nothing is left to work on.
STATUS_AFTER_MERGE: str = Status.CLOSED


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")
