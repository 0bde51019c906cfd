"""Every write about mailboxes: made, changed and removed by managers.

A mailbox belongs to one workspace in the whole installation. Two workspaces
that race for one address both pass the check; the unique constraint decides,
and the loser gets the same `address_taken` as if it had asked later.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rightdesk.accounts.queries import team_chosen
from rightdesk.channels.inbound import mail_process
from rightdesk.channels.models import ADDRESS_MAX, NAME_MAX, SIGNATURE_MAX, InboundMail, Mailbox
from rightdesk.core.context import Actor, audit_record
from rightdesk.core.emails import normalise_email
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.core.unset import UNSET, Unset

# Every C0 control character and DEL; a signature may keep its newlines and tabs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _refuse_controls(value: str, pattern: re.Pattern[str], field: str) -> None:
    if pattern.search(value):
        raise ValidationFailed(
            _("%(field)s: NUL and control characters are not allowed.")
            % {"field": field_label(field)},
            code="invalid_characters",
        )


def _too_long(field: str, limit: int) -> ValidationFailed:
    return ValidationFailed(
        ngettext(
            "%(field)s: at most %(n)d character.", "%(field)s: at most %(n)d characters.", limit
        )
        % {"field": field_label(field), "n": limit},
        code="too_long",
    )


def field_label(field: str) -> str:
    """The translated name of a mailbox field, for errors."""
    labels = {
        "address": _("Address"),
        "name": _("Display name"),
        "signature": _("Signature"),
    }
    return labels.get(field, field)


def mailbox_address_clean(address: str) -> str:
    """The stored form of a mailbox address, or a clear error."""
    address = str(address or "")
    _refuse_controls(address, _CONTROL, "address")
    address = address.strip()
    if len(address) > ADDRESS_MAX:
        raise _too_long("address", ADDRESS_MAX)
    return normalise_email(address)


def mailbox_name_clean(name: str) -> str:
    name = str(name or "")
    _refuse_controls(name, _CONTROL, "name")
    name = " ".join(name.split())
    if len(name) > NAME_MAX:
        raise _too_long("name", NAME_MAX)
    return name


def mailbox_signature_clean(signature: str) -> str:
    """Plain text: line ends made uniform, trailing blanks trimmed, no control characters."""
    text = str(signature or "").replace("\r\n", "\n").replace("\r", "\n")
    _refuse_controls(text, _CONTROL_BUT_LINES, "signature")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if len(text) > SIGNATURE_MAX:
        raise _too_long("signature", SIGNATURE_MAX)
    return text


def _address_taken() -> Conflict:
    # Never says which workspace has it: that would leak other tenants' existence.
    return Conflict(
        _("This address is already used by a mailbox on this desk."), code="address_taken"
    )


def _save(mailbox: Mailbox) -> None:
    taken = Mailbox.objects.filter(address=mailbox.address).exclude(pk=mailbox.pk)
    if taken.exists():
        raise _address_taken()
    try:
        with transaction.atomic():
            mailbox.save()
    except IntegrityError as exc:
        raise _address_taken() from exc


def _snapshot(mailbox: Mailbox) -> dict[str, Any]:
    return {
        "address": mailbox.address,
        "name": mailbox.name,
        "team": mailbox.team_id,
        "signature": mailbox.signature,
        "acknowledge": mailbox.acknowledge,
    }


@transaction.atomic
def mailbox_create(
    *,
    actor: Actor,
    address: str,
    name: str = "",
    team_id: int | None = None,
    signature: str = "",
    acknowledge: bool = False,
) -> Mailbox:
    """A new mailbox of the actor's workspace; a taken address is 409 `address_taken`."""
    actor.require("workspace.manage")
    mailbox = Mailbox(
        workspace=actor.workspace,
        address=mailbox_address_clean(address),
        name=mailbox_name_clean(name),
        team=team_chosen(workspace_id=actor.workspace.pk, team_id=team_id),
        signature=mailbox_signature_clean(signature),
        acknowledge=bool(acknowledge),
    )
    _save(mailbox)
    audit_record(
        actor=actor,
        verb="mailbox.created",
        object_type="mailbox",
        object_id=mailbox.pk,
        data=_snapshot(mailbox),
    )
    return mailbox


