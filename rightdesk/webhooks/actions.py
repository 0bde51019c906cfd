"""Every write about webhooks: endpoints, queued deliveries and delivery attempts.

The database is the truth: an event becomes one Delivery row per endpoint in
the transaction that caused it; a task is only a nudge to send it now. Two
workers never send the same delivery at once (a compare-and-set claim), a
delivered one is never sent again, and the sweeper resends what is due and
whatever a lost task never sent. A workspace has a few sending slots (one by
default) and an endpoint one, so a slow receiver holds at most that many
workers however many of its deliveries wait; the holder of a slot passes it on
to its workspace's next due delivery.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Case, F, QuerySet, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from rightdesk.core.clock import now
from rightdesk.core.context import Actor, audit_record
from rightdesk.core.errors import NotFound, ValidationFailed
from rightdesk.webhooks import addresses, outbound
from rightdesk.webhooks.models import EVENTS, Delivery, Endpoint
from rightdesk.webhooks.signing import signature

log = logging.getLogger(__name__)

Payload = dict[str, Any] | Callable[[], dict[str, Any]]

MAX_ATTEMPTS = 8
# A worker holds a claimed delivery (and its slot) this long, well beyond an attempt's
# timeout; a worker that dies lets both go after that.
CLAIM = timedelta(minutes=2)
SWEEP_BATCH = 100
SWEEP_BUDGET_SECONDS = 25
# Finished deliveries are kept this long for the delivery list, then removed.
RETENTION = timedelta(days=30)
OPEN_STATES = (Delivery.State.PENDING, Delivery.State.SENDING)


def retry_delay(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 15 s, 1 min, 4 min, 16 min, ... at most 6 hours."""
    return min(timedelta(seconds=15 * 4 ** max(attempts - 1, 0)), timedelta(hours=6))


