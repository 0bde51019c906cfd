"""Every write about conversations, messages and attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from rightdesk.accounts.models import Membership, Team, User
from rightdesk.conversations import search
from rightdesk.conversations.models import Attachment, Conversation, Direction, Message
from rightdesk.conversations.states import (
    REOPEN_ON_CUSTOMER_MESSAGE,
    Priority,
    Status,
    can_transition,
)
from rightdesk.conversations.storage import blob_store
from rightdesk.core.clock import now
from rightdesk.core.context import Actor, AuditEntry, audit_record, audit_record_many
from rightdesk.core.errors import Conflict, DeskError, NotFound, ValidationFailed
from rightdesk.core.sanitize import clean_filename, clean_html, clean_text
from rightdesk.customers.actions import tags_resolve
from rightdesk.customers.models import Channel, Customer

MAX_BODY_CHARS = 200_000
MAX_ATTACHMENTS = 20
# A declared type is kept only for display; downloads are always served as
# application/octet-stream, so this is about keeping the column tidy.
_CONTENT_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,59}/[a-z0-9][a-z0-9!#$&^_.+-]{0,59}")


class AttachmentTooLarge(DeskError):
    """One file is over RIGHTDESK_MAX_ATTACHMENT_BYTES."""

    code = "attachment_too_large"
    status = 413


def _clean_content_type(declared: str) -> str:
    value = (declared or "").split(";", 1)[0].strip().lower()
    return value if _CONTENT_TYPE.fullmatch(value) else "application/octet-stream"


def refuse_merged(conversation: Conversation) -> None:
    if conversation.merged_into_id is not None:
        raise Conflict(
            _("This conversation was merged into another one."),
            code="conversation_merged",
            details={"merged_into": conversation.merged_into_id},
        )


@dataclass(frozen=True)
class NewAttachment:
    """A file as received: the name is the sender's and is only ever displayed."""

    filename: str
    content_type: str
    data: bytes


def _clean_body(body_text: str, body_html: str) -> tuple[str, str]:
    body_text = clean_text(body_text or "").strip()
    body_html = clean_html(body_html) if body_html else ""
    if not body_text and not body_html:
        raise ValidationFailed(_("A message needs some text."), code="empty_message")
    if len(body_text) > MAX_BODY_CHARS or len(body_html) > 2 * MAX_BODY_CHARS:
        raise ValidationFailed(_("The message is too long."), code="message_too_long")
    return body_text, body_html


@dataclass(frozen=True)
class _CheckedMessage:
    direction: str
    body_text: str
    body_html: str
    files: list[NewAttachment]


def _message_check(
    direction: str, body_text: str, body_html: str, attachments: list[NewAttachment] | None
) -> _CheckedMessage:
    """A message with cleaned texts, or the reason it cannot be written."""
    if direction not in Direction.values:
        raise ValidationFailed(_("Unknown message direction."), code="invalid_direction")
    body_text, body_html = _clean_body(body_text, body_html)
    files = attachments or []
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("A message can carry at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS},
            code="too_many_attachments",
        )
    limit = settings.MAX_ATTACHMENT_BYTES
    for f in files:
        if len(f.data) > limit:
            raise AttachmentTooLarge(
                _("An attachment is larger than %(n)d bytes.") % {"n": limit},
                details={"filename": clean_filename(f.filename), "size": len(f.data)},
            )
    return _CheckedMessage(direction, body_text, body_html, files)


def _message_write(
    *, actor: Actor, conversation: Conversation, checked: _CheckedMessage, moment: datetime
) -> Message:
    """Insert a checked message with its attachments."""
    inbound = checked.direction == Direction.IN
    message = Message.objects.create(
        workspace_id=conversation.workspace_id,
        conversation=conversation,
        direction=checked.direction,
        author_user_id=None if inbound else actor.user_id,
        author_customer=conversation.customer if inbound else None,
        body_text=checked.body_text,
        body_html=checked.body_html,
        interface=actor.interface,
        created_at=moment,
    )
    for f in checked.files:
        key, digest = blob_store(f.data)
        # A file written for a transaction that rolls back is left as an orphan
        # on disk (conversations/sweep.py removes it), never a row pointing at nothing.
        Attachment.objects.create(
            workspace_id=conversation.workspace_id,
            message=message,
            storage_key=key,
            filename=clean_filename(f.filename),
            size=len(f.data),
            content_type=_clean_content_type(f.content_type),
            sha256=digest,
        )
    return message


def _message_added(message: Message) -> AuditEntry:
    return AuditEntry(
        verb="message.added",
        object_type="conversation",
        object_id=message.conversation_id,
        data={"message": message.pk, "direction": message.direction},
    )


