"""Importing customers from a CSV file: all of it, or nothing.

A row updates the customer it names by id, or the one owning one of its
emails or phones, so importing the same file twice changes nothing the second
time. Every row is checked first; a problem that only the database can see
(an email already owned by someone else) is collected row by row, and any
problem at all rolls the whole file back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rightdesk.core.context import Actor, audit_record
from rightdesk.core.errors import Conflict, DeskError, NotFound
from rightdesk.customers import actions, csvio
from rightdesk.customers.csvio import ImportFailed, ImportRow, RowError
from rightdesk.customers.fields import custom_field_definitions
from rightdesk.customers.models import ContactPoint, Customer

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    created: int
    updated: int


def customers_import(
    *, actor: Actor, data: bytes, progress: Progress | None = None
) -> ImportResult:
    """Create or update the customers of a CSV file; raises ImportFailed with every problem."""
    actor.require("customers.import")
    text = csvio.decode(data)
    rows, errors = csvio.parse(text=text, definitions=custom_field_definitions(actor.workspace.pk))
    if errors:
        raise ImportFailed(errors)
    created = updated = 0
    with transaction.atomic():
        for done, row in enumerate(rows, start=1):
            try:
                # A savepoint per row keeps the transaction usable after a refused row,
                # so that the report lists every problem, not only the first.
                with transaction.atomic():
                    if _apply(actor, row):
                        created += 1
                    else:
                        updated += 1
            except DeskError as exc:
                errors.append(_row_error(row, exc))
                if len(errors) >= csvio.MAX_ERRORS:
                    break
            if progress is not None:
                progress(done, len(rows))
        if errors:
            raise ImportFailed(errors)
        audit_record(
            actor=actor,
            verb="customers.imported",
            object_type="workspace",
            object_id=actor.workspace.pk,
            data={"rows": len(rows), "created": created, "updated": updated},
        )
    return ImportResult(created=created, updated=updated)


def _match(actor: Actor, row: ImportRow) -> Customer | None:
    if row.id is not None:
        customer = Customer.objects.filter(workspace=actor.workspace, pk=row.id).first()
        if customer is None:
            raise NotFound(details={"id": _("There is no customer with this id.")})
        if customer.merged_into_id:
            return Customer.objects.get(workspace=actor.workspace, pk=customer.merged_into_id)
        return customer
    owners = set(
        ContactPoint.objects.filter(
            workspace=actor.workspace, kind=ContactPoint.Kind.EMAIL, value__in=row.emails
        ).values_list("customer_id", flat=True)
    ) | set(
        ContactPoint.objects.filter(
            workspace=actor.workspace, kind=ContactPoint.Kind.PHONE, value__in=row.phones
        ).values_list("customer_id", flat=True)
    )
    if len(owners) > 1:
        reason = _("These emails and phones belong to different customers.")
        raise Conflict(details={"emails" if row.emails else "phones": reason})
    return Customer.objects.get(pk=owners.pop()) if owners else None


def _apply(actor: Actor, row: ImportRow) -> bool:
    """Write one row; True when it created a customer."""
    customer = _match(actor, row)
    fields: dict[str, Any] = dict(row.fields)  # name, notes, language... (never `at`)
    if customer is None:
        actions.customer_create(
            actor=actor,
            emails=row.emails,
            phones=row.phones,
            organisations=row.organisations,
            tags=row.tags,
            custom_fields=row.custom_fields,
            **fields,
        )
        return True
    # A file adds contact points and organisations; it never removes them.
    current = list(customer.contacts.values_list("kind", "value"))
    emails = [v for k, v in current if k == ContactPoint.Kind.EMAIL]
    phones = [v for k, v in current if k == ContactPoint.Kind.PHONE]
    orgs = list(customer.organisations.values_list("name", flat=True))
    actions.customer_update(
        actor=actor,
        customer=customer,
        emails=emails + row.emails if row.emails else None,
        phones=phones + row.phones if row.phones else None,
        organisations=orgs + row.organisations if row.organisations else None,
        tags=row.tags or None,
        custom_fields=row.custom_fields or None,
        **row.fields,
    )
    return False


def _row_error(row: ImportRow, exc: DeskError) -> RowError:
    column = exc.code
    if exc.code == "contact_taken":
        column = "emails" if "@" in str(exc.message) or not row.phones else "phones"
    message = str(exc.message)
    if isinstance(exc.details, dict) and exc.details:
        column, reason = next(iter(exc.details.items()))
        if exc.code == "invalid_custom_field":
            column = f"custom:{column}"
        message = str(reason)
    number, name = row.columns.get(column, (0, ""))
    return RowError(row.line, number, name, message)
