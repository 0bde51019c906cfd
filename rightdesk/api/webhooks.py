"""/api/v1/webhooks: endpoints of the workspace and what was delivered to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Query
from pydantic import ConfigDict

from rightdesk.api.common import ERRORS, NEWEST_FIRST, PathId, actor_for, links
from rightdesk.core.cursor import cursor_page
from rightdesk.webhooks.actions import endpoint_create, endpoint_delete
from rightdesk.webhooks.models import Delivery, Endpoint
from rightdesk.webhooks.queries import deliveries_of, endpoint_get, endpoints_of

router = Router(tags=["webhooks"])

EventName = Literal["conversation.created", "conversation.updated", "message.created"]


class EndpointIn(Schema):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(..., min_length=1, max_length=500)
    events: list[EventName] | None = Field(
        None, max_length=20, description="Events to receive; all of them when left out."
    )


class EndpointOut(Schema):
    id: int
    url: str
    events: list[str]
    is_active: bool
    created_at: datetime


class EndpointCreated(EndpointOut):
    secret: str = Field(..., description="Signing secret; shown only in this response.")


class DeliveryOut(Schema):
    id: int
    event: str
    status: Literal["pending", "sending", "delivered", "failed"]
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next: str | None


def endpoint_out(e: Endpoint) -> dict[str, Any]:
    return {
        "id": e.pk,
        "url": e.url,
        "events": list(e.events),
        "is_active": e.is_active,
        "created_at": e.created_at,
    }


def delivery_out(d: Delivery) -> dict[str, Any]:
    finished = d.state in (Delivery.State.DELIVERED, Delivery.State.FAILED)
    return {
        "id": d.pk,
        "event": d.event,
        "status": d.state,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "next_attempt_at": None if finished else d.next_attempt_at,
        "created_at": d.created_at,
        "delivered_at": d.delivered_at,
    }


@router.get("", response={200: list[EndpointOut], **ERRORS})
def list_webhooks(request: HttpRequest) -> list[dict[str, Any]]:
    actor = actor_for(request, "workspace.manage")
    return [endpoint_out(e) for e in endpoints_of(actor.workspace)]


@router.post(
    "",
    response={201: EndpointCreated, **ERRORS},
    openapi_extra=links(
        201, "endpoint_id", "/id", "webhooks_list_deliveries", "webhooks_delete_webhook"
    ),
)
def create_webhook(request: HttpRequest, payload: EndpointIn) -> Status[Any]:
    actor = actor_for(request)
    endpoint = endpoint_create(
        actor=actor, url=payload.url, events=list(payload.events) if payload.events else None
    )
    return Status(201, {**endpoint_out(endpoint), "secret": endpoint.secret})


@router.delete("/{id:endpoint_id}", response={204: None, **ERRORS})
def delete_webhook(request: HttpRequest, endpoint_id: PathId) -> Status[Any]:
    actor = actor_for(request)
    endpoint_delete(actor=actor, endpoint_id=endpoint_id)
    return Status(204, None)


@router.get("/{id:endpoint_id}/deliveries", response={200: DeliveryPage, **ERRORS})
def list_deliveries(
    request: HttpRequest,
    endpoint_id: PathId,
    cursor: str | None = Query(None, max_length=1000),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "workspace.manage")
    qs = deliveries_of(endpoint_get(actor.workspace, endpoint_id))
    rows, after = cursor_page(
        qs, keys=NEWEST_FIRST, kinds=(datetime, int), cursor=cursor, limit=limit
    )
    return {"items": [delivery_out(d) for d in rows], "next": after}
