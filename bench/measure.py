"""Timings of real API requests: in process through the WSGI stack, and over HTTP.

Reads go through Django's test Client, so every request passes the whole
middleware stack, the token check, the router and the serialisation, without
a network in the way. Creates go to the production server (`rightdesk serve`)
over loopback from several client threads, as integrators would send them.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
from django.db import connections
from django.test import Client

from bench.generate import Generated, Tenant
from bench.texts import SEARCH_WORDS
from rightdesk.search.index import search

WARMUP = 5
# A measurement stops early after its time budget, with at least this many samples.
MIN_SAMPLES = 20


@dataclass(frozen=True)
class Timing:
    """Seconds of each sample of one measurement."""

    name: str
    samples: list[float]
    target_ms: float
    # One request of the measurement (path, token), to explain when the target is missed.
    example: tuple[str, str]

    def quantile(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return self.quantile(0.95)


def _get(client: Client, token: str, path: str) -> tuple[str, str]:
    response = client.get(path, headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 200:
        raise SystemExit(f"bench: GET {path} answered {response.status_code}: {response.content!r}")
    return path, token


def _time(
    name: str,
    target_ms: float,
    samples: int,
    call: Callable[[int], tuple[str, str]],
    budget: float,
) -> Timing:
    for i in range(WARMUP):
        call(i)
    seconds: list[float] = []
    example = ("", "")
    deadline = time.perf_counter() + budget
    for i in range(samples):
        started = time.perf_counter()
        example = call(i)
        seconds.append(time.perf_counter() - started)
        if len(seconds) >= MIN_SAMPLES and started > deadline:
            break
    return Timing(name, seconds, target_ms, example)


def reads(data: Generated, samples: int, budget: float) -> list[Timing]:
    """Inbox list, conversation page and the two searches, `samples` requests each."""
    client = Client()
    tenants = data.tenants
    with_long = [t for t in tenants if data.long_conversations.get(t.workspace_id)]

    def inbox(i: int) -> tuple[str, str]:
        tenant = tenants[i % len(tenants)]
        agent = tenant.agent_ids[(i // len(tenants)) % len(tenant.agent_ids)]
        return _get(client, tenant.token, f"/api/v1/conversations?status=open&assignee={agent}")

    def page(i: int) -> tuple[str, str]:
        tenant = with_long[i % len(with_long)]
        ids = data.long_conversations[tenant.workspace_id]
        pk = ids[(i // len(with_long)) % len(ids)]
        _get(client, tenant.token, f"/api/v1/conversations/{pk}")
        return _get(client, tenant.token, f"/api/v1/conversations/{pk}/messages")

    def searcher(word: str) -> Callable[[int], tuple[str, str]]:
        def run(i: int) -> tuple[str, str]:
            tenant = tenants[i % len(tenants)]
            return _get(client, tenant.token, f"/api/v1/conversations?q={word}")

        return run

    return [
        _time("inbox list (status=open, assignee)", 50, samples, inbox, budget),
        _time("conversation page (20 messages)", 50, samples, page, budget),
        _time(
            f"search, Russian ({SEARCH_WORDS['ru']})",
            200,
            samples,
            searcher(SEARCH_WORDS["ru"]),
            budget,
        ),
        _time(
            f"search, Estonian ({SEARCH_WORDS['et']})",
            200,
            samples,
            searcher(SEARCH_WORDS["et"]),
            budget,
        ),
    ]


def search_hits(data: Generated) -> dict[str, int]:
    """How many documents each searched word matches in the first workspace."""
    workspace_id = data.tenants[0].workspace_id
    return {
        word: len(search(workspace_id=workspace_id, q=word, limit=10**9).conversation_ids)
        for word in SEARCH_WORDS.values()
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: the server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench: the server did not answer")


def _cpu_of(processes: Iterable[psutil.Process]) -> float:
    """CPU time these processes have used so far (those gone meanwhile count nothing)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """CPU time of the server's worker processes so far."""
    return _cpu_of(psutil.Process(server.pid).children(recursive=True))