def conversation_create(
    *,
    actor: Actor,
    customer: Customer,
    subject: str,
    body_text: str,
    body_html: str = "",
    channel: str = Channel.EMAIL,
    direction: str = Direction.IN,
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> tuple[Conversation, Message]:
    """Open a conversation with its first message (at a past moment when `at` is given).

    Every refusal comes before the first write, so the writes share the caller's
    transaction without a savepoint of their own.
    """
    if customer.workspace_id != actor.workspace.pk:
        raise NotFound()
    subject = clean_text(subject or "").strip().replace("\n", " ")
    if not subject:
        raise ValidationFailed(_("A conversation needs a subject."), code="empty_subject")
    if len(subject) > 300:
        raise ValidationFailed(
            _("The subject is longer than 300 characters."), code="subject_too_long"
        )
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), code="invalid_channel")
    checked = _message_check(direction, body_text, body_html, attachments)
    moment = at or now()
    with transaction.atomic(savepoint=False):
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
        message = _message_write(
            actor=actor, conversation=conversation, checked=checked, moment=moment
        )
        created = AuditEntry(
            verb="conversation.created",
            object_type="conversation",
            object_id=conversation.pk,
            data={"subject": subject, "channel": channel},
        )
        audit_record_many(actor=actor, entries=[created, _message_added(message)], at=moment)
        search.index_new_conversation(conversation, checked.body_text)
    return conversation, message


@transaction.atomic
def message_add(
    *,
    actor: Actor,
    conversation: Conversation,
    direction: str,
    body_text: str,
    body_html: str = "",
    attachments: list[NewAttachment] | None = None,
    at: datetime | None = None,
) -> Message:
    """Add a message; a customer's message reopens a resolved or closed conversation.

    `at` backdates the message (imports, the demo); by default it is now.
    """
    refuse_merged(conversation)
    checked = _message_check(direction, body_text, body_html, attachments)
    moment = at or now()
    updates: dict[str, Any] = {
        "message_count": F("message_count") + 1,
        "updated_at": moment,
        "last_activity_at": moment,
    }
    entries = []
    if direction == Direction.IN:
        target = REOPEN_ON_CUSTOMER_MESSAGE[conversation.status]
        if target != conversation.status:
            updates["status"] = target
            entries.append(
                AuditEntry(
                    verb="conversation.reopened",
                    object_type="conversation",
                    object_id=conversation.pk,
                    data={"from": conversation.status, "to": target},
                )
            )
    message = _message_write(actor=actor, conversation=conversation, checked=checked, moment=moment)
    audit_record_many(actor=actor, entries=[*entries, _message_added(message)], at=moment)
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
    # Only the updated fields: a full refresh would drop the cached customer and workspace.
    conversation.refresh_from_db(fields=[*updates, "status"])
    search.index_conversation(conversation)
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
    assignee_id: int | None = None,
    unassign: bool = False,
    team_id: int | None = None,
    clear_team: bool = False,
    tags: list[str] | None = None,
    followers: list[int] | None = None,
    at: datetime | None = None,
) -> Conversation:
    """Change status (along the graph), priority, assignee, team, tags or followers; audited."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    refuse_merged(conversation)
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
    if unassign or (assignee_id is not None and assignee_id != conversation.assignee_id):
        user = None if unassign else _member(conversation.workspace_id, assignee_id)
        changes["assignee"] = [conversation.assignee_id, user.pk if user else None]
        conversation.assignee = user
    if clear_team or (team_id is not None and team_id != conversation.team_id):
        team = None
        if not clear_team and team_id is not None:
            team = Team.objects.filter(workspace_id=conversation.workspace_id, pk=team_id).first()
            if team is None:
                raise ValidationFailed(_("There is no such team."), code="invalid_team")
        changes["team"] = [conversation.team_id, team.pk if team else None]
        conversation.team = team
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


def _followers_replace(*, actor: Actor, conversation: Conversation, user_ids: list[int]) -> bool:
    """Make the followers exactly these people; True when anything changed."""
    wanted = list(dict.fromkeys(user_ids))
    users = [_member(conversation.workspace_id, pk, code="invalid_follower") for pk in wanted]
    current = {u.pk: u for u in conversation.followers.all()}
    changed = False
    for user in users:
        if user is not None and user.pk not in current:
            follower_set(actor=actor, conversation=conversation, user=user, follow=True)
            changed = True
    for pk, user in current.items():
        if pk not in wanted:
            follower_set(actor=actor, conversation=conversation, user=user, follow=False)
            changed = True
    return changed


@transaction.atomic
def follower_set(*, actor: Actor, conversation: Conversation, user: User, follow: bool) -> None:
    """Follow or stop following a conversation."""
    if follow:
        _member(conversation.workspace_id, user.pk, code="invalid_follower")
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
