"""Every write about customers, organisations and contact points."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rightdesk.core.context import Actor, audit_record
from rightdesk.core.emails import normalise_email
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.core.models import LANGUAGE_CHOICES, Tag
from rightdesk.core.sanitize import clean_text
from rightdesk.customers.fields import clean_custom_fields
from rightdesk.customers.indexing import index_customer
from rightdesk.customers.models import Channel, ContactPoint, Customer, CustomField, Organisation

_PHONE = re.compile(r"^\+?[0-9 ()\-./]{4,40}$")
EDITABLE = ("name", "notes", "language", "preferred_channel", "timezone")
_FIELD_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# Column names of the CSV files; a custom field with one of these keys would be ambiguous.
RESERVED_KEYS = frozenset(
    {*EDITABLE, "id", "email", "emails", "phone", "phones", "organisation", "organisations"}
    | {"organization", "organizations", "tag", "tags", "channel", "time_zone", "note"}
)


def normalise_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not _PHONE.match(phone):
        raise ValidationFailed(
            _("“%(phone)s” is not a valid phone number.") % {"phone": phone[:60]},
            code="invalid_phone",
        )
    digits = re.sub(r"[^0-9]", "", phone)
    return ("+" if phone.startswith("+") else "") + digits


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def fields_check(fields: dict[str, Any]) -> dict[str, Any]:
    """The plain fields, trimmed and checked; every bad one is reported in details."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            errors[key] = _("Unknown field.")
            continue
        value = "" if value is None else clean_text(str(value)).strip()
        limit = 20000 if key == "notes" else 200
        if len(value) > limit:
            errors[key] = _("Too long.")
        elif key == "language" and value and value not in dict(LANGUAGE_CHOICES):
            errors[key] = _("Unknown language.")
        elif key == "preferred_channel" and value and value not in Channel.values:
            errors[key] = _("Unknown channel.")
        elif key == "timezone" and value and value not in _time_zones():
            errors[key] = _("Unknown time zone.")
        clean[key] = value
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def tags_resolve(*, workspace_id: int, names: list[str]) -> list[Tag]:
    """The workspace's tags with these names, created as needed."""
    tags = []
    for raw in names:
        name = clean_text(str(raw)).strip()[:60]
        if name:
            tags.append(Tag.objects.get_or_create(workspace_id=workspace_id, name=name)[0])
    return tags


