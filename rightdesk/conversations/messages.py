"""A message as the desk takes it in: cleaned texts and checked files, then written.

The checks come before any write, so an action can refuse a message without
leaving anything behind; attachments are stored by generated key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.conf import settings
from django.utils.translation import gettext as _

from rightdesk.accounts.models import User
from rightdesk.conversations.models import Attachment, Conversation, Direction, Message
from rightdesk.conversations.storage import blob_store
from rightdesk.core.context import Actor
from rightdesk.core.errors import DeskError, ValidationFailed
from rightdesk.core.sanitize import clean_filename, clean_html, clean_text

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
class CheckedMessage:
    direction: str
    body_text: str
    body_html: str
    files: list[NewAttachment]


def message_check(
    direction: str, body_text: str, body_html: str, attachments: list[NewAttachment] | None
) -> CheckedMessage:
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
    return CheckedMessage(direction, body_text, body_html, files)


def message_write(
    *, actor: Actor, conversation: Conversation, checked: CheckedMessage, moment: datetime
) -> tuple[Message, list[Attachment]]:
    """Insert a checked message with its attachments."""
    inbound = checked.direction == Direction.IN
    message = Message.objects.create(
        workspace_id=conversation.workspace_id,
        conversation=conversation,
        direction=checked.direction,
        author_user=None if inbound else cast("User | None", actor.user),
        author_customer=conversation.customer if inbound else None,
        body_text=checked.body_text,
        body_html=checked.body_html,
        interface=actor.interface,
        created_at=moment,
    )
    attachments = []
    for f in checked.files:
        key, digest = blob_store(f.data)
        # A file written for a transaction that rolls back is left as an orphan
        # on disk (conversations/sweep.py removes it), never a row pointing at nothing.
        attachment = Attachment.objects.create(
            workspace_id=conversation.workspace_id,
            message=message,
            storage_key=key,
            filename=clean_filename(f.filename),
            size=len(f.data),
            content_type=_clean_content_type(f.content_type),
            sha256=digest,
        )
        attachments.append(attachment)
    return message, attachments
