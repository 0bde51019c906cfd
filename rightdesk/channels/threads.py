"""Which conversation an inbound message belongs to, if any (reads only).

In this order, the first that answers wins:

1. A desk token: the conversation's plus-address in To/Cc, or one of the desk's
   own Message-IDs in In-Reply-To/References. Tokens are keyed to the
   workspace and cannot be forged.
2. In-Reply-To/References naming a message (`EmailHeader`) of a conversation
   whose customer owns the sender's address. A stranger who quotes someone
   else's Message-ID gets a conversation of their own.
3. Last resort: the same subject (without Re:/Fwd: prefixes, ignoring case)
   as a conversation of the same customer that is not closed and was active in
   the last `SUBJECT_WINDOW`.

A merged conversation leads to the one it was merged into.
"""

from __future__ import annotations

from datetime import timedelta

from rightdesk.channels.email.compose import reply_subject
from rightdesk.channels.email.parse import ParsedMail
from rightdesk.channels.email.tokens import conversation_of_address, conversation_of_message_ids
from rightdesk.channels.models import EmailHeader
from rightdesk.conversations.models import Conversation
from rightdesk.conversations.states import Status
from rightdesk.core.clock import now
from rightdesk.customers.models import ContactPoint, Customer

SUBJECT_WINDOW = timedelta(days=30)
_MAX_MERGE_HOPS = 20
_MAX_SUBJECT_CANDIDATES = 200


def thread_find(*, workspace_id: int, parsed: ParsedMail) -> Conversation | None:
    """The conversation of this workspace the message continues, or None for a new one."""
    found = _by_token(workspace_id, parsed)
    if found is None:
        customer = _customer_of(workspace_id, parsed.sender_email)
        if customer is not None:
            found = _by_headers(workspace_id, customer, parsed) or _by_subject(
                workspace_id, customer, parsed.subject
            )
    return _followed(found) if found is not None else None


def _ids(parsed: ParsedMail) -> list[str]:
    return [*parsed.in_reply_to, *reversed(parsed.references)]


def _by_token(workspace_id: int, parsed: ParsedMail) -> Conversation | None:
    candidates = [conversation_of_address(a, workspace_id=workspace_id) for a in parsed.to]
    candidates += [conversation_of_address(a, workspace_id=workspace_id) for a in parsed.cc]
    candidates.append(conversation_of_message_ids(_ids(parsed), workspace_id=workspace_id))
    for pk in candidates:
        if pk is not None:
            found = Conversation.objects.filter(workspace_id=workspace_id, pk=pk).first()
            if found is not None:
                return found
    return None


def _customer_of(workspace_id: int, email: str) -> Customer | None:
    contact = (
        ContactPoint.objects.select_related("customer")
        .filter(workspace_id=workspace_id, kind=ContactPoint.Kind.EMAIL, value=email)
        .order_by()
        .first()
    )
    return contact.customer if contact is not None else None


def _by_headers(workspace_id: int, customer: Customer, parsed: ParsedMail) -> Conversation | None:
    ids = [i[:255] for i in _ids(parsed) if i]
    if not ids:
        return None
    headers = EmailHeader.objects.filter(
        workspace_id=workspace_id,
        mail_id__in=ids,
        message__conversation__customer=customer,
    ).select_related("message__conversation")
    by_id = {h.mail_id: h.message.conversation for h in headers}
    for message_id in ids:
        if message_id in by_id:
            return by_id[message_id]
    return None


def subject_key(subject: str) -> str:
    """A subject without reply and forward prefixes, for comparing ("" when it has none)."""
    return reply_subject(subject).removeprefix("Re:").strip().casefold()


def _by_subject(workspace_id: int, customer: Customer, subject: str) -> Conversation | None:
    key = subject_key(subject)
    if not key:
        return None
    recent = (
        Conversation.objects.filter(
            workspace_id=workspace_id,
            customer=customer,
            last_activity_at__gte=now() - SUBJECT_WINDOW,
        )
        .exclude(status=Status.CLOSED)
        .order_by("-last_activity_at", "-id")[:_MAX_SUBJECT_CANDIDATES]
    )
    for conversation in recent:
        if subject_key(conversation.subject) == key:
            return conversation
    return None


def _followed(conversation: Conversation) -> Conversation:
    seen = {conversation.pk}
    for _hop in range(_MAX_MERGE_HOPS):
        if conversation.merged_into_id is None:
            break
        target = Conversation.objects.filter(
            workspace_id=conversation.workspace_id, pk=conversation.merged_into_id
        ).first()
        if target is None or target.pk in seen:
            break
        seen.add(target.pk)
        conversation = target
    return conversation
