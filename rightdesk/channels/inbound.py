"""Inbound mail, raw first: stored, then read into a conversation, or quarantined.

Every way mail comes in (today `rightdesk import-mail`; later IMAP, SMTP and
webhooks) goes through the same two steps:

1. `mail_receive` stores the bytes durably (rawstore) and only then inserts an
   `InboundMail` row in its own short transaction. A crash between the two
   leaves a raw file with no row, which is harmless: receiving the same bytes
   again stores nothing twice and makes the row.
2. `mail_process` reads the stored bytes into the conversation they belong to
   (see `rightdesk.channels.threads`). It is idempotent and claims the row
   with a compare-and-set on its state, so two workers never process one
   message twice. A message past the parser's limits, refused by the desk's
   rules, or hitting any unexpected error is quarantined with a stable reason,
   never lost; `mail_quarantine_retry` processes it again from the same bytes.

Automatic mail (bounces, auto-replies, lists, bulk) is kept in the conversation
it threads into but is `ignored` for answering (no acknowledgement); when it
threads nowhere it opens no conversation. Mail from one of the desk's own
mailbox addresses is `ignored` outright (a loop), its raw bytes kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rightdesk.channels.email.parse import MailRefused, ParsedMail, mail_parse, mail_summary
from rightdesk.channels.email.rawstore import RawMailMissing, raw_read, raw_store
from rightdesk.channels.models import EmailHeader, InboundMail, Mailbox
from rightdesk.channels.threads import thread_find
from rightdesk.conversations.actions import conversation_start, conversation_update, message_post
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Message
from rightdesk.core.clock import now
from rightdesk.core.context import Actor
from rightdesk.core.errors import DeskError
from rightdesk.core.models import Interface
from rightdesk.core.sanitize import clean_text

log = logging.getLogger(__name__)

State = InboundMail.State
_HEADER_MAX = 255
_SUBJECT_MAX = 300


@dataclass(frozen=True)
class _Outcome:
    state: str
    reason: str = ""
    message: Message | None = None


def mail_receive(*, mailbox: Mailbox, raw: bytes) -> tuple[InboundMail, bool]:
    """Store `raw` for `mailbox`; the row, and False when these bytes were already there."""
    digest = raw_store(raw)
    found = InboundMail.objects.filter(mailbox=mailbox, digest=digest).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            row = InboundMail.objects.create(
                workspace_id=mailbox.workspace_id,
                mailbox=mailbox,
                digest=digest,
                received_at=now(),
                **_summary(raw),
            )
    except IntegrityError:
        # Another receiver stored the same bytes a moment ago: theirs is the row.
        return InboundMail.objects.get(mailbox=mailbox, digest=digest), False
    return row, True


def _summary(raw: bytes) -> dict[str, str]:
    found = mail_summary(raw)
    return {
        "mail_id": found.message_id[:_HEADER_MAX],
        "sender": found.sender,
        "subject": found.subject,
    }


def mail_process(*, inbound_id: int) -> str:
    """Read a stored message into its conversation; its state afterwards.

    A row that is not `stored` is left exactly as it is.
    """
    with transaction.atomic():
        claimed = InboundMail.objects.filter(pk=inbound_id, state=State.STORED).update(
            state=State.PROCESSING
        )
        if not claimed:
            state = InboundMail.objects.filter(pk=inbound_id).values_list("state", flat=True)
            return state.first() or ""
        row = InboundMail.objects.select_related("mailbox", "workspace").get(pk=inbound_id)
        outcome = _process_safely(row)
        row.state, row.reason = outcome.state, outcome.reason
        if outcome.message is not None:
            row.message = outcome.message
            row.conversation_id = outcome.message.conversation_id
        row.save(
            update_fields=[
                "state",
                "reason",
                "message",
                "conversation",
                "mail_id",
                "sender",
                "subject",
            ]
        )
        return row.state


def _process_safely(row: InboundMail) -> _Outcome:
    try:
        raw = raw_read(row.digest)
    except RawMailMissing:
        return _Outcome(State.QUARANTINED, "raw_missing")
    try:
        parsed = mail_parse(raw)
    except MailRefused as exc:
        return _Outcome(State.QUARANTINED, exc.reason[:40])
    except Exception:
        log.exception("inbound mail %s could not be parsed", row.pk)
        return _Outcome(State.QUARANTINED, "processing_error")
    row.mail_id = parsed.message_id[:_HEADER_MAX]
    row.sender = parsed.sender_email[:254]
    row.subject = " ".join(clean_text(parsed.subject).split())[:_SUBJECT_MAX]
    try:
        with transaction.atomic():
            return _deliver(row, parsed)
    except DeskError as exc:
        # The desk's own rules refused it (too many attachments, too large...).
        return _Outcome(State.QUARANTINED, (exc.code or "refused")[:40])
    except Exception:
        log.exception("inbound mail %s could not be processed", row.pk)
        return _Outcome(State.QUARANTINED, "processing_error")


def _own_addresses() -> set[str]:
    return set(Mailbox.objects.values_list("address", flat=True))


def _deliver(row: InboundMail, parsed: ParsedMail) -> _Outcome:
    if not parsed.sender_email:
        return _Outcome(State.QUARANTINED, "no_sender")
    if parsed.sender_email in _own_addresses():
        return _Outcome(State.IGNORED, "own_address")
    actor = Actor.system(row.workspace, Interface.EMAIL)
    conversation = thread_find(workspace_id=row.workspace_id, parsed=parsed)
    if conversation is None and parsed.automation:
        return _Outcome(State.IGNORED, parsed.automation[:40])
    # Always some text: an HTML part that sanitises to nothing must not refuse the mail.
    body_text = clean_text(parsed.text).strip() or _("(no text)")
    subject = " ".join(clean_text(parsed.subject).split())[:_SUBJECT_MAX] or _("(no subject)")
    files = [
        NewAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
        for a in parsed.attachments
    ]
    moment = now()
    if conversation is None:
        conversation, message = conversation_start(
            actor=actor,
            subject=subject,
            body_text=body_text,
            body_html=parsed.html,
            customer_email=parsed.sender_email,
            customer_name=parsed.sender_name,
            attachments=files,
            at=moment,
        )
        if row.mailbox.team_id is not None:
            conversation_update(actor=actor, conversation=conversation, team=row.mailbox.team_id)
    else:
        message = message_post(
            actor=actor,
            conversation=conversation,
            direction="in",
            body_text=body_text,
            body_html=parsed.html,
            attachments=files,
            at=moment,
        )
    EmailHeader.objects.create(
        workspace_id=row.workspace_id,
        message=message,
        mail_id=parsed.message_id[:_HEADER_MAX],
        sender=parsed.sender_email[:254],
    )
    if parsed.automation:
        return _Outcome(State.IGNORED, parsed.automation[:40], message)
    return _Outcome(State.PROCESSED, "", message)


# A message younger than this is left to whoever stored it (an import reads its
# own messages before it returns); an older one was left behind by a crash.
SWEEP_AFTER = timedelta(minutes=1)


def mail_sweep(*, limit: int = 200) -> int:
    """Read messages left stored by a receiver that stopped before reading them; how many.

    Safe on several machines at once: each row is claimed by mail_process.
    """
    due = InboundMail.objects.filter(state=State.STORED, received_at__lt=now() - SWEEP_AFTER)
    ids = list(due.order_by("received_at", "pk").values_list("pk", flat=True)[:limit])
    for inbound_id in ids:
        mail_process(inbound_id=inbound_id)
    return len(ids)
