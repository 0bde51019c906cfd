"""Use cases around customers: writes plus keeping the search index in step."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rightdesk.conversations.search import index_customer
from rightdesk.core.context import Actor
from rightdesk.customers import actions
from rightdesk.customers.models import Customer


@transaction.atomic
def customer_add(*, actor: Actor, **fields: Any) -> Customer:
    """Create a customer and make them findable."""
    customer = actions.customer_create(actor=actor, **fields)
    index_customer(customer.pk)
    return customer


@transaction.atomic
def customer_edit(*, actor: Actor, customer: Customer, **fields: Any) -> Customer:
    """Change a customer and refresh their search terms."""
    customer = actions.customer_update(actor=actor, customer=customer, **fields)
    index_customer(customer.pk)
    return customer