@contextmanager
def production_server(
    env: dict[str, str], workers: int
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`rightdesk serve` on a free loopback port, stopped afterwards."""
    port = _free_port()
    command = Path(sys.executable).with_name("rightdesk")
    server = subprocess.Popen(
        [
            str(command),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _client(port: int, token: str, numbers: range, errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for n in numbers:
        body = json.dumps(
            {
                "subject": f"Доставка заказа {n}",
                "customer": {"email": f"new{n}@bench.example.net", "name": f"Klient {abs(n)}"},
                "body": "Tere! Palun saatke arve ja öelge, millal tarne saabub.",
            }
        )
        conn.request("POST", "/api/v1/conversations", body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status != 201:
            errors.append(f"{response.status}: {payload[:200]!r}")
    conn.close()


def _concurrently(
    port: int,
    tenants: list[Tenant],
    clients: int,
    numbers: Callable[[int], range],
    errors: list[str],
) -> None:
    threads = [
        threading.Thread(
            target=_client, args=(port, tenants[i % len(tenants)].token, numbers(i), errors)
        )
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@dataclass(frozen=True)
class Throughput:
    """Creates per second through the server, and the server's CPU time per create."""

    per_second: float
    cpu_ms_per_create: float
    client_cpu_ms_per_create: float
    database_cpu_ms_per_create: float
    errors: list[str]
    first_search_ms: float
    memory_mib: list[tuple[str, float]]


def _first_answer(port: int, token: str, spawned: float) -> float:
    """Milliseconds from the server's spawn to its first answered search."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "GET", "/api/v1/conversations?q=arve&limit=5", headers={"Authorization": f"Bearer {token}"}
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"bench: the first search answered {response.status}")
    return (time.perf_counter() - spawned) * 1000


def _memory_mib(server: subprocess.Popen[bytes]) -> list[tuple[str, float]]:
    """RSS of the server's master and of each worker, in MiB."""
    master = psutil.Process(server.pid)
    rows = [("server master", master.memory_info().rss / 2**20)]
    for i, child in enumerate(master.children(recursive=True), start=1):
        try:
            rows.append((f"web worker {i}", child.memory_info().rss / 2**20))
        except psutil.Error:
            continue
    return rows


def create_throughput(tenants: list[Tenant], count: int, clients: int, workers: int) -> Throughput:
    """Conversations created through the production server by `clients` threads.

    Also how soon the freshly started server answered its first search, and how
    large its processes were after the creates.
    """
    connections.close_all()
    errors: list[str] = []
    per = count // clients
    spawned = time.perf_counter()
    with production_server(dict(os.environ), workers) as (port, server):
        first_ms = _first_answer(port, tenants[0].token, spawned)
        # Concurrent requests first, so that every worker has loaded the code and the
        # lemmatiser's dictionaries (seconds per process) before the clock starts.
        _concurrently(port, tenants, clients, lambda i: range(-2 * i - 2, -2 * i), errors)
        cpu = _cpu_seconds(server)
        client_cpu = _own_cpu_seconds()
        database_cpu = _database_cpu_seconds()
        started = time.perf_counter()
        _concurrently(port, tenants, clients, lambda i: range(i * per, (i + 1) * per), errors)
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds(server) - cpu
        client_cpu = _own_cpu_seconds() - client_cpu
        database_cpu = _database_cpu_seconds() - database_cpu
        memory = _memory_mib(server)
    n = per * clients
    return Throughput(
        n / seconds,
        cpu * 1000 / n,
        client_cpu * 1000 / n,
        database_cpu * 1000 / n,
        errors,
        first_ms,
        memory,
    )


def _database_cpu_seconds() -> float:
    """CPU time of the PostgreSQL server's processes on this machine (0 for SQLite)."""
    return _cpu_of(
        p for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")
    )


def _own_cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return float(times.user + times.system)
