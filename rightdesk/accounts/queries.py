"""Reads about people and their access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from rightdesk.accounts.actions import TOKEN_PREFIX, token_digest
from rightdesk.accounts.models import ApiToken, Membership, Team, User
from rightdesk.core.clock import now
from rightdesk.core.errors import ValidationFailed
from rightdesk.core.models import Workspace
from rightdesk.core.permissions import role_allows
from rightdesk.core.writers import write_unless_busy

# Writing last_used_at on every request would make every read a write.
_LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenGrant:
    """A live token with the role its person holds in the token's workspace."""

    token: ApiToken
    role: str

    def allows(self, permission: str) -> bool:
        return role_allows(self.role, permission)


def token_authenticate(raw: str) -> TokenGrant | None:
    """The live token for this raw string, or None.

    Touches last_used_at at most once a minute, and not while another change holds
    the embedded database's writer.
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    # One query: the token, its person and workspace, and the role held there.
    here = Membership.objects.filter(
        workspace_id=OuterRef("workspace_id"), user_id=OuterRef("user_id")
    )
    token = (
        ApiToken.objects.select_related("user", "workspace")
        .annotate(
            role=Subquery(here.values("role")[:1]),
            member_since=Subquery(here.values("created_at")[:1]),
        )
        .filter(digest=token_digest(raw))
        .first()
    )
    # Checked here rather than in SQL: the same answer, with less query to build.
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.role is None:
        return None
    if token.created_at < token.member_since:
        # Made in an earlier membership: removal revokes tokens, and this holds if one slipped by.
        return None
    role: str = token.role
    moment = now()
    stale = token.last_used_at is None or moment - token.last_used_at > _LAST_USED_GRANULARITY
    # Bookkeeping: a read never waits for the writer for it (a later request writes it).
    if stale and write_unless_busy(
        lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
    ):
        token.last_used_at = moment
    return TokenGrant(token=token, role=role)


def membership_of(user: User, workspace: Workspace) -> Membership | None:
    return Membership.objects.filter(workspace=workspace, user=user).first()


def user_can(user: User, workspace: Workspace, permission: str) -> bool:
    membership = membership_of(user, workspace)
    return membership is not None and role_allows(membership.role, permission)


def workspaces_of(user: User) -> list[Workspace]:
    ids = Membership.objects.filter(user=user).values("workspace_id")
    return list(Workspace.objects.filter(pk__in=ids).order_by("name"))


def membership_in(user: User, slug: str) -> Membership | None:
    """The person's membership (with its workspace) in the workspace with this slug, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("workspace")
        .filter(user_id=user.pk, workspace__slug=slug)
        .first()
    )


def members_of(workspace: Workspace) -> list[User]:
    """The active people of a workspace, by name then email."""
    return list(
        User.objects.filter(memberships__workspace=workspace, is_active=True).order_by(
            "name", "email"
        )
    )


def names_of(user_ids: set[int]) -> dict[int, str]:
    """Display names of these people, members or not (for history that outlived a membership)."""
    if not user_ids:
        return {}
    rows = User.objects.filter(pk__in=user_ids).values_list("pk", "name", "email")
    return {pk: name or email for pk, name, email in rows}


def teams_of(workspace: Workspace) -> list[Team]:
    return list(Team.objects.filter(workspace=workspace).order_by("name"))


def tokens_of(user: User, workspace: Workspace) -> list[ApiToken]:
    """The person's own tokens in the workspace, newest first (live and revoked)."""
    return list(
        ApiToken.objects.filter(workspace=workspace, user=user).order_by("-created_at", "-id")
    )


def memberships_of(workspace: Workspace) -> QuerySet[Membership]:
    """The workspace's memberships of active people, with the people (for the member list)."""
    return Membership.objects.filter(workspace=workspace, user__is_active=True).select_related(
        "user"
    )


def teams_with_members(workspace: Workspace) -> QuerySet[Team]:
    """The workspace's teams with their members' ids at hand."""
    return Team.objects.filter(workspace=workspace).prefetch_related(
        Prefetch("members", queryset=User.objects.only("id"))
    )


def team_chosen(*, workspace_id: int, team_id: int | None) -> Team | None:
    """The team an id names in this workspace (None for no team), or a clear refusal.

    Another workspace's team is refused exactly like one that does not exist.
    """
    if team_id is None:
        return None
    team = Team.objects.filter(workspace_id=workspace_id, pk=team_id).first()
    if team is None:
        raise ValidationFailed(_("There is no such team."), code="invalid_team")
    return team
