"""Every write about webhooks: endpoints, queued deliveries and delivery attempts."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from rightdesk.core.clock import now
from rightdesk.core.context import Actor, audit_record
from rightdesk.core.errors import NotFound, ValidationFailed
from rightdesk.webhooks.models import EVENTS, Delivery, Endpoint
from rightdesk.webhooks.signing import signature

# Waits after each failed attempt; after the last one the delivery is marked failed.
BACKOFF = [timedelta(seconds=s) for s in (10, 60, 300, 1800, 7200, 21600)]
CLAIM = timedelta(minutes=2)
TIMEOUT_SECONDS = 10


def endpoint_create(*, actor: Actor, url: str, events: list[str] | None = None) -> Endpoint:
    """Register a URL for some or all events. Returns the endpoint with its signing secret."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or len(url) > 500:
        raise ValidationFailed(_("A webhook needs an http or https URL."), code="invalid_url")
    chosen = list(dict.fromkeys(events or EVENTS))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise ValidationFailed(_("Unknown events."), code="invalid_events", details=unknown)
    endpoint = Endpoint.objects.create(
        workspace=actor.workspace, url=url, events=chosen, secret=secrets.token_hex(24)
    )
    audit_record(
        actor=actor,
        verb="webhook.created",
        object_type="webhook",
        object_id=endpoint.pk,
        data={"url": url},
    )
    return endpoint


def endpoint_delete(*, actor: Actor, endpoint_id: int) -> None:
    deleted, _n = Endpoint.objects.filter(workspace=actor.workspace, pk=endpoint_id).delete()
    if not deleted:
        raise NotFound()
    audit_record(actor=actor, verb="webhook.deleted", object_type="webhook", object_id=endpoint_id)


def event_emit(*, workspace_id: int, event: str, payload: dict[str, Any]) -> list[Delivery]:
    """Queue the event for every active endpoint that wants it; sent after the commit."""
    assert event in EVENTS, event
    moment = now()
    deliveries = [
        Delivery.objects.create(
            workspace_id=workspace_id,
            endpoint=endpoint,
            event=event,
            payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
            next_attempt_at=moment,
        )
        for endpoint in Endpoint.objects.filter(workspace_id=workspace_id, is_active=True)
        if event in endpoint.events
    ]
    if deliveries:
        from rightdesk.webhooks.tasks import deliver

        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [deliver.delay(i) for i in ids])
    return deliveries


def delivery_attempt(*, delivery_id: int) -> str:
    """Send one due delivery if nobody else holds it. Safe to call twice or on many machines."""
    moment = now()
    # Compare-and-set claim: only one worker wins a due delivery.
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id,
            state__in=[Delivery.State.PENDING, Delivery.State.SENDING],
            next_attempt_at__lte=moment,
        )
        .exclude(claimed_until__gt=moment)
        .update(state=Delivery.State.SENDING, claimed_until=moment + CLAIM)
    )
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    body = json.dumps(
        {
            "id": delivery.pk,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        ensure_ascii=False,
    ).encode()
    status, error = _post(
        delivery.endpoint.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "Rightdesk-Webhooks/1",
            "X-Rightdesk-Event": delivery.event,
            "X-Rightdesk-Delivery": str(delivery.pk),
            "X-Rightdesk-Signature": signature(
                secret=delivery.endpoint.secret, timestamp=int(moment.timestamp()), body=body
            ),
        },
    )
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error[:500]
    delivery.claimed_until = None
    if status is not None and 200 <= status < 300:
        delivery.state = Delivery.State.DELIVERED
        delivery.delivered_at = now()
    elif delivery.attempts > len(BACKOFF):
        delivery.state = Delivery.State.FAILED
    else:
        delivery.state = Delivery.State.PENDING
        delivery.next_attempt_at = now() + BACKOFF[delivery.attempts - 1]
    delivery.save()
    return delivery.state


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(exc) or exc.__class__.__name__


def deliveries_due(limit: int = 500) -> list[int]:
    """Deliveries whose time has come and that nobody holds (a lost task is redone here)."""
    moment = now()
    return list(
        Delivery.objects.filter(
            state__in=[Delivery.State.PENDING, Delivery.State.SENDING], next_attempt_at__lte=moment
        )
        .exclude(claimed_until__gt=moment)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
