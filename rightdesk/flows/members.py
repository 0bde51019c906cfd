"""A person leaves a workspace: their access goes, and their open work goes back to the team."""

from __future__ import annotations

from django.db import transaction

from rightdesk.accounts.actions import member_remove
from rightdesk.accounts.models import User
from rightdesk.conversations.actions import conversation_update, follower_set
from rightdesk.conversations.models import Conversation
from rightdesk.conversations.states import Status
from rightdesk.core.context import Actor

# Conversations someone still has to work on; resolved and closed ones keep the
# name of who handled them.
_OPEN_WORK = (Status.NEW, Status.OPEN, Status.PENDING)


@transaction.atomic
def member_offboard(*, actor: Actor, email: str) -> User:
    """Take a person out of the workspace and hand their open conversations back.

    Their tokens are revoked (member_remove); each conversation still to be worked
    on that was assigned to them becomes unassigned, and they stop following every
    conversation of the workspace. Each change is audited and reported to webhooks
    like any other.
    """
    user = member_remove(actor=actor, email=email)
    mine = Conversation.objects.filter(
        workspace=actor.workspace, assignee=user, status__in=_OPEN_WORK
    ).order_by("pk")
    for conversation in mine:
        conversation_update(actor=actor, conversation=conversation, assignee=None)
    followed = Conversation.objects.filter(workspace=actor.workspace, followers=user)
    for conversation in followed.order_by("pk"):
        follower_set(actor=actor, conversation=conversation, user=user, follow=False)
    return user
