"""Webhooks: signed deliveries to a real HTTP server, retries, claims, SSRF refusal, the API."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from rightdesk.conversations.actions import conversation_update, message_post
from rightdesk.core.clock import now
from rightdesk.core.errors import ValidationFailed
from rightdesk.webhooks import actions
from rightdesk.webhooks.actions import (
    MAX_ATTEMPTS,
    deliveries_prune,
    deliveries_sweep,
    delivery_attempt,
    retry_delay,
)
from rightdesk.webhooks.models import Delivery
from rightdesk.webhooks.signing import signature, verify
from tests.factories import actor_for, make_conversation, make_webhook
from tests.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_webhooks")]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Move the desk's time forward without waiting."""

    class Clock:
        offset = timedelta()

        def advance(self, delta: timedelta) -> None:
            self.offset += delta

    c = Clock()
    monkeypatch.setattr(actions, "now", lambda: now() + c.offset)
    return c


def attempt_all() -> list[str]:
    ids = Delivery.objects.order_by("pk").values_list("pk", flat=True)
    return [delivery_attempt(delivery_id=pk) for pk in ids]


# --- signing ---------------------------------------------------------------------------


def test_signature_verifies_and_refuses_tampering() -> None:
    # given
    body = b'{"event":"message.created"}'
    header = signature(secret="s3cret", timestamp=1_700_000_000, body=body)
    # then
    assert header.startswith("t=1700000000,v1=")
    assert verify(secret="s3cret", header=header, body=body)
    assert not verify(secret="s3cret", header=header, body=body + b" ")
    assert not verify(secret="other", header=header, body=body)
    assert not verify(secret="s3cret", header="t=1700000000", body=body)
    assert not verify(secret="s3cret", header="garbage", body=body)
    assert not verify(
        secret="s3cret", header=header, body=body, max_age=300, at=1_700_000_000 + 301
    )
    assert verify(secret="s3cret", header=header, body=body, max_age=300, at=1_700_000_000 + 299)


def test_backoff_grows_exponentially_and_is_capped() -> None:
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert delays[0] == timedelta(seconds=15)
    cap = timedelta(hours=6)
    assert all(b >= a * 2 or b == cap for a, b in itertools.pairwise(delays))
    assert max(delays) == timedelta(hours=6)


# --- events and deliveries -------------------------------------------------------------


def test_new_conversation_is_delivered_signed(
    workspace: Any, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    endpoint = make_webhook(workspace, receiver.url)
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        conversation = make_conversation(workspace, subject="Скрипит паркет")
    # then: rows exist, nothing is sent before the commit, one nudge is queued for after it
    assert receiver.requests == []
    assert len(callbacks) >= 1
    assert set(Delivery.objects.values_list("event", flat=True)) == {
        "conversation.created",
        "message.created",
    }
    # when the worker runs the tasks
    assert attempt_all() == ["delivered", "delivered"]
    # then
    by_event = {r.headers["x-rightdesk-event"]: r for r in receiver.requests}
    created = by_event["conversation.created"]
    assert created.path == "/hooks/desk"
    assert verify(
        secret=endpoint.secret,
        header=created.headers["x-rightdesk-signature"],
        body=created.body,
        max_age=300,
    )
    payload = json.loads(created.body)
    assert payload["event"] == "conversation.created"
    assert str(payload["id"]) == created.headers["x-rightdesk-delivery"]
    assert payload["data"]["id"] == conversation.pk
    assert payload["data"]["subject"] == "Скрипит паркет"
    message = json.loads(by_event["message.created"].body)
    assert message["data"]["conversation"] == conversation.pk
    assert all(d.state == "delivered" and d.last_status_code == 200 for d in Delivery.objects.all())


def test_updates_and_replies_emit_their_events(workspace: Any, receiver: Receiver) -> None:
    # given
    conversation = make_conversation(workspace)
    make_webhook(workspace, receiver.url, events=["conversation.updated"])
    actor = actor_for(workspace)
    # when
    conversation_update(actor=actor, conversation=conversation, priority="high")
    message_post(actor=actor, conversation=conversation, direction="note", body_text="internal")
    # then: only the subscribed event, once
    assert list(Delivery.objects.values_list("event", flat=True)) == ["conversation.updated"]
    attempt_all()
    assert json.loads(receiver.requests[0].body)["data"]["priority"] == "high"


def test_events_stay_in_their_workspace(
    workspace: Any, other_workspace: Any, receiver: Receiver
) -> None:
    # given
    make_webhook(other_workspace, receiver.url)
    # when
    make_conversation(workspace)
    # then
    assert not Delivery.objects.exists()


def test_failure_is_retried_with_backoff_then_delivered(
    workspace: Any, receiver: Receiver, clock: Any
) -> None:
    # given a receiver that fails once
    receiver.statuses = [500, 200]
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    delivery = Delivery.objects.get()
    # when
    first = delivery_attempt(delivery_id=delivery.pk)
    # then
    delivery.refresh_from_db()
    assert first == "pending"
    assert (delivery.attempts, delivery.last_status_code) == (1, 500)
    assert delivery.next_attempt_at > now() + retry_delay(1) - timedelta(seconds=5)
    # when tried again before it is due, nothing is sent
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.requests) == 1
    # when the wait is over, the sweeper sends it
    clock.advance(retry_delay(1))
    assert deliveries_sweep() == 1
    # then
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert [r.headers["x-rightdesk-delivery"] for r in receiver.requests] == [str(delivery.pk)] * 2
    assert receiver.requests[0].body == receiver.requests[1].body