def _mailbox_of(actor: Actor, mailbox_id: int) -> Mailbox:
    mailbox = (
        Mailbox.objects.select_for_update().filter(workspace=actor.workspace, pk=mailbox_id).first()
    )
    if mailbox is None:
        raise NotFound()
    return mailbox


@transaction.atomic
def mailbox_update(
    *,
    actor: Actor,
    mailbox_id: int,
    address: str | Unset = UNSET,
    name: str | Unset = UNSET,
    team_id: int | Unset | None = UNSET,
    signature: str | Unset = UNSET,
    acknowledge: bool | Unset = UNSET,
) -> Mailbox:
    """Change what is given of a mailbox of the actor's workspace (`team_id=None` clears it)."""
    actor.require("workspace.manage")
    mailbox = _mailbox_of(actor, mailbox_id)
    before = _snapshot(mailbox)
    if not isinstance(address, Unset):
        mailbox.address = mailbox_address_clean(address)
    if not isinstance(name, Unset):
        mailbox.name = mailbox_name_clean(name)
    if not isinstance(team_id, Unset):
        mailbox.team = team_chosen(workspace_id=actor.workspace.pk, team_id=team_id)
    if not isinstance(signature, Unset):
        mailbox.signature = mailbox_signature_clean(signature)
    if not isinstance(acknowledge, Unset):
        mailbox.acknowledge = bool(acknowledge)
    after = _snapshot(mailbox)
    changed = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
    if not changed:
        return mailbox
    _save(mailbox)
    audit_record(
        actor=actor,
        verb="mailbox.updated",
        object_type="mailbox",
        object_id=mailbox.pk,
        data=changed,
    )
    return mailbox


@transaction.atomic
def mailbox_delete(*, actor: Actor, mailbox_id: int) -> None:
    """Remove a mailbox of the actor's workspace; its address is free again at once.

    A hard delete, refused (409 `mailbox_in_use`) once the mailbox has received
    mail: the stored messages name it.
    """
    actor.require("workspace.manage")
    mailbox = _mailbox_of(actor, mailbox_id)
    if InboundMail.objects.filter(mailbox=mailbox).exists():
        raise Conflict(
            _("This mailbox has received mail and cannot be removed."), code="mailbox_in_use"
        )
    data = _snapshot(mailbox)
    mailbox.delete()
    audit_record(
        actor=actor,
        verb="mailbox.deleted",
        object_type="mailbox",
        object_id=mailbox_id,
        data=data,
    )


def _quarantined(actor: Actor, inbound_ids: list[int] | None) -> list[int]:
    rows = InboundMail.objects.filter(
        workspace=actor.workspace, state=InboundMail.State.QUARANTINED
    ).order_by("received_at", "pk")
    if inbound_ids is None:
        return list(rows.values_list("pk", flat=True))
    wanted = set(inbound_ids)
    found = list(rows.filter(pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        # Another workspace's message, one not quarantined, or none at all: not found.
        raise NotFound(_("There is no quarantined message with this id."))
    return found


def mail_quarantine_retry(*, actor: Actor, inbound_ids: list[int] | None = None) -> list[str]:
    """Process quarantined messages again from their raw bytes (all when ids are None).

    Each one's state afterwards, in order; a message that fails again stays
    quarantined with its (new) reason.
    """
    actor.require("workspace.manage")
    states = []
    for pk in _quarantined(actor, inbound_ids):
        with transaction.atomic():
            back = InboundMail.objects.filter(pk=pk, state=InboundMail.State.QUARANTINED).update(
                state=InboundMail.State.STORED, reason=""
            )
            if back:
                audit_record(
                    actor=actor, verb="mail.retried", object_type="inbound_mail", object_id=pk
                )
        states.append(mail_process(inbound_id=pk))
    return states


@transaction.atomic
def mail_quarantine_discard(*, actor: Actor, inbound_ids: list[int]) -> int:
    """Mark quarantined messages as discarded (their raw bytes stay on disk); how many."""
    actor.require("workspace.manage")
    found = _quarantined(actor, inbound_ids)
    InboundMail.objects.filter(pk__in=found).update(state=InboundMail.State.DISCARDED)
    for pk in found:
        audit_record(actor=actor, verb="mail.discarded", object_type="inbound_mail", object_id=pk)
    return len(found)
