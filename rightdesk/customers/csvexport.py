"""Customers as CSV: the export, safe to open in a spreadsheet and read back by the import."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator

from rightdesk.core.context import Actor, audit_record
from rightdesk.customers.models import ContactPoint, Customer
from rightdesk.customers.queries import custom_field_keys, customers_for_export

# OWASP CSV injection: a cell starting with one of these is run by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    "id",
    "name",
    "emails",
    "phones",
    "organisations",
    "tags",
    "language",
    "preferred_channel",
    "timezone",
    "notes",
]


def cell_safe(value: str) -> str:
    """The value as a spreadsheet shows it and never runs it (prefixed with ' if needed)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def export_lines(*, header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text, one record at a time, every cell quoted and guarded against formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for cells in itertools.chain([header], rows):
        writer.writerow([cell_safe(c) for c in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def export_header(custom_keys: list[str]) -> list[str]:
    """The columns of an export; the import reads the same names back."""
    return EXPORT_COLUMNS + [f"custom:{k}" for k in custom_keys]


def export_row(customer: Customer, custom_keys: list[str]) -> list[str]:
    """One customer as export cells (contacts, organisations and tags prefetched)."""
    contacts = list(customer.contacts.all())
    values = customer.custom_fields or {}
    return [
        str(customer.pk),
        customer.name,
        "; ".join(c.value for c in contacts if c.kind == ContactPoint.Kind.EMAIL),
        "; ".join(c.value for c in contacts if c.kind == ContactPoint.Kind.PHONE),
        "; ".join(o.name for o in customer.organisations.all()),
        "; ".join(t.name for t in customer.tags.all()),
        customer.language,
        customer.preferred_channel,
        customer.timezone,
        customer.notes,
        *("" if values.get(k) is None else str(values[k]) for k in custom_keys),
    ]


def customers_export(*, actor: Actor) -> Iterator[str]:
    """The workspace's current customers as CSV text, streamed; the export is audited."""
    actor.require("customers.import")
    audit_record(
        actor=actor,
        verb="customers.exported",
        object_type="workspace",
        object_id=actor.workspace.pk,
    )
    keys = custom_field_keys(workspace_id=actor.workspace.pk)
    customers = customers_for_export(workspace_id=actor.workspace.pk)
    return export_lines(header=export_header(keys), rows=(export_row(c, keys) for c in customers))
