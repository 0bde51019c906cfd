"""Who is acting and through which interface: passed to every action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rightdesk.core.clock import now
from rightdesk.core.models import AuditEvent, Interface, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class Actor:
    """The person (or the system) making a change, in one workspace."""

    workspace: Workspace
    user: AbstractBaseUser | None
    interface: str = Interface.SYSTEM

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None


def audit_record(
    *,
    actor: Actor,
    verb: str,
    object_type: str,
    object_id: int,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one entry to the workspace's audit timeline (`at` backdates it; default now)."""
    return AuditEvent.objects.create(
        created_at=at or now(),
        workspace=actor.workspace,
        actor_id=actor.user_id,
        interface=actor.interface,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
    )


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit timeline, before it is written."""

    verb: str
    object_type: str
    object_id: int
    data: dict[str, Any] | None = None


def audit_record_many(
    *, actor: Actor, entries: list[AuditEntry], at: datetime | None = None
) -> list[AuditEvent]:
    """Append several entries of one change, in this order, with one INSERT."""
    moment = at or now()
    return AuditEvent.objects.bulk_create(
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
