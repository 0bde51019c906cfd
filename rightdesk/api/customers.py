"""/api/v1/customers"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from rightdesk.api.common import ERRORS, actor_for, cursor_decode, cursor_encode, scoped_get
from rightdesk.customers.models import Customer
from rightdesk.flows.customers import customer_add, customer_edit

router = Router(tags=["customers"])


class CustomerIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("", max_length=200)
    emails: list[str] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    organisations: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=50)
    notes: str = Field("", max_length=20000)
    language: str = Field("", max_length=5)
    preferred_channel: str = Field("", max_length=10)
    timezone: str = Field("", max_length=64)
    custom_fields: dict[str, Any] = Field(default_factory=dict)


class CustomerPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200)
    emails: list[str] | None = Field(None, max_length=20)
    phones: list[str] | None = Field(None, max_length=20)
    organisations: list[str] | None = Field(None, max_length=20)
    tags: list[str] | None = Field(None, max_length=50)
    notes: str | None = Field(None, max_length=20000)
    language: str | None = Field(None, max_length=5)
    preferred_channel: str | None = Field(None, max_length=10)
    timezone: str | None = Field(None, max_length=64)
    custom_fields: dict[str, Any] | None = None


class CustomerOut(Schema):
    id: int
    name: str
    emails: list[str]
    phones: list[str]
    organisations: list[str]
    tags: list[str]
    notes: str
    language: str
    preferred_channel: str
    timezone: str
    custom_fields: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class CustomerPage(Schema):
    items: list[CustomerOut]
    next: str | None


def customer_queryset() -> Any:
    return Customer.objects.filter(merged_into__isnull=True).prefetch_related(
        "contacts", "organisations", "tags"
    )


def customer_out(c: Customer) -> dict[str, Any]:
    contacts = list(c.contacts.all())
    return {
        "id": c.pk,
        "name": c.name,
        "emails": [p.value for p in contacts if p.kind == "email"],
        "phones": [p.value for p in contacts if p.kind == "phone"],
        "organisations": [o.name for o in c.organisations.all()],
        "tags": [t.name for t in c.tags.all()],
        "notes": c.notes,
        "language": c.language,
        "preferred_channel": c.preferred_channel,
        "timezone": c.timezone,
        "custom_fields": c.custom_fields,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


@router.get("", response={200: CustomerPage, **ERRORS})
def list_customers(
    request: HttpRequest,
    email: str | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "customers.view")
    qs = customer_queryset().filter(workspace=actor.workspace).order_by("-created_at", "-id")
    if email:
        qs = qs.filter(contacts__kind="email", contacts__value=email.strip().lower())
    if cursor:
        moment, pk = cursor_decode(cursor)
        qs = qs.filter(created_at__lte=moment).exclude(created_at=moment, id__gte=pk)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [customer_out(c) for c in rows],
        "next": cursor_encode(rows[-1].created_at, rows[-1].pk) if more else None,
    }


@router.post("", response={201: CustomerOut, **ERRORS})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status:
    actor = actor_for(request, "customers.edit")
    customer = customer_add(actor=actor, **payload.model_dump())
    return Status(201, customer_out(scoped_get(customer_queryset(), actor, customer.pk)))


@router.get("/{int:customer_id}", response={200: CustomerOut, **ERRORS})
def get_customer(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    actor = actor_for(request, "customers.view")
    return customer_out(scoped_get(customer_queryset(), actor, customer_id))


@router.patch("/{int:customer_id}", response={200: CustomerOut, **ERRORS})
def patch_customer(
    request: HttpRequest, customer_id: int, payload: CustomerPatch
) -> dict[str, Any]:
    actor = actor_for(request, "customers.edit")
    customer = scoped_get(Customer.objects.filter(merged_into__isnull=True), actor, customer_id)
    changes = payload.model_dump(exclude_unset=True)
    customer_edit(
        actor=actor, customer=customer, **{k: v for k, v in changes.items() if v is not None}
    )
    return customer_out(scoped_get(customer_queryset(), actor, customer_id))