def test_gives_up_after_max_attempts(workspace: Any, receiver: Receiver, clock: Any) -> None:
    # given a receiver that always fails
    receiver.statuses = [503]
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    delivery = Delivery.objects.get()
    # when
    outcomes = []
    for n in range(1, MAX_ATTEMPTS + 2):
        outcomes.append(delivery_attempt(delivery_id=delivery.pk))
        clock.advance(retry_delay(n))
    # then
    delivery.refresh_from_db()
    assert outcomes == ["pending"] * (MAX_ATTEMPTS - 1) + ["failed", "skipped"]
    assert (delivery.state, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert deliveries_sweep() == 0


def test_delivered_is_never_sent_again(workspace: Any, receiver: Receiver, clock: Any) -> None:
    # given
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    delivery = Delivery.objects.get()
    assert delivery_attempt(delivery_id=delivery.pk) == "delivered"
    # when a duplicate task arrives, and later the sweeper runs
    clock.advance(timedelta(days=1))
    again = delivery_attempt(delivery_id=delivery.pk)
    swept = deliveries_sweep()
    # then
    assert (again, swept) == ("skipped", 0)
    assert len(receiver.requests) == 1


def test_sweeper_sends_what_a_lost_task_never_sent(
    workspace: Any, receiver: Receiver, clock: Any
) -> None:
    # given one delivery whose task never ran, one held by a worker that died mid-send,
    # and one held by a live worker right now
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    for _ in range(3):
        make_conversation(workspace)
    lost, dead, live = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=dead.pk).update(state="sending", claimed_until=now())
    Delivery.objects.filter(pk=live.pk).update(
        state="sending", claimed_until=now() + timedelta(minutes=30)
    )
    clock.advance(timedelta(seconds=1))
    # when
    swept = deliveries_sweep()
    # then
    assert swept == 2
    sent = sorted(int(r.headers["x-rightdesk-delivery"]) for r in receiver.requests)
    assert sent == sorted([lost.pk, dead.pk])


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_delivery(workspace: Any, receiver: Receiver) -> None:
    # given
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    delivery_id = Delivery.objects.get().pk
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            start.wait()
            outcomes.append(delivery_attempt(delivery_id=delivery_id))
        finally:
            connection.close()

    # when four workers race for it
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # then one sends it; the others find it held, or its endpoint's slot taken
    assert outcomes.count("delivered") == 1
    assert set(outcomes) - {"delivered"} <= {"skipped", "busy"}
    assert len(receiver.requests) == 1


def test_old_finished_deliveries_are_pruned(workspace: Any, receiver: Receiver, clock: Any) -> None:
    # given one delivered and one still pending (the receiver fails the second)
    receiver.statuses = [200, 500]
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    make_conversation(workspace)
    assert attempt_all() == ["delivered", "pending"]
    # when
    kept_young = deliveries_prune()
    clock.advance(actions.RETENTION + timedelta(days=1))
    pruned = deliveries_prune()
    # then only the finished one is gone
    assert (kept_young, pruned) == (0, 1)
    assert list(Delivery.objects.values_list("state", flat=True)) == ["pending"]


# --- where a webhook may point ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://api.localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_private_addresses_are_refused(workspace: Any, settings: Any, url: str) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(ValidationFailed) as refused:
        make_webhook(workspace, url)
    assert refused.value.code == "private_address"


def test_name_resolving_to_loopback_is_refused_when_sending(
    workspace: Any, receiver: Receiver, settings: Any
) -> None:
    # given an endpoint saved while private addresses were allowed, under a host name
    make_webhook(
        workspace, receiver.url.replace("127.0.0.1", "localhost"), events=["conversation.created"]
    )
    make_conversation(workspace)
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    # when
    outcome = delivery_attempt(delivery_id=Delivery.objects.get().pk)
    # then: checked on the resolved address, nothing reached the server
    delivery = Delivery.objects.get()
    assert outcome == "pending"
    assert "private or local address" in delivery.last_error
    assert delivery.last_status_code is None
    assert receiver.requests == []


def test_redirects_are_not_followed(workspace: Any, receiver: Receiver) -> None:
    # given
    receiver.statuses = [302]
    make_webhook(workspace, receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    # when
    attempt_all()
    # then
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.last_status_code) == ("pending", 302)
    assert "redirect" in delivery.last_error
    assert len(receiver.requests) == 1
