"""Every write about workspaces, people, teams and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rightdesk.accounts.invitations import invitation_schedule
from rightdesk.accounts.models import ApiToken, Membership, Team, User
from rightdesk.core.clock import now
from rightdesk.core.context import Actor, audit_record
from rightdesk.core.emails import normalise_email
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.core.models import LANGUAGE_CHOICES, Interface, Workspace
from rightdesk.core.permissions import Role
from rightdesk.core.slugs import ascii_slug

TOKEN_PREFIX = "rd_"


def user_ensure(
    *, email: str, name: str = "", password: str | None = None, password_hash: str = ""
) -> User:
    """Find the person by email or create them (without a usable password unless given).

    `password_hash` is a password already hashed with make_password: hashing is
    slow on purpose, so one hash can serve many people (the demo's shared password).
    """
    email = normalise_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, name=name[:200])
        if password_hash:
            user.password = password_hash
            user.save(update_fields=["password"])
    return user


def user_set_password(*, user: User, password: str) -> None:
    """Set a new password after checking it against the password rules."""
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])


def user_set_language(*, user: User, language: str) -> None:
    """Choose the interface language ("" follows the workspace default)."""
    if language and language not in dict(LANGUAGE_CHOICES):
        raise ValidationFailed(_("Unknown language."), code="invalid_language")
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def workspace_create(
    *,
    name: str,
    owner_email: str,
    language: str = "en",
    timezone: str = "UTC",
    interface: str = Interface.SYSTEM,
    slug: str = "",
) -> Workspace:
    """A new business with its owner. The slug is made unique from the name unless given.

    An owner who has never had a password gets an invitation mail after commit.
    """
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed(
            _("A workspace needs a name of 1 to 200 characters."), code="invalid_name"
        )
    if language not in dict(LANGUAGE_CHOICES):
        raise ValidationFailed(_("Unknown language."), code="invalid_language")
    if timezone not in zoneinfo.available_timezones():
        raise ValidationFailed(_("Unknown time zone."), code="invalid_timezone")
    owner = user_ensure(email=owner_email)
    if slug:
        if slug != ascii_slug(slug, max_length=60):
            raise ValidationFailed(
                _("A workspace address uses only a-z, 0-9 and hyphens."), code="invalid_slug"
            )
        if Workspace.objects.filter(slug=slug).exists():
            raise Conflict(
                _("The workspace address %(slug)s is taken.") % {"slug": slug}, code="slug_taken"
            )
    else:
        base = ascii_slug(name)
        slug, n = base, 1
        while Workspace.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
    workspace = Workspace.objects.create(slug=slug, name=name, language=language, timezone=timezone)
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    invitation_schedule(workspace=workspace, user=owner, inviter_id=None)
    audit_record(
        actor=Actor.system(workspace, interface),
        verb="workspace.created",
        object_type="workspace",
        object_id=workspace.pk,
        data={"owner": owner.email},
    )
    return workspace


@transaction.atomic
def member_add(*, actor: Actor, email: str, role: str, name: str = "") -> Membership:
    """Bring a person (found or created by email) into the workspace with a role."""
    return membership_set(actor=actor, user=user_ensure(email=email, name=name), role=role)


def membership_set(*, actor: Actor, user: User, role: str) -> Membership:
    """Add a person to the workspace, or change their role.

    A person added who has never had a password gets an invitation mail after commit.
    """
    actor.require("workspace.manage")
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."), code="invalid_role")
    membership, created = Membership.objects.update_or_create(
        workspace=actor.workspace, user=user, defaults={"role": role}
    )
    if created:
        invitation_schedule(workspace=actor.workspace, user=user, inviter_id=actor.user_id)
    audit_record(
        actor=actor,
        verb="membership.set",
        object_type="user",
        object_id=user.pk,
        data={"role": role},
    )
    return membership


@transaction.atomic
def member_remove(*, actor: Actor, email: str) -> User:
    """Take a person out of the workspace, with their API tokens and teams there.

    Their tokens in this workspace are revoked in the same transaction, so adding
    them back later does not bring an old token back to life. The last owner
    stays: someone must be able to manage the workspace. Returns the person removed;
    their conversations are handed back by the flow `member_offboard`.
    """
    actor.require("workspace.manage")
    email = normalise_email(email)
    # The owners are locked first: two removals at once cannot take away both last owners.
    owners = list(
        Membership.objects.select_for_update()
        .filter(workspace=actor.workspace, role=Role.OWNER)
        .values_list("user__email", flat=True)
    )
    membership = (
        Membership.objects.select_related("user")
        .filter(workspace=actor.workspace, user__email=email)
        .first()
    )
    if membership is None:
        raise NotFound(
            _("%(email)s does not belong to this workspace.") % {"email": email},
            code="not_a_member",
        )
    if membership.role == Role.OWNER and owners == [email]:
        raise Conflict(
            _("The last owner of a workspace cannot be removed; make someone else owner first."),
            code="last_owner",
        )
    user = membership.user
    revoked = ApiToken.objects.filter(
        workspace=actor.workspace, user=user, revoked_at__isnull=True
    ).update(revoked_at=now())
    Team.members.through.objects.filter(team__workspace=actor.workspace, user=user).delete()
    membership.delete()
    audit_record(
        actor=actor,
        verb="membership.removed",
        object_type="user",
        object_id=user.pk,
        data={"role": membership.role, "tokens_revoked": revoked},
    )
    return user


def team_create(*, actor: Actor, name: str, members: list[User] | None = None) -> Team:
    """A team in the workspace; members must already belong to the workspace."""
    actor.require("workspace.manage")
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationFailed(_("A team needs a name."), code="invalid_name")
    strangers = {u.pk for u in members or []} - set(
        Membership.objects.filter(
            workspace=actor.workspace, user_id__in=[u.pk for u in members or []]
        ).values_list("user_id", flat=True)
    )
    if strangers:
        raise ValidationFailed(
            _("That person does not work in this workspace."), code="invalid_member"
        )
    team, _created = Team.objects.get_or_create(workspace=actor.workspace, name=name)
    if members:
        team.members.add(*members)
    audit_record(actor=actor, verb="team.created", object_type="team", object_id=team.pk)
    return team


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_create(
    *, workspace: Workspace, email: str, name: str = "", interface: str = Interface.SYSTEM
) -> tuple[ApiToken, str]:
    """A personal token for a member of the workspace. Returns the raw token once."""
    email = normalise_email(email)
    membership = (
        Membership.objects.select_related("user")
        .filter(workspace=workspace, user__email=email, user__is_active=True)
        .first()
    )
    if membership is None:
        raise NotFound(
            _("%(email)s does not belong to this workspace.") % {"email": email},
            code="not_a_member",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=workspace,
        user=membership.user,
        name=name[:120],
        prefix=raw[:10],
        digest=token_digest(raw),
    )
    audit_record(
        actor=Actor(
            workspace=workspace, user=membership.user, role=membership.role, interface=interface
        ),
        verb="token.created",
        object_type="token",
        object_id=token.pk,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Actor, token_id: int) -> None:
    """Revoke one of the actor's own tokens; other people's tokens are not found."""
    actor.require("tokens.manage_own")
    if actor.user_id is None:
        raise NotFound()
    updated = ApiToken.objects.filter(
        workspace=actor.workspace, user_id=actor.user_id, pk=token_id, revoked_at__isnull=True
    ).update(revoked_at=now())
    if not updated:
        raise NotFound()
    audit_record(actor=actor, verb="token.revoked", object_type="token", object_id=token_id)
