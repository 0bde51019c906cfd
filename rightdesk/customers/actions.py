"""Every write about customers, organisations and contact points."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rightdesk.core.context import Actor, audit_record
from rightdesk.core.errors import Conflict, ValidationFailed
from rightdesk.core.models import LANGUAGE_CHOICES, Tag
from rightdesk.customers.fields import clean_custom_fields
from rightdesk.customers.models import Channel, ContactPoint, Customer, Organisation

_PHONE = re.compile(r"^\+?[0-9 ()\-./]{4,40}$")
EDITABLE = ("name", "notes", "language", "preferred_channel", "timezone")


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            _("“%(email)s” is not a valid email address.") % {"email": email[:200]},
            code="invalid_email",
        ) from exc
    return email


def normalise_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not _PHONE.match(phone):
        raise ValidationFailed(
            _("“%(phone)s” is not a valid phone number.") % {"phone": phone[:60]},
            code="invalid_phone",
        )
    digits = re.sub(r"[^0-9]", "", phone)
    return ("+" if phone.startswith("+") else "") + digits


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in EDITABLE:
            errors[key] = _("Unknown field.")
            continue
        value = "" if value is None else str(value).strip()
        limit = 20000 if key == "notes" else 200
        if len(value) > limit:
            errors[key] = _("Too long.")
        elif key == "language" and value and value not in dict(LANGUAGE_CHOICES):
            errors[key] = _("Unknown language.")
        elif key == "preferred_channel" and value and value not in Channel.values:
            errors[key] = _("Unknown channel.")
        clean[key] = value
    if errors:
        raise ValidationFailed(details=errors)
    return clean


def tags_resolve(*, workspace_id: int, names: list[str]) -> list[Tag]:
    """The workspace's tags with these names, created as needed."""
    tags = []
    for raw in names:
        name = str(raw).strip()[:60]
        if name:
            tags.append(Tag.objects.get_or_create(workspace_id=workspace_id, name=name)[0])
    return tags


@transaction.atomic
def customer_create(
    *,
    actor: Actor,
    name: str = "",
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    organisations: list[str] | None = None,
    tags: list[str] | None = None,
    custom_fields: dict[str, Any] | None = None,
    **fields: Any,
) -> Customer:
    """A new customer with contact points. An email or phone already in use is a conflict."""
    clean = _check_fields({"name": name, **fields})
    customer = Customer.objects.create(
        workspace=actor.workspace,
        custom_fields=clean_custom_fields(actor.workspace.pk, custom_fields or {}),
        **clean,
    )
    contacts_add(customer=customer, emails=emails or [], phones=phones or [])
    if organisations:
        customer.organisations.add(*organisations_resolve(actor=actor, names=organisations))
    if tags:
        customer.tags.add(*tags_resolve(workspace_id=actor.workspace.pk, names=tags))
    audit_record(
        actor=actor, verb="customer.created", object_type="customer", object_id=customer.pk
    )
    return customer


def contacts_add(*, customer: Customer, emails: list[str], phones: list[str]) -> None:
    """Attach contact points; one that belongs to another customer is a conflict."""
    has_primary = customer.contacts.filter(is_primary=True).exists()
    wanted = [(ContactPoint.Kind.EMAIL, normalise_email(e)) for e in emails]
    wanted += [(ContactPoint.Kind.PHONE, normalise_phone(p)) for p in phones]
    for kind, value in wanted:
        existing = ContactPoint.objects.filter(
            workspace_id=customer.workspace_id, kind=kind, value=value
        ).first()
        if existing and existing.customer_id != customer.pk:
            raise Conflict(
                _("%(value)s already belongs to another customer.") % {"value": value},
                code="contact_taken",
            )
        if existing is None:
            try:
                with transaction.atomic():
                    ContactPoint.objects.create(
                        workspace_id=customer.workspace_id,
                        customer=customer,
                        kind=kind,
                        value=value,
                        is_primary=not has_primary,
                    )
            except IntegrityError as exc:
                raise Conflict(code="contact_taken") from exc
            has_primary = True


def organisations_resolve(*, actor: Actor, names: list[str]) -> list[Organisation]:
    orgs = []
    for raw in names:
        name = str(raw).strip()[:200]
        if name:
            orgs.append(Organisation.objects.get_or_create(workspace=actor.workspace, name=name)[0])
    return orgs


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
    """Change a customer's details; lists given here are added to, not replaced."""
    clean = _check_fields(fields)
    changed: dict[str, Any] = {}
    for key, value in clean.items():
        if getattr(customer, key) != value:
            changed[key] = value
            setattr(customer, key, value)
    if custom_fields:
        customer.custom_fields = {
            **customer.custom_fields,
            **clean_custom_fields(actor.workspace.pk, custom_fields),
        }
        changed["custom_fields"] = custom_fields
    customer.save()
    contacts_add(customer=customer, emails=emails or [], phones=phones or [])
    if organisations:
        customer.organisations.add(*organisations_resolve(actor=actor, names=organisations))
    if tags is not None:
        customer.tags.set(tags_resolve(workspace_id=actor.workspace.pk, names=tags))
        changed["tags"] = sorted(tags)
    audit_record(
        actor=actor,
        verb="customer.updated",
        object_type="customer",
        object_id=customer.pk,
        data={"changed": sorted(changed)},
    )
    return customer


def customer_for_email(*, actor: Actor, email: str, name: str = "") -> Customer:
    """The customer who owns this email address, created when nobody does."""
    email = normalise_email(email)
    contact = (
        ContactPoint.objects.select_related("customer")
        .filter(workspace=actor.workspace, kind=ContactPoint.Kind.EMAIL, value=email)
        .first()
    )
    if contact is not None:
        return contact.customer
    return customer_create(actor=actor, name=name or email.split("@")[0], emails=[email])
