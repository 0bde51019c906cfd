"""Who is acting and through which interface: passed to every action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rightdesk.core.clock import now
from rightdesk.core.errors import PermissionDenied
from rightdesk.core.models import AuditEvent, Interface, Workspace
from rightdesk.core.permissions import role_allows

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


# The role of the desk itself (the demo, background work) and of an administrator
# at the command line: whoever can run code on the machine may make any change.
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The person (or the system) making a change, in one workspace, with their role there.

    Every action asks the actor with `require()` before it writes, so a change is
    allowed or refused the same way whichever interface carries it.
    """

    workspace: Workspace
    user: AbstractBaseUser | None
    role: str
    interface: str = Interface.SYSTEM

    @classmethod
    def system(cls, workspace: Workspace, interface: str = Interface.SYSTEM) -> Actor:
        """The desk itself, or an administrator at the command line."""
        return cls(workspace=workspace, user=None, role=SYSTEM, interface=interface)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def allows(self, permission: str) -> bool:
        return self.role == SYSTEM or role_allows(self.role, permission)

    def require(self, permission: str) -> None:
        """Refuse (403) a change the actor's role does not allow."""
        if not self.allows(permission):
            raise PermissionDenied()


# Entries recorded inside audit_together(), written when it ends.
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("rightdesk_audit", default=None)


@contextmanager
def audit_together() -> Iterator[None]:
    """The entries recorded inside the block are written together, in order, as it ends.

    One INSERT for a change made of several actions (a new conversation with a
    new customer). Use it inside the change's transaction; nothing in the block
    may read its own entries back. A nested block leaves the writing to the outer.
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set([])
    try:
        yield
        events = _pending.get()
        if events:
            AuditEvent.objects.bulk_create(events)
    finally:
        _pending.reset(token)


def _audit_write(events: list[AuditEvent]) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.extend(events)
    elif len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit timeline, before it is written."""

    verb: str
    object_type: str
    object_id: int
    data: dict[str, Any] | None = None


def audit_record(
    *,
    actor: Actor,
    verb: str,
    object_type: str,
    object_id: int,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one entry to the workspace's audit timeline (`at` backdates it; default now)."""
    audit_record_many(actor=actor, entries=[AuditEntry(verb, object_type, object_id, data)], at=at)


def audit_record_many(
    *, actor: Actor, entries: list[AuditEntry], at: datetime | None = None
) -> None:
    """Append several entries of one change, in this order, with one INSERT."""
    moment = at or now()
    _audit_write(
        [
            AuditEvent(
                created_at=moment,
                workspace=actor.workspace,
                actor_id=actor.user_id,
                interface=actor.interface,
                verb=e.verb,
                object_type=e.object_type,
                object_id=e.object_id,
                data=e.data or {},
            )
            for e in entries
        ]
    )
