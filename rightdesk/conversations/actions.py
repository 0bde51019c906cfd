"""Every write about conversations, messages and attachments."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rightdesk.accounts.models import Membership, User
from rightdesk.accounts.queries import team_chosen
from rightdesk.conversations.messages import NewAttachment, message_check, message_write
from rightdesk.conversations.models import Conversation, Direction, Message
from rightdesk.conversations.payloads import (
    conversation_payload_of,
    message_payload,
    started_conversation_payload,
)
from rightdesk.conversations.states import (
    REOPEN_ON_CUSTOMER_MESSAGE,
    Priority,
    Status,
    can_transition,
)
from rightdesk.core.clock import now
from rightdesk.core.context import (
    Actor,
    AuditEntry,
    audit_record,
    audit_record_many,
    audit_together,
)
from rightdesk.core.emails import normalise_email
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.core.sanitize import clean_text
from rightdesk.core.unset import UNSET, Unset
from rightdesk.customers.actions import customer_for_email, tags_resolve
from rightdesk.customers.models import Channel, Customer
from rightdesk.search.index import document_extend, document_write
from rightdesk.webhooks.actions import Payload, events_emit


def refuse_merged(conversation: Conversation) -> None:
    if conversation.merged_into_id is not None:
        raise Conflict(
            _("This conversation was merged into another one."),
            code="conversation_merged",
            details={"merged_into": conversation.merged_into_id},
        )


def _message_added(message: Message) -> AuditEntry:
    return AuditEntry(
        verb="message.added",
        object_type="conversation",
        object_id=message.conversation_id,
        data={"message": message.pk, "direction": message.direction},
    )


@transaction.atomic
def conversation_start(
    *,
    actor: Actor,
    subject: str,
    body_text: str,
    body_html: str = "",
    customer: Customer | None = None,
    customer_email: str = "",
    customer_name: str = "",
    channel: str = Channel.EMAIL,
    direction: str = Direction.IN,
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> tuple[Conversation, Message]:
    """Open a conversation with its first message, from a customer or to one.

    The customer is given, or found (or created) by email. `at` backdates the
    conversation (imports, the demo). Every refusal comes before the first write.
    """
    actor.require("conversations.reply")
    if customer is not None and customer.workspace_id != actor.workspace.pk:
        raise NotFound()
    subject = _subject_check(subject)
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), code="invalid_channel")
    checked = message_check(direction, body_text, body_html, attachments)
    moment = at or now()
    with audit_together():
        email = None
        if customer is None:
            customer, _created = customer_for_email(
                actor=actor, email=customer_email, name=customer_name
            )
            email = normalise_email(customer_email)
        conversation = Conversation.objects.create(
            workspace=actor.workspace,
            subject=subject,
            customer=customer,
            channel=channel,
            message_count=1,
            created_at=moment,
            updated_at=moment,
            last_activity_at=moment,
        )
        message, written = message_write(
            actor=actor, conversation=conversation, checked=checked, moment=moment
        )
        created = AuditEntry(
            verb="conversation.created",
            object_type="conversation",
            object_id=conversation.pk,
            data={"subject": subject, "channel": channel},
        )
        audit_record_many(actor=actor, entries=[created, _message_added(message)], at=moment)
    document_write(
        workspace_id=conversation.workspace_id,
        texts=[subject, checked.body_text],
        new=True,
        conversation_id=conversation.pk,
    )
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[
            ("conversation.created", partial(started_conversation_payload, conversation, email)),
            ("message.created", partial(message_payload, message, written)),
        ],
    )
    return conversation, message


def _subject_check(subject: str) -> str:
    subject = clean_text(subject or "").strip().replace("\n", " ")
    if not subject:
        raise ValidationFailed(_("A conversation needs a subject."), code="empty_subject")
    if len(subject) > 300:
        raise ValidationFailed(
            _("The subject is longer than 300 characters."), code="subject_too_long"
        )
    return subject


def conversation_lock(conversation: Conversation) -> Conversation:
    """The conversation's row, locked and read afresh for a decision in this transaction.

    A caller's object may be older than a merge that closed the conversation:
    deciding on it could write into the closed source. A merged one is refused.
    """
    locked = (
        Conversation.objects.select_for_update()
        .select_related("customer")
        .get(pk=conversation.pk, workspace_id=conversation.workspace_id)
    )
    refuse_merged(locked)
    return locked


@transaction.atomic
def message_post(
    *,
    actor: Actor,
    conversation: Conversation,
    direction: str,
    body_text: str,
    body_html: str = "",
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> Message:
    """A reply, a note, or a customer's new message in an existing conversation.

    A customer's message reopens a resolved or closed conversation. `at`
    backdates the message (imports, the demo); by default it is now. The caller's
    conversation object is brought up to date with the change.
    """
    actor.require("conversations.reply")
    if conversation.workspace_id != actor.workspace.pk:
        raise NotFound()
    checked = message_check(direction, body_text, body_html, attachments)
    locked = conversation_lock(conversation)
    moment = at or now()
    updates: dict[str, Any] = {
        "message_count": locked.message_count + 1,
        "updated_at": moment,
        "last_activity_at": moment,
    }
    entries = []
    if direction == Direction.IN:
        target = REOPEN_ON_CUSTOMER_MESSAGE[locked.status]
        if target != locked.status:
            updates["status"] = target
            entries.append(
                AuditEntry(
                    verb="conversation.reopened",
                    object_type="conversation",
                    object_id=locked.pk,
                    data={"from": locked.status, "to": target},
                )
            )
    message, written = message_write(
        actor=actor, conversation=locked, checked=checked, moment=moment
    )
    audit_record_many(actor=actor, entries=[*entries, _message_added(message)], at=moment)
    Conversation.objects.filter(pk=locked.pk).update(**updates)
    for key, value in updates.items():
        setattr(locked, key, value)
        setattr(conversation, key, value)
    conversation.status = locked.status
    document_extend(
        workspace_id=locked.workspace_id, conversation_id=locked.pk, text=checked.body_text
    )
    events: list[tuple[str, Payload]] = [
        ("message.created", partial(message_payload, message, written))
    ]
    if "status" in updates:
        events.append(("conversation.updated", partial(conversation_payload_of, locked.pk)))
    events_emit(workspace_id=actor.workspace.pk, events=events)
    return message


def _member(workspace_id: int, user_id: int | None, code: str = "invalid_assignee") -> User | None:
    if user_id is None:
        return None
    m = (
        Membership.objects.select_related("user")
        .filter(workspace_id=workspace_id, user_id=user_id)
        .first()
    )
    if m is None:
        raise ValidationFailed(
            _("That person does not work in this workspace."), code=code, details=[user_id]
        )
    return m.user


@transaction.atomic
def conversation_update(
    *,
    actor: Actor,
    conversation: Conversation,
    status: str | None = None,
    priority: str | None = None,
    assignee: int | Unset | None = UNSET,
    team: int | Unset | None = UNSET,
    tags: list[str] | None = None,
    followers: list[int] | None = None,
    at: datetime | None = None,
) -> Conversation:
    """Change status (along the graph), priority, assignee, team, tags or followers; audited.

    `assignee` and `team` are ids; None takes the conversation off the person or
    team, and leaving them out changes nothing. A list of tags or followers
    replaces the current one. Returns the conversation as changed.
    """
    actor.require("conversations.edit")
    if conversation.workspace_id != actor.workspace.pk:
        raise NotFound()
    conversation = conversation_lock(conversation)
    changes: dict[str, Any] = {}
    if status is not None and status != conversation.status:
        if status not in Status.values:
            raise ValidationFailed(_("Unknown status."), code="invalid_status")
        if not can_transition(conversation.status, status):
            raise Conflict(
                _("A conversation cannot go from %(from)s to %(to)s.")
                % {"from": Status(conversation.status).label, "to": Status(status).label},
                code="invalid_transition",
                details={"from": conversation.status, "to": status},
            )
        changes["status"] = [conversation.status, status]
        conversation.status = status
    if priority is not None and priority != conversation.priority:
        if priority not in Priority.values:
            raise ValidationFailed(_("Unknown priority."), code="invalid_priority")
        changes["priority"] = [conversation.priority, priority]
        conversation.priority = priority
    if not isinstance(assignee, Unset) and assignee != conversation.assignee_id:
        user = _member(conversation.workspace_id, assignee)
        changes["assignee"] = [conversation.assignee_id, user.pk if user else None]
        conversation.assignee = user
    if not isinstance(team, Unset) and team != conversation.team_id:
        found = team_chosen(workspace_id=conversation.workspace_id, team_id=team)
        changes["team"] = [conversation.team_id, found.pk if found else None]
        conversation.team = found
    if tags is not None:
        new_tags = tags_resolve(workspace_id=conversation.workspace_id, names=tags)
        old = sorted(conversation.tags.values_list("name", flat=True))
        if old != sorted(t.name for t in new_tags):
            conversation.tags.set(new_tags)
            changes["tags"] = [old, sorted(t.name for t in new_tags)]
    followed = followers is not None and _followers_replace(
        actor=actor, conversation=conversation, user_ids=followers
    )
    if changes or followed:
        conversation.updated_at = at or now()
        conversation.save()
        _updated_emit(actor, conversation)
    if changes:
        audit_record(
            actor=actor,
            verb="conversation.updated",
            object_type="conversation",
            object_id=conversation.pk,
            data=changes,
            at=at,
        )
    return conversation


def _updated_emit(actor: Actor, conversation: Conversation) -> None:
    events_emit(
        workspace_id=actor.workspace.pk,
        events=[("conversation.updated", partial(conversation_payload_of, conversation.pk))],
    )


def _followers_replace(*, actor: Actor, conversation: Conversation, user_ids: list[int]) -> bool:
    """Make the followers exactly these people; True when anything changed."""
    wanted = list(dict.fromkeys(user_ids))
    users = [_member(conversation.workspace_id, pk, code="invalid_follower") for pk in wanted]
    current = {u.pk: u for u in conversation.followers.all()}
    changed = False
    for user in users:
        if user is not None and user.pk not in current:
            _follower_write(actor=actor, conversation=conversation, user=user, follow=True)
            changed = True
    for pk, user in current.items():
        if pk not in wanted:
            _follower_write(actor=actor, conversation=conversation, user=user, follow=False)
            changed = True
    return changed


@transaction.atomic
def follower_set(*, actor: Actor, conversation: Conversation, user: User, follow: bool) -> None:
    """Follow or stop following a conversation (the desk's follow button, and the API's list)."""
    actor.require("conversations.edit")
    if conversation.workspace_id != actor.workspace.pk:
        raise NotFound()
    conversation = conversation_lock(conversation)
    if follow:
        _member(conversation.workspace_id, user.pk, code="invalid_follower")
    if conversation.followers.filter(pk=user.pk).exists() == follow:
        return
    _follower_write(actor=actor, conversation=conversation, user=user, follow=follow)
    _updated_emit(actor, conversation)


def _follower_write(*, actor: Actor, conversation: Conversation, user: User, follow: bool) -> None:
    if follow:
        conversation.followers.add(user)
    else:
        conversation.followers.remove(user)
    audit_record(
        actor=actor,
        verb="conversation.followed" if follow else "conversation.unfollowed",
        object_type="conversation",
        object_id=conversation.pk,
        data={"user": user.pk},
    )