def customer_create(
    *,
    actor: Actor,
    name: str = "",
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    organisations: list[str] | None = None,
    tags: list[str] | None = None,
    custom_fields: dict[str, Any] | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> Customer:
    """A new customer with contact points. An email or phone already in use is a conflict.

    `at` says since when they have been a customer (imports, the demo); by default now.
    The new customer is findable by search when the change commits.

    Every refusal but that conflict comes before the first write. The writes share
    the caller's transaction without a savepoint of their own: a caller that wants
    to carry on after a conflict wraps the call in its own atomic block.
    """
    actor.require("customers.edit")
    clean = fields_check({"name": name, **fields})
    custom = clean_custom_fields(actor.workspace.pk, custom_fields) if custom_fields else {}
    wanted = [(ContactPoint.Kind.EMAIL, normalise_email(e)) for e in emails or []]
    wanted += [(ContactPoint.Kind.PHONE, normalise_phone(p)) for p in phones or []]
    with transaction.atomic(savepoint=False):
        customer = Customer.objects.create(workspace=actor.workspace, custom_fields=custom, **clean)
        contacts_add(customer=customer, wanted=wanted, new=True)
        orgs = organisations_resolve(actor=actor, names=organisations) if organisations else []
        customer.organisations.add(*orgs)
        if tags:
            customer.tags.add(*tags_resolve(workspace_id=actor.workspace.pk, names=tags))
        if at is not None:
            Customer.objects.filter(pk=customer.pk).update(created_at=at, updated_at=at)
            customer.created_at = customer.updated_at = at
        audit_record(
            actor=actor,
            verb="customer.created",
            object_type="customer",
            object_id=customer.pk,
            at=at,
        )
        known = [value for _kind, value in dict.fromkeys(wanted)] + [o.name for o in orgs]
        index_customer(customer, new=True, known=known)
    return customer


def contacts_add(
    *, customer: Customer, wanted: Sequence[tuple[str, str]], new: bool = False
) -> None:
    """Attach contact points given as (kind, normalised value); a taken one is a conflict.

    `new` says the customer was created in this transaction and has none yet,
    so nothing needs reading first: the unique constraint catches a taken one.
    """
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return
    owners: dict[tuple[str, str], int] = {}
    has_primary = False
    if not new:
        has_primary = customer.contacts.filter(is_primary=True).exists()
        rows = ContactPoint.objects.filter(
            workspace_id=customer.workspace_id, value__in=[value for _kind, value in wanted]
        ).values_list("kind", "value", "customer_id")
        owners = {(kind, value): owner for kind, value, owner in rows}
    for kind, value in wanted:
        owner = owners.get((kind, value))
        if owner == customer.pk:
            continue
        taken = Conflict(
            _("%(value)s already belongs to another customer.") % {"value": value},
            code="contact_taken",
        )
        if owner is not None:
            raise taken
        try:
            # No savepoint: a conflict ends the change, and a caller that wants to
            # carry on after one has its own atomic block (the CSV import, per row).
            ContactPoint.objects.create(
                workspace_id=customer.workspace_id,
                customer=customer,
                kind=kind,
                value=value,
                is_primary=not has_primary,
            )
        except IntegrityError as exc:
            raise taken from exc
        has_primary = True


def organisations_resolve(*, actor: Actor, names: list[str]) -> list[Organisation]:
    """The workspace's organisations with these names, created as needed."""
    orgs = []
    for raw in names:
        name = clean_text(str(raw)).strip()[:200]
        if name:
            orgs.append(Organisation.objects.get_or_create(workspace=actor.workspace, name=name)[0])
    return orgs


def contacts_set(*, customer: Customer, kind: str, values: list[str]) -> bool:
    """Make the customer's contact points of one kind exactly these; True when they changed."""
    normalise = normalise_email if kind == ContactPoint.Kind.EMAIL else normalise_phone
    wanted = list(dict.fromkeys(normalise(v) for v in values))
    current = set(customer.contacts.filter(kind=kind).values_list("value", flat=True))
    if current == set(wanted):
        return False
    removed = customer.contacts.filter(kind=kind).exclude(value__in=wanted)
    primary_removed = removed.filter(is_primary=True).exists()
    removed.delete()
    contacts_add(customer=customer, wanted=[(kind, value) for value in wanted])
    if primary_removed and wanted:
        # The first one given takes the place of the primary that went away.
        customer.contacts.update(is_primary=False)
        customer.contacts.filter(kind=kind, value=wanted[0]).update(is_primary=True)
    primary_ensure(customer)
    return True


def primary_ensure(customer: Customer) -> None:
    """A customer with contact points always has exactly one primary one."""
    if not customer.contacts.filter(is_primary=True).exists():
        first = customer.contacts.order_by("id").first()
        if first is not None:
            ContactPoint.objects.filter(pk=first.pk).update(is_primary=True)


@transaction.atomic
def customer_update(
    *,
    actor: Actor,
    customer: Customer,
    tags: list[str] | None = None,
    custom_fields: dict[str, Any] | None = None,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    organisations: list[str] | None = None,
    **fields: Any,
) -> Customer:
    """Change a customer's details.

    A list given here (emails, phones, organisations, tags) replaces the current
    one; None leaves it alone. Custom fields given are set one by one (an empty
    value clears one) and the others are kept.
    """
    if customer.workspace_id != actor.workspace.pk or customer.merged_into_id:
        raise NotFound()
    actor.require("customers.edit")
    clean = fields_check(fields)
    changed: set[str] = set()
    for key, value in clean.items():
        if getattr(customer, key) != value:
            changed.add(key)
            setattr(customer, key, value)
    if custom_fields:
        values = {
            **customer.custom_fields,
            **clean_custom_fields(actor.workspace.pk, custom_fields),
        }
        if values != customer.custom_fields:
            changed.add("custom_fields")
            customer.custom_fields = values
    if emails is not None and contacts_set(
        customer=customer, kind=ContactPoint.Kind.EMAIL, values=emails
    ):
        changed.add("emails")
    if phones is not None and contacts_set(
        customer=customer, kind=ContactPoint.Kind.PHONE, values=phones
    ):
        changed.add("phones")
    if organisations is not None:
        orgs = organisations_resolve(actor=actor, names=organisations)
        if {o.pk for o in orgs} != set(customer.organisations.values_list("pk", flat=True)):
            customer.organisations.set(orgs)
            changed.add("organisations")
    if tags is not None:
        found = tags_resolve(workspace_id=actor.workspace.pk, names=tags)
        if {t.pk for t in found} != set(customer.tags.values_list("pk", flat=True)):
            customer.tags.set(found)
            changed.add("tags")
    if not changed:
        return customer  # nothing to record: re-importing a file is a no-op
    # Lists live in other tables; the row's updated_at still says the customer changed.
    customer.save()
    audit_record(
        actor=actor,
        verb="customer.updated",
        object_type="customer",
        object_id=customer.pk,
        data={"changed": sorted(changed)},
    )
    index_customer(customer)
    return customer


def customer_for_email(*, actor: Actor, email: str, name: str = "") -> tuple[Customer, bool]:
    """The customer who owns this email address, created when nobody does; and whether new."""
    email = normalise_email(email)
    # An address belongs to one customer at most (unique per workspace): no ordering needed.
    contact = (
        ContactPoint.objects.select_related("customer")
        .filter(workspace_id=actor.workspace.pk, kind=ContactPoint.Kind.EMAIL, value=email)
        .order_by()[:1]
    )
    for found in contact:
        return found.customer, False
    return customer_create(actor=actor, name=name or email.split("@")[0], emails=[email]), True


@transaction.atomic
def custom_field_create(
    *, actor: Actor, key: str, label: str, kind: str, choices: list[str] | None = None
) -> CustomField:
    """A new typed field on the workspace's customers; a choice field needs its choices."""
    actor.require("workspace.manage")
    key = (key or "").strip().lower()
    label = clean_text(label or "").strip()
    errors: dict[str, str] = {}
    if not _FIELD_KEY.match(key) or key in RESERVED_KEYS:
        errors["key"] = _("Use 1 to 60 lower-case letters, digits, - and _, not a built-in name.")
    if not label or len(label) > 120:
        errors["label"] = _("A label of 1 to 120 characters is needed.")
    if kind not in CustomField.Kind.values:
        errors["kind"] = _("Unknown field type.")
    options = [clean_text(str(c)).strip() for c in choices or []]
    options = [c for c in dict.fromkeys(options) if c]
    if kind == CustomField.Kind.CHOICE and not options:
        errors["choices"] = _("A choice field needs at least one choice.")
    if errors:
        raise ValidationFailed(details=errors)
    if CustomField.objects.filter(workspace=actor.workspace, key=key).exists():
        raise Conflict(_("A custom field with this key exists."), code="field_key_taken")
    field = CustomField.objects.create(
        workspace=actor.workspace,
        key=key,
        label=label,
        kind=kind,
        choices=options if kind == CustomField.Kind.CHOICE else [],
    )
    audit_record(
        actor=actor,
        verb="custom_field.created",
        object_type="custom_field",
        object_id=field.pk,
        data={"key": key, "kind": kind},
    )
    return field
