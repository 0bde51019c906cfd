"""The mail that asks a person added to a workspace to choose their password.

Only people who have never had a password get one: someone who already signs
in sees the new workspace in their menu, and a mail for every change of place
would be noise. The link is Django's password reset link (one-time: the token
is made from the password hash, so it stops working once a password is set)
and lands on the desk's own set-password page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rightdesk.accounts.models import User
from rightdesk.core.models import Workspace


def invitation_due(user: User) -> bool:
    """Whether adding this person to a workspace sends them an invitation."""
    return user.is_active and not user.has_usable_password()


def invitation_link(user: User) -> str:
    """A one-time link to the set-password page, on the desk's configured address."""
    path = reverse(
        "web:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.BASE_URL.rstrip("/") + path


def invitation_send(*, user_id: int, workspace_id: int, inviter_id: int | None) -> bool:
    """Send the invitation now, if the person still has no password. Returns whether it went.

    Written in the invitee's language: their own choice, else the workspace's.
    """
    user = User.objects.filter(pk=user_id).first()
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if user is None or workspace is None or not invitation_due(user):
        return False
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    context = {
        "workspace": workspace.name,
        "inviter": (f"{inviter.name} <{inviter.email}>" if inviter.name else inviter.email)
        if inviter
        else "",
        "link": invitation_link(user),
        "login": settings.BASE_URL.rstrip("/") + reverse("web:login"),
        "email": user.email,
    }
    with translation.override(user.language or workspace.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def invitation_schedule(*, workspace: Workspace, user: User, inviter_id: int | None) -> None:
    """Send the invitation once the transaction that added the person commits.

    A mail server that fails must not undo the person's place, which is already
    committed: the failure is logged, and "Forgot your password?" works for them too.
    """
    if not invitation_due(user):
        return
    user_id, workspace_id = user.pk, workspace.pk

    # A plain function, not a partial: Django names it in the log line when it fails.
    def invitation_deliver() -> None:
        invitation_send(user_id=user_id, workspace_id=workspace_id, inviter_id=inviter_id)

    transaction.on_commit(invitation_deliver, robust=True)
