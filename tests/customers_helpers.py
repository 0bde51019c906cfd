"""Shared builders for the customers tests."""

from __future__ import annotations

from typing import Any

from rightdesk.core.models import Workspace
from rightdesk.customers.actions import custom_field_create, customer_create
from rightdesk.customers.models import Customer, CustomField
from tests.factories import actor_for


def make_customer(workspace: Workspace, **fields: Any) -> Customer:
    return customer_create(actor=actor_for(workspace), **fields)


def make_fields(workspace: Workspace) -> list[CustomField]:
    actor = actor_for(workspace)
    return [
        custom_field_create(
            actor=actor, key="plan", label="Plan", kind="choice", choices=["basic", "pro"]
        ),
        custom_field_create(actor=actor, key="seats", label="Seats", kind="number"),
        custom_field_create(actor=actor, key="renewal", label="Renewal", kind="date"),
        custom_field_create(actor=actor, key="account", label="Account", kind="text"),
    ]


def emails_of(customer: Customer) -> list[str]:
    return sorted(customer.contacts.filter(kind="email").values_list("value", flat=True))
