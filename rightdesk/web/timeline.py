"""The audit timeline of a conversation in words a desk person reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.conversations.models import Direction
from rightdesk.conversations.states import Priority, Status
from rightdesk.core.models import AuditEvent
from rightdesk.customers.models import Channel


@dataclass(frozen=True)
class TimelineRow:
    event: AuditEvent
    who: str
    what: str
    details: list[str]


def _verbs() -> dict[str, str]:
    return {
        "conversation.created": _("opened the conversation"),
        "conversation.updated": _("changed the conversation"),
        "conversation.reopened": _("reopened the conversation"),
        "conversation.followed": _("started following"),
        "conversation.unfollowed": _("stopped following"),
        "conversation.merged": _("merged the conversation"),
        "message.added": _("added a message"),
    }


def _label(field: str, value: Any, people: dict[int, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field == "status" and value in Status.values:
        return str(Status(value).label)
    if field == "priority" and value in Priority.values:
        return str(Priority(value).label)
    if field in _PERSON_FIELDS:
        return people.get(value, f"#{value}")
    if field == "direction" and value in Direction.values:
        return str(Direction(value).label)
    if field == "channel" and value in Channel.values:
        return str(Channel(value).label)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _field_names() -> dict[str, str]:
    return {
        "status": _("status"),
        "priority": _("priority"),
        "assignee": _("assignee"),
        "team": _("team"),
        "tags": _("tags"),
        "from": _("from"),
        "to": _("to"),
        "direction": _("kind"),
        "user": _("person"),
        "subject": _("subject"),
        "channel": _("channel"),
    }


_PERSON_FIELDS = ("assignee", "user")


def people_mentioned(events: list[AuditEvent]) -> set[int]:
    """Ids of the people the events' details name (assignees, followers)."""
    ids: set[int] = set()
    for event in events:
        for key in _PERSON_FIELDS:
            value = (event.data or {}).get(key)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, int) and not isinstance(v, bool):
                    ids.add(v)
    return ids


def timeline_rows(
    events: list[AuditEvent], names: dict[int, str], teams: dict[int, str]
) -> list[TimelineRow]:
    """One readable row per event; unknown verbs are shown as they are stored.

    `names` holds every person people_mentioned() found; a missing one shows as #id.
    """
    verbs, fields = _verbs(), _field_names()
    rows = []
    for event in events:
        who = (event.actor.name or event.actor.email) if event.actor else _("the system")
        details = []
        for key, value in (event.data or {}).items():
            if key == "message":
                continue
            label = fields.get(key, key)
            if key == "team" and isinstance(value, list) and len(value) == 2:
                old, new = (teams.get(v, f"#{v}") if v else "—" for v in value)
                details.append(f"{label}: {old} → {new}")
            elif key in {"status", "priority", "assignee", "tags"} and isinstance(value, list):
                if len(value) == 2:
                    old, new = (_label(key, v, names) for v in value)
                    details.append(f"{label}: {old} → {new}")
            elif key in {"from", "to"}:
                details.append(f"{label}: {_label('status', value, names)}")
            else:
                details.append(f"{label}: {_label(key, value, names)}")
        rows.append(TimelineRow(event, who, verbs.get(event.verb, event.verb), details))
    return rows
