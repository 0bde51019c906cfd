"""Reads of customers: one customer, the customer list, exports and merge targets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.core.cursor import keyset_page
from rightdesk.core.errors import NotFound
from rightdesk.core.models import Workspace
from rightdesk.customers.models import Customer, CustomField


def customer_get(*, workspace: Workspace, pk: int) -> Customer:
    """One customer of the workspace with contacts, organisations and tags; else NotFound."""
    customer = (
        Customer.objects.prefetch_related("contacts", "organisations", "tags")
        .filter(workspace=workspace, pk=pk)
        .first()
    )
    if customer is None:
        raise NotFound(_("There is no such customer."))
    return customer


def custom_field_rows(customer: Customer) -> list[tuple[str, Any]]:
    """(label, value) for every custom field the workspace defines, in key order."""
    values = customer.custom_fields or {}
    return [
        (field.label, values.get(field.key))
        for field in CustomField.objects.filter(workspace_id=customer.workspace_id)
    ]


@dataclass(frozen=True)
class CustomerPage:
    rows: list[Customer]
    next_after: tuple[str, int] | None


def customer_list(
    *,
    workspace: Workspace,
    ids: list[int] | None = None,
    after: tuple[str, int] | None = None,
    limit: int = 50,
) -> CustomerPage:
    """Customers by name, a page at a time (keyset on name and id); `ids` narrows to those."""
    qs = Customer.objects.filter(workspace=workspace, merged_into__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    rows, last = keyset_page(
        qs.prefetch_related("contacts", "tags"), keys=("name", "id"), after=after, limit=limit
    )
    return CustomerPage(rows, last)


def custom_field_keys(*, workspace_id: int) -> list[str]:
    """Keys of the workspace's custom fields, in a stable order."""
    return list(
        CustomField.objects.filter(workspace_id=workspace_id)
        .order_by("key")
        .values_list("key", flat=True)
    )


def customers_for_export(*, workspace_id: int, chunk_size: int = 500) -> Iterator[Customer]:
    """Every current (not merged) customer of the workspace, read in chunks."""
    return (
        Customer.objects.filter(workspace_id=workspace_id, merged_into__isnull=True)
        .order_by("id")
        .prefetch_related("contacts", "organisations", "tags")
        .iterator(chunk_size=chunk_size)
    )


def customer_merged_target(*, workspace_id: int, customer_id: int) -> int | None:
    """The customer that a merged customer now lives on, or None if it was not merged."""
    return (
        Customer.objects.filter(workspace_id=workspace_id, pk=customer_id)
        .values_list("merged_into_id", flat=True)
        .first()
    )
