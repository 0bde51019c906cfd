"""/api/v1/customers"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Query
from pydantic import ConfigDict, StrictInt

from rightdesk.api.common import ERRORS, NEWEST_FIRST, PathId, actor_for, links, scoped_get
from rightdesk.conversations.queries import customer_search_ids
from rightdesk.core.context import Actor
from rightdesk.core.cursor import cursor_page
from rightdesk.core.errors import NotFound
from rightdesk.core.sanitize import clean_text
from rightdesk.customers.actions import custom_field_create, customer_create, customer_update
from rightdesk.customers.csvexport import customers_export
from rightdesk.customers.models import Customer, CustomField
from rightdesk.customers.queries import customer_merged_target
from rightdesk.flows.customers import customer_merge

router = Router(tags=["customers"])

# Operations on one customer, which the links of the answers that name one lead to.
CUSTOMER_OPERATIONS = (
    "customers_get_customer",
    "customers_patch_customer",
)


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


class MergeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    into: StrictInt = Field(..., ge=1, le=2**63 - 1, description="Id of the customer that remains.")


class CustomFieldIn(Schema):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(..., max_length=60, description="Lower-case letters, digits, - and _.")
    label: str = Field(..., max_length=120)
    kind: Literal["text", "number", "date", "choice"]
    choices: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=100
    )


class CustomFieldOut(Schema):
    key: str
    label: str
    kind: str
    choices: list[str]


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


@router.get(
    "",
    response={200: CustomerPage, **ERRORS},
    openapi_extra=links(200, "customer_id", "/items/0/id", *CUSTOMER_OPERATIONS),
    description=(
        "Current customers, newest first. `email` finds the customer with that address;"
        " `q` searches names, addresses, phones, organisations, tags and notes as the"
        " customers page does (every word must match, in any inflection; at most the"
        " 1,000 newest matches)."
    ),
)
def list_customers(
    request: HttpRequest,
    email: str | None = Query(None, max_length=254),
    q: str | None = Query(None, max_length=200),
    cursor: str | None = Query(None, max_length=1000),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "customers.view")
    qs = customer_queryset().filter(workspace=actor.workspace)
    if email:
        qs = qs.filter(contacts__kind="email", contacts__value=clean_text(email).strip().lower())
    if q and q.strip():
        qs = qs.filter(pk__in=customer_search_ids(workspace=actor.workspace, q=q))
    rows, after = cursor_page(
        qs, keys=NEWEST_FIRST, kinds=(datetime, int), cursor=cursor, limit=limit
    )
    return {"items": [customer_out(c) for c in rows], "next": after}


@router.post(
    "",
    response={201: CustomerOut, **ERRORS},
    openapi_extra=links(201, "customer_id", "/id", *CUSTOMER_OPERATIONS),
)
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Any]:
    actor = actor_for(request)
    customer = customer_create(actor=actor, **payload.model_dump())
    return Status(201, customer_out(scoped_get(customer_queryset(), actor, customer.pk)))


MERGED_NOTE = (
    " A customer merged into another one answers 404 with the code `customer_merged`"
    " and `details.merged_into`, the id of the customer that remains."
)


def current_customer(actor: Actor, customer_id: int, queryset: Any = None) -> Customer:
    """A current customer of the actor's workspace; a merged one says where it went."""
    found = (queryset if queryset is not None else customer_queryset()).filter(
        workspace=actor.workspace, pk=customer_id
    )
    customer: Customer | None = found.first()
    if customer is None:
        target = customer_merged_target(workspace_id=actor.workspace.pk, customer_id=customer_id)
        if target is not None:
            raise NotFound(
                _("This customer was merged into another one."),
                code="customer_merged",
                details={"merged_into": target},
            )
        raise NotFound()
    return customer


@router.get(
    "/fields",
    response={200: list[CustomFieldOut], **ERRORS},
    summary="List custom fields",
    description="The typed fields this workspace adds to its customers.",
)
def list_custom_fields(request: HttpRequest) -> list[CustomField]:
    actor = actor_for(request, "customers.view")
    return list(CustomField.objects.filter(workspace=actor.workspace).order_by("key"))


@router.post(
    "/fields",
    response={201: CustomFieldOut, **ERRORS},
    summary="Add a custom field",
    description=(
        "A typed field on every customer: text, number, date (YYYY-MM-DD) or choice (one of"
        " `choices`). Values go in a customer's `custom_fields` under `key`; the CSV import"
        " reads them from a column named `key` or `custom:key`. Needs `workspace.manage`."
    ),
)
def create_custom_field(request: HttpRequest, payload: CustomFieldIn) -> Status[Any]:
    actor = actor_for(request)
    field = custom_field_create(actor=actor, **payload.model_dump())
    return Status(201, field)


@router.get(
    "/export.csv",
    response=ERRORS,
    summary="Export customers as CSV",
    description=(
        "Every current customer of the workspace as CSV (UTF-8, comma-separated, the columns"
        " the import reads). Cells starting with = + - @ or a tab are prefixed with an"
        " apostrophe so that spreadsheets never run them. Needs `customers.import`."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The CSV file.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_customers(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_for(request)
    response = StreamingHttpResponse(
        customers_export(actor=actor), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="customers.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/{id:customer_id}",
    response={200: CustomerOut, **ERRORS},
    description="One customer." + MERGED_NOTE,
)
def get_customer(request: HttpRequest, customer_id: PathId) -> dict[str, Any]:
    actor = actor_for(request, "customers.view")
    return customer_out(current_customer(actor, customer_id))


@router.patch(
    "/{id:customer_id}",
    response={200: CustomerOut, **ERRORS},
    description=(
        "Change a customer. A list given (emails, phones, organisations, tags) replaces the"
        " current one; custom fields given are set one by one (null clears one) and the"
        " others are kept." + MERGED_NOTE
    ),
)
def patch_customer(
    request: HttpRequest, customer_id: PathId, payload: CustomerPatch
) -> dict[str, Any]:
    actor = actor_for(request)
    customer = current_customer(
        actor, customer_id, Customer.objects.filter(merged_into__isnull=True)
    )
    changes = payload.model_dump(exclude_unset=True)
    customer_update(
        actor=actor, customer=customer, **{k: v for k, v in changes.items() if v is not None}
    )
    return customer_out(current_customer(actor, customer_id))


@router.post(
    "/{id:customer_id}/merge",
    response={200: CustomerOut, **ERRORS},
    summary="Merge a customer into another",
    description=(
        "Merge this customer into the customer `into`: conversations, contact points,"
        " organisations and tags move there, notes are appended, and custom fields keep"
        " the remaining customer's values and fill its gaps. Answers the customer that"
        " remains. Merging a customer into themselves is 422 `merge_into_self`; an already"
        " merged customer is 409 `already_merged`; another workspace's customer is 404."
        " Needs `customers.merge`."
    ),
)
def merge_customer(request: HttpRequest, customer_id: PathId, payload: MergeIn) -> dict[str, Any]:
    actor = actor_for(request)
    target = customer_merge(actor=actor, source_id=customer_id, target_id=payload.into)
    return customer_out(current_customer(actor, target.pk))
