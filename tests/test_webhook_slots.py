"""A slow receiver cannot stall webhooks: one deadline per attempt, sending slots, fair turns.

The slow receivers are real sockets on loopback that answer a status line and then
one header byte at a time, forever; only an overall deadline ends an attempt.
Threads stand in for worker slots and run the worker's own task function
(tests/test_worker.py runs a real Celery worker against the same receiver).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from rightdesk.core.clock import now
from rightdesk.webhooks.actions import (
    deliveries_due,
    deliveries_sweep,
    delivery_attempt,
    delivery_next,
)
from rightdesk.webhooks.models import Delivery, Endpoint
from rightdesk.webhooks.tasks import deliver
from tests.factories import make_conversation, make_webhook, make_workspace
from tests.receiver import Receiver, Trickler

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_webhooks")]

WAIT = 60.0  # a bound on waiting, not a timing assertion


@pytest.fixture
def trickler() -> Iterator[Trickler]:
    server = Trickler().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def short_deadline(settings: Any) -> None:
    settings.WEBHOOKS_TIMEOUT_SECONDS = 2


def hook(workspace: Any, url: str) -> Endpoint:
    return make_webhook(workspace, url, events=["conversation.created"])


def delivery_to(endpoint: Endpoint) -> Delivery:
    make_conversation(endpoint.workspace)
    return Delivery.objects.filter(endpoint=endpoint).latest("pk")


def queued(endpoint: Endpoint) -> Delivery:
    """A delivery due now, queued after those before it."""
    return Delivery.objects.create(
        workspace=endpoint.workspace,
        endpoint=endpoint,
        event="conversation.created",
        payload={},
        next_attempt_at=now(),
    )


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run `work` as a worker would, on its own database connection."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def wait_until(check: Callable[[], bool]) -> bool:
    done = threading.Event()
    for _ in range(int(WAIT * 10)):
        if check():
            return True
        done.wait(0.1)
    return False


# --- one deadline per attempt ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("scheme", "silent"),
    [("http", False), ("https", True)],
    ids=["headers-trickle", "tls-handshake-silent"],
)
def test_an_attempt_against_a_slow_receiver_ends_at_its_deadline(
    workspace: Any, scheme: str, silent: bool
) -> None:
    # given a receiver that never finishes its answer
    slow = Trickler(silent=silent).start()
    try:
        delivery = delivery_to(hook(workspace, slow.url(scheme)))
        # when a worker attempts the delivery
        thread, outcome = in_thread(lambda: delivery_attempt(delivery_id=delivery.pk))
        thread.join(WAIT)
        ended = not thread.is_alive()
    finally:
        slow.stop()
    # then the attempt ended, and is recorded as timed out, to be retried later
    assert ended
    assert outcome == ["pending"]
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.slot) == (1, None, None)
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > now()


# --- sending slots ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_while_one_workspace_trickles_another_is_delivered(
    trickler: Trickler, receiver: Receiver
) -> None:
    # given a workspace whose receiver trickles, with three deliveries waiting, and
    # after them one delivery of another workspace; two worker slots take them in order
    slow = hook(make_workspace("Slow Shop"), trickler.url())
    fine = hook(make_workspace("Fine Shop"), receiver.url)
    stalled = [delivery_to(slow).pk for _ in range(3)]
    other = delivery_to(fine).pk
    tasks: queue.Queue[int] = queue.Queue()
    for delivery_id in [*stalled, other]:
        tasks.put(delivery_id)

    def worker_slot() -> list[str]:
        outcomes = []
        while True:
            try:
                outcomes.append(deliver(tasks.get_nowait()))
            except queue.Empty:
                return outcomes

    # when
    slots = [in_thread(worker_slot) for _ in range(2)]
    for thread, _outcomes in slots:
        thread.join(WAIT)
    # then the other workspace's delivery went out, and the slow receiver had one
    # attempt at a time, which timed out; the rest wait for the slot
    assert all(not thread.is_alive() for thread, _outcomes in slots)
    assert Delivery.objects.get(pk=other).state == "delivered"
    assert len(receiver.requests) == 1
    assert (trickler.requests, trickler.most_at_once) == (1, 1)
    tried = Delivery.objects.filter(pk__in=stalled, attempts=1)
    assert [d.last_error[:9] for d in tried] == ["timed out"]
    outcomes = sorted(o for _thread, result in slots for o in result[0])
    assert outcomes == ["busy", "busy", "delivered", "pending"]


@pytest.mark.django_db(transaction=True)
def test_a_workspace_sends_one_at_a_time_and_passes_the_slot_on(
    workspace: Any, other_workspace: Any, trickler: Trickler, receiver: Receiver
) -> None:
    # given a delivery being sent to a slow receiver
    held = delivery_to(hook(workspace, trickler.url()))
    same_workspace = delivery_to(hook(workspace, receiver.url))
    elsewhere = delivery_to(hook(other_workspace, receiver.url))
    thread, _outcome = in_thread(lambda: delivery_attempt(delivery_id=held.pk))
    assert wait_until(lambda: trickler.requests == 1)
    # when the workspace's other delivery and another workspace's are attempted meanwhile
    busy = delivery_attempt(delivery_id=same_workspace.pk)
    sent = delivery_attempt(delivery_id=elsewhere.pk)
    # then
    assert (busy, sent) == ("busy", "delivered")
    # when the slow attempt ends, its holder is told which delivery comes next
    thread.join(WAIT)
    assert not thread.is_alive()
    assert delivery_next(delivery_id=held.pk) == same_workspace.pk
    assert delivery_attempt(delivery_id=same_workspace.pk) == "delivered"


@pytest.mark.django_db(transaction=True)
def test_an_endpoint_gets_one_delivery_at_a_time_whatever_the_slots(
    workspace: Any, trickler: Trickler, receiver: Receiver, settings: Any
) -> None:
    # given a workspace allowed two deliveries in flight, one being sent to a slow receiver
    settings.WEBHOOKS_IN_FLIGHT = 2
    slow = hook(workspace, trickler.url())
    first, second = delivery_to(slow), delivery_to(slow)
    other_endpoint = delivery_to(hook(workspace, receiver.url))
    thread, _outcome = in_thread(lambda: delivery_attempt(delivery_id=first.pk))
    assert wait_until(lambda: trickler.requests == 1)
    # when
    outcomes = [delivery_attempt(delivery_id=d.pk) for d in (second, other_endpoint)]
    thread.join(WAIT)
    # then the slow endpoint's second delivery waits; the workspace's second slot serves
    # its other endpoint
    assert outcomes == ["busy", "delivered"]
    assert trickler.most_at_once == 1


def test_a_slot_left_by_a_dead_worker_is_taken_back_when_its_claim_runs_out(
    workspace: Any, receiver: Receiver
) -> None:
    # given a worker that died while sending: its delivery holds the workspace's slot
    endpoint = hook(workspace, receiver.url)
    dead, waiting = delivery_to(endpoint), delivery_to(endpoint)
    Delivery.objects.filter(pk=dead.pk).update(
        state="sending", slot=0, claimed_until=now() + timedelta(minutes=5)
    )
    assert delivery_attempt(delivery_id=waiting.pk) == "busy"
    # when the claim has run out
    Delivery.objects.filter(pk=dead.pk).update(claimed_until=now() - timedelta(seconds=1))
    # then both go out
    assert delivery_attempt(delivery_id=waiting.pk) == "delivered"
    assert delivery_attempt(delivery_id=dead.pk) == "delivered"
    assert not Delivery.objects.filter(slot__isnull=False).exists()


def test_the_next_delivery_comes_from_the_next_endpoint_in_turn(workspace: Any) -> None:
    # given three endpoints with deliveries waiting, the first with the oldest two
    endpoints = [hook(workspace, f"https://example.com/{n}") for n in range(3)]
    first = [queued(endpoints[0]) for _ in range(2)]
    second, third = queued(endpoints[1]), queued(endpoints[2])
    # then after each endpoint comes the next, wrapping round
    assert delivery_next(delivery_id=first[0].pk) == second.pk
    assert delivery_next(delivery_id=second.pk) == third.pk
    assert delivery_next(delivery_id=third.pk) == first[0].pk


# --- the sweeper takes workspaces in turn ----------------------------------------------


def test_sweeper_takes_workspaces_in_turn(workspace: Any, other_workspace: Any) -> None:
    # given a backlog in one workspace, older than another workspace's one delivery
    endpoint = hook(workspace, "https://example.com/a")
    backlog = [queued(endpoint) for _ in range(5)]
    late = queued(hook(other_workspace, "https://example.com/b"))
    # when a small batch is taken
    due = [delivery_id for delivery_id, _endpoint in deliveries_due(limit=3)]
    # then each workspace's oldest comes first
    assert due == [backlog[0].pk, late.pk, backlog[1].pk]


def test_sweeper_leaves_a_failing_endpoint_after_one_try(
    workspace: Any, other_workspace: Any, receiver: Receiver
) -> None:
    # given a receiver that fails, with three deliveries due, and another workspace's one
    failing = Receiver([500]).start()
    try:
        endpoint = hook(workspace, failing.url)
        for _ in range(3):
            delivery_to(endpoint)
        fine = delivery_to(hook(other_workspace, receiver.url))
        # when
        attempted = deliveries_sweep()
    finally:
        failing.stop()
    # then the failing receiver was tried once in this sweep, and the other delivered
    assert attempted == 2
    assert len(failing.requests) == 1
    assert Delivery.objects.get(pk=fine.pk).state == "delivered"
