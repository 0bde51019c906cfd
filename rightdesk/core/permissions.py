"""The permission table. The code checks it and docs/permissions.md is generated from it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("owner")
    MANAGER = "manager", _("manager")
    CHAMPION = "champion", _("champion")
    AGENT = "agent", _("agent")
    READ_ONLY = "read_only", _("read-only")


# What each permission allows, in the words the docs use.
PERMISSIONS: dict[str, str] = {
    "conversations.view": "See conversations, messages and attachments",
    "conversations.reply": "Reply to customers and add internal notes",
    "conversations.edit": "Change status, priority, tags, team and assignee",
    "conversations.merge": "Merge two conversations",
    "customers.view": "See customers and organisations",
    "customers.edit": "Create and edit customers and organisations",
    "customers.merge": "Merge two customers",
    "customers.import": "Import and export customers as CSV",
    "workspace.manage": "Manage teams, people, roles, mailboxes and webhooks",
    "tokens.manage_own": "Create and revoke one's own API tokens",
}

_READ = {"conversations.view", "customers.view", "tokens.manage_own"}
_AGENT = _READ | {"conversations.reply", "conversations.edit", "customers.edit"}
_CHAMPION = _AGENT | {"conversations.merge", "customers.merge"}
_MANAGER = _CHAMPION | {"customers.import", "workspace.manage"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(PERMISSIONS),
    Role.MANAGER: frozenset(_MANAGER),
    Role.CHAMPION: frozenset(_CHAMPION),
    Role.AGENT: frozenset(_AGENT),
    Role.READ_ONLY: frozenset(_READ),
}


def role_allows(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


DOC_INTRO = """# Roles and permissions

This table is generated from `rightdesk/core/permissions.py` by `make docs`;
the code checks the same table. A test fails when the two differ.

"""


def permissions_markdown() -> str:
    """The table as a Markdown page: docs/permissions.md, written by `make docs`."""
    roles = [r.value for r in Role]
    lines = [DOC_INTRO + "| permission | what it allows | " + " | ".join(roles) + " |"]
    lines.append("|---|---|" + "---|" * len(roles))
    for perm, text in PERMISSIONS.items():
        marks = ["yes" if perm in ROLE_PERMISSIONS[r] else "" for r in roles]
        lines.append(f"| `{perm}` | {text} | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"