def endpoint_create(*, actor: Actor, url: str, events: list[str] | None = None) -> Endpoint:
    """Register a URL for some or all events. Returns the endpoint with its signing secret."""
    actor.require("workspace.manage")
    url = addresses.url_check(url)
    chosen = list(dict.fromkeys(events or EVENTS))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise ValidationFailed(
            _("Unknown events: choose among %(events)s.") % {"events": ", ".join(EVENTS)},
            code="invalid_events",
            details=unknown,
        )
    with transaction.atomic():
        endpoint = Endpoint.objects.create(
            workspace=actor.workspace, url=url, events=chosen, secret=secrets.token_hex(24)
        )
        audit_record(
            actor=actor,
            verb="webhook.created",
            object_type="webhook",
            object_id=endpoint.pk,
            data={"url": url, "events": chosen},
        )
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Actor, endpoint_id: int) -> None:
    """Remove an endpoint of the actor's workspace with its deliveries; nothing more is sent."""
    actor.require("workspace.manage")
    endpoint = Endpoint.objects.filter(workspace=actor.workspace, pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound()
    url = endpoint.url
    endpoint.delete()
    audit_record(
        actor=actor,
        verb="webhook.deleted",
        object_type="webhook",
        object_id=endpoint_id,
        data={"url": url},
    )


def events_emit(*, workspace_id: int, events: list[tuple[str, Payload]]) -> list[Delivery]:
    """Queue the events of one change for every active endpoint that wants them.

    Called by each action inside its own transaction, so an event exists exactly
    when its change does. A payload may be given as a function: it is only built
    when some endpoint wants the event. The endpoints are read once; the tasks
    are sent after commit.
    """
    assert all(event in EVENTS for event, _payload in events), events
    moment = now()
    endpoints = list(Endpoint.objects.filter(workspace_id=workspace_id, is_active=True))
    deliveries = []
    for event, payload in events:
        wanting = [e for e in endpoints if event in e.events]
        if not wanting:
            continue
        data = json.loads(
            json.dumps(payload() if callable(payload) else payload, cls=DjangoJSONEncoder)
        )
        deliveries += [
            Delivery.objects.create(
                workspace_id=workspace_id,
                endpoint=endpoint,
                event=event,
                payload=data,
                next_attempt_at=moment,
            )
            for endpoint in wanting
        ]
    if deliveries:
        ids = [d.pk for d in deliveries]
        # robust: the change is committed already; if the broker is away, the sweeper sends it.
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return deliveries


def _enqueue(ids: list[int]) -> None:
    from rightdesk.webhooks.tasks import deliver

    for delivery_id in ids:
        deliver.delay(delivery_id)


def delivery_body(delivery: Delivery) -> bytes:
    """The JSON the receiver gets: the same bytes on every attempt, so retries look alike."""
    return json.dumps(
        {
            "id": delivery.pk,
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": delivery.payload,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode()


def _claimable(moment: datetime) -> QuerySet[Delivery]:
    """Deliveries whose time has come and that nobody holds."""
    return Delivery.objects.filter(state__in=OPEN_STATES, next_attempt_at__lte=moment).exclude(
        claimed_until__gt=moment
    )


def _free_slots(*, workspace_id: int, endpoint_id: int, moment: datetime) -> list[int]:
    """The workspace's sending slots a claim may take now; none while the endpoint has one."""
    held = list(
        Delivery.objects.filter(workspace_id=workspace_id, slot__isnull=False).values_list(
            "pk", "slot", "endpoint_id", "claimed_until"
        )
    )
    stale = [pk for pk, _slot, _endpoint, until in held if until is None or until <= moment]
    if stale:
        # A worker that died while sending leaves its slot behind until its claim runs out.
        Delivery.objects.filter(pk__in=stale).exclude(claimed_until__gt=moment).update(slot=None)
    live = [(slot, endpoint) for pk, slot, endpoint, _until in held if pk not in stale]
    if any(endpoint == endpoint_id for _slot, endpoint in live):
        return []
    taken = {slot for slot, _endpoint in live}
    return [n for n in range(settings.WEBHOOKS_IN_FLIGHT) if n not in taken]


def _claim(*, delivery_id: int, moment: datetime, until: datetime) -> str:
    """'claimed', else 'skipped' (not due, held elsewhere, gone) or 'busy' (no free slot)."""
    row = _claimable(moment).filter(pk=delivery_id).values("workspace_id", "endpoint_id").first()
    if row is None:
        return "skipped"
    for slot in _free_slots(
        workspace_id=row["workspace_id"], endpoint_id=row["endpoint_id"], moment=moment
    ):
        # Compare-and-set: of several workers, exactly one update matches the row, and the
        # unique constraints refuse a slot (or an endpoint) that another worker just took.
        try:
            with transaction.atomic():
                claimed = (
                    _claimable(moment)
                    .filter(pk=delivery_id)
                    .update(state=Delivery.State.SENDING, claimed_until=until, slot=slot)
                )
        except IntegrityError:
            continue
        return "claimed" if claimed else "skipped"
    return "busy"


def _headers(delivery: Delivery, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Rightdesk-Webhooks/1",
        "X-Rightdesk-Event": delivery.event,
        "X-Rightdesk-Delivery": str(delivery.pk),
        "X-Rightdesk-Signature": signature(
            secret=delivery.endpoint.secret, timestamp=int(now().timestamp()), body=body
        ),
    }


def delivery_attempt(*, delivery_id: int) -> str:
    """Send one due delivery if nobody holds it and its workspace has a free sending slot.

    Safe to call twice or on many machines. Returns the delivery's new state, or why
    nothing was sent: 'skipped' (not due, held elsewhere, delivered, gone) or 'busy'
    (its workspace or endpoint has its share in flight; see delivery_next).
    """
    moment = now()
    until = moment + CLAIM
    claim = _claim(delivery_id=delivery_id, moment=moment, until=until)
    if claim != "claimed":
        return claim
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:  # the endpoint was deleted meanwhile
        return "skipped"
    body = delivery_body(delivery)
    status, error = outbound.post(
        delivery.endpoint.url,
        body,
        _headers(delivery, body),
        seconds=settings.WEBHOOKS_TIMEOUT_SECONDS,
    )
    return _record_outcome(delivery=delivery, claim=until, status=status, error=error)


def _record_outcome(*, delivery: Delivery, claim: Any, status: int | None, error: str) -> str:
    attempts = delivery.attempts + 1
    changes: dict[str, Any] = {
        "attempts": attempts,
        "last_status_code": status,
        "last_error": error[:500],
        "claimed_until": None,
        "slot": None,
    }
    if status is not None and 200 <= status < 300:
        changes.update(state=Delivery.State.DELIVERED, delivered_at=now())
    elif attempts >= MAX_ATTEMPTS:
        changes.update(state=Delivery.State.FAILED)
    else:
        changes.update(state=Delivery.State.PENDING, next_attempt_at=now() + retry_delay(attempts))
    # Only the holder of this claim records the outcome; a late worker whose claim ran
    # out (and was taken over) leaves the row to the newer holder.
    updated = Delivery.objects.filter(pk=delivery.pk, claimed_until=claim).update(**changes)
    if not updated:
        log.warning("webhook delivery %s: claim lost before the outcome was recorded", delivery.pk)
        return "skipped"
    return str(changes["state"])


def delivery_next(*, delivery_id: int) -> int | None:
    """The due delivery its workspace should send after this one, endpoints taking turns.

    A delivery found 'busy' is left to the holder of the slot, who passes the slot on
    to this one when it is done (and to the sweeper, should that hand-over be lost).
    """
    row = Delivery.objects.filter(pk=delivery_id).values("workspace_id", "endpoint_id").first()
    if row is None:
        return None
    following: int | None = (
        _claimable(now())
        .filter(workspace_id=row["workspace_id"])
        .exclude(pk=delivery_id)
        # The next endpoint by id after this one, wrapping round to the first.
        .order_by(
            Case(When(endpoint_id__gt=row["endpoint_id"], then=0), default=1),
            "endpoint_id",
            "next_attempt_at",
            "pk",
        )
        .values_list("pk", flat=True)
        .first()
    )
    return following


def deliveries_due(limit: int = SWEEP_BATCH) -> list[tuple[int, int]]:
    """Due deliveries nobody holds (a lost task is redone here), workspaces taking turns.

    (delivery, endpoint) ids: each workspace's oldest first, then each one's
    second, ..., so one workspace's backlog cannot push the others out of the batch.
    """
    turn = Window(
        RowNumber(),
        partition_by=[F("workspace_id")],
        order_by=[F("next_attempt_at").asc(), F("pk").asc()],
    )
    return list(
        _claimable(now())
        .annotate(turn=turn)
        .filter(turn__lte=limit)
        .order_by("turn", "next_attempt_at", "pk")
        .values_list("pk", "endpoint_id")[:limit]
    )


def deliveries_sweep() -> int:
    """Attempt due deliveries once each; returns how many were attempted by this sweep."""
    # A slow endpoint holds the sweep up to its timeout: stop after a while and leave the
    # rest to the next sweep (claims keep overlapping sweeps apart anyway), and try no
    # more of an endpoint that just failed or is busy (its holder passes the slot on).
    stop_at = time.monotonic() + SWEEP_BUDGET_SECONDS
    sent = 0
    passed: set[int] = set()
    for delivery_id, endpoint_id in deliveries_due():
        if time.monotonic() > stop_at:
            break
        if endpoint_id in passed:
            continue
        outcome = delivery_attempt(delivery_id=delivery_id)
        if outcome not in {"skipped", "busy"}:
            sent += 1
        if outcome not in {"skipped", Delivery.State.DELIVERED}:
            passed.add(endpoint_id)
    return sent


def deliveries_prune() -> int:
    """Remove delivered and failed deliveries older than the retention period."""
    finished = (Delivery.State.DELIVERED, Delivery.State.FAILED)
    deleted, _n = Delivery.objects.filter(
        state__in=finished, created_at__lt=now() - RETENTION
    ).delete()
    return deleted
