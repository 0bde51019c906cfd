"""Why a request is slow: its slowest SQL statements and the database's plan for each."""

from __future__ import annotations

import json
import time
from collections import Counter

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

MAX_PLAN = 12


def _plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [row[-1] for row in cursor.fetchall()]


def _timed(sql: str) -> float:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchall()
        return time.perf_counter() - started


def explain_request(path: str, token: str, top: int = 2) -> list[str]:
    """Lines describing the `top` slowest statements of one GET, each timed again alone."""
    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    client.get(path, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        client.get(path, headers=headers)
        total = time.perf_counter() - started
    statements = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    timed = sorted(((_timed(sql), sql) for sql in statements), reverse=True)[:top]
    lines = [f"    GET {path}: {total * 1000:.1f} ms, {len(captured)} statements"]
    for seconds, sql in timed:
        short = sql if len(sql) < 400 else sql[:300] + " … " + sql[-100:]
        lines.append(f"    {seconds * 1000:8.1f} ms  {short}")
        plan = _plan(sql)
        lines.extend(f"                plan: {step}" for step in plan[:MAX_PLAN])
        if len(plan) > MAX_PLAN:
            lines.append(f"                plan: … {len(plan) - MAX_PLAN} more lines")
    return lines


def explain_create(token: str) -> list[str]:
    """One create in process: its time and its statements, counted by kind."""
    client = Client()
    body = {
        "subject": "Вопрос по доставке",
        "customer": {"email": "explain@bench.example.net", "name": "Explain"},
        "body": "Tere! Palun saatke arve.",
    }
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/conversations",
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        total = time.perf_counter() - started
    kinds = Counter(q["sql"].split(" ", 1)[0].upper() for q in captured.captured_queries)
    counted = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return [
        f"    POST /api/v1/conversations in process: {response.status_code},"
        f" {total * 1000:.1f} ms, {len(captured)} statements ({counted})"
    ]
