"""Reads about customers."""

from __future__ import annotations

from collections.abc import Iterator

from rightdesk.customers.models import Customer, CustomField


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
