"""What every workspace page needs: the member, their role, the language, errors."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rightdesk.accounts.models import Membership, User
from rightdesk.accounts.queries import membership_in
from rightdesk.core.context import Actor
from rightdesk.core.errors import DeskError
from rightdesk.core.models import Interface, Workspace
from rightdesk.core.permissions import PERMISSIONS, role_allows


@dataclass(frozen=True)
class Desk:
    """The person at the desk of one workspace, with what their role allows."""

    membership: Membership
    user: User

    @property
    def workspace(self) -> Workspace:
        return self.membership.workspace

    @property
    def actor(self) -> Actor:
        return Actor(
            workspace=self.workspace,
            user=self.user,
            role=self.membership.role,
            interface=Interface.WEB,
        )

    @property
    def can(self) -> dict[str, bool]:
        """For templates: `desk.can.conversations_reply` and so on."""
        return {
            key.replace(".", "_"): role_allows(self.membership.role, key) for key in PERMISSIONS
        }


def desk_for(request: HttpRequest, slug: str, permission: str = "conversations.view") -> Desk:
    """The member's desk in this workspace.

    A workspace the person does not belong to is a 404 (its existence is not
    leaked); a member whose role does not allow the permission gets a 403.
    """
    user: User = request.user  # type: ignore[assignment]
    membership = membership_in(user, slug)
    if membership is None:
        raise Http404
    if not user.language:
        # A person who chose no language sees the workspace's default.
        translation.activate(membership.workspace.language)
        request.LANGUAGE_CODE = membership.workspace.language
    try:
        timezone.activate(zoneinfo.ZoneInfo(membership.workspace.timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.deactivate()
    if not role_allows(membership.role, permission):
        raise PermissionDenied(_("Your role in this workspace does not allow this."))
    return Desk(membership=membership, user=user)


def error_text(exc: DeskError) -> str:
    """A domain refusal as one sentence, field details included."""
    text = str(exc.message)
    if isinstance(exc.details, dict) and exc.details:
        text += " " + " ".join(f"{key}: {value}" for key, value in exc.details.items())
    return text


def desk_status(exc: DeskError) -> int:
    """The HTTP status for a refusal shown on a page.

    A missing object stays a 404, and a change the person's role does not allow
    is the same 403 page whether the action or the page found it out.
    """
    if exc.status == 404:
        raise Http404(str(exc.message))
    if exc.status == 403:
        raise PermissionDenied(_("Your role in this workspace does not allow this."))
    return exc.status if 400 <= exc.status < 500 else 400


def page_context(desk: Desk, **extra: Any) -> dict[str, Any]:
    return {"desk": desk, "workspace": desk.workspace, **extra}
