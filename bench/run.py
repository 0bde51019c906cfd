"""One database's benchmark, in a process of its own: migrate, generate, measure, print."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from bench.measure import Timing


def database_bytes() -> int:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    name = Path(settings.DATABASES["default"]["NAME"])
    return sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def line(t: Timing) -> str:
    return (
        f"  {t.name:<38} p50 {t.p50 * 1000:7.1f} ms  p95 {t.p95 * 1000:7.1f} ms"
        f"  max {max(t.samples) * 1000:7.1f} ms  n={len(t.samples):<4}"
        f"  target p95 <= {t.target_ms:.0f} ms  {verdict(t.p95 * 1000 <= t.target_ms)}"
    )


def run(args: argparse.Namespace) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.explain import explain_create, explain_request
    from bench.generate import generate
    from bench.measure import create_throughput, reads, search_hits

    database = args.child
    out = sys.stdout
    sys.stderr.write(f"[{database}] migrating...\n")
    call_command("migrate", interactive=False, verbosity=0)
    sys.stderr.write(f"[{database}] generating...\n")
    data = generate(
        conversations=args.conversations,
        messages_per_conversation=args.messages_per_conversation,
        workspaces=args.workspaces,
    )
    size = database_bytes()
    sys.stderr.write(f"[{database}] measuring reads...\n")
    timings = reads(data, args.samples, args.budget)
    hits = search_hits(data)
    if connection.vendor == "sqlite":
        version = f"SQLite {sqlite3.sqlite_version}"
    else:
        version = f"PostgreSQL {connection.pg_version // 10000}"  # type: ignore[attr-defined]
    sys.stderr.write(f"[{database}] creating through the production server...\n")
    created = create_throughput(data.tenants, args.creates, args.clients, args.server_workers)

    out.write(f"\n== {database} ({version}) ==\n")
    out.write(
        f"  data: {data.conversations:,} conversations, {data.messages:,} messages,"
        f" {data.customers:,} customers, {data.documents:,} search documents,"
        f" {len(data.tenants)} workspaces\n"
    )
    out.write(
        f"  generation time: {data.seconds:,.1f} s"
        f" ({data.conversations / data.seconds:,.0f} conversations/s)\n"
    )
    out.write(f"  database size: {size / 2**20:,.1f} MiB\n")
    for t in timings:
        out.write(line(t) + "\n")
    for t in timings:
        if args.explain or t.p95 * 1000 > t.target_ms:
            out.write(f"  why {t.name} takes its time:\n")
            out.write("\n".join(explain_request(*t.example)) + "\n")
    matched = ", ".join(f"{word}: {n:,}" for word, n in hits.items())
    out.write(
        f"  (search matches in one workspace: {matched}; the API sorts them by last activity)\n"
    )
    out.write(
        f"  {f'create ({args.clients} clients, {args.creates})':<38}"
        f" {created.per_second:,.1f} conversations/s  target >= 200/s"
        f"  {verdict(created.per_second >= 200)}\n"
    )
    database_cpu = (
        f", PostgreSQL {created.database_cpu_ms_per_create:.1f} ms"
        if database == "postgres"
        else ""
    )
    out.write(
        f"  (CPU per create: server {created.cpu_ms_per_create:.1f} ms,"
        f" the benchmark's own clients {created.client_cpu_ms_per_create:.1f} ms{database_cpu})\n"
    )
    out.write(
        f"  server started: first search answered {created.first_search_ms:,.0f} ms"
        " after the spawn of `rightdesk serve`\n"
    )
    for name, rss in created.memory_mib:
        out.write(f"  {name:<14} RSS {rss:6.0f} MiB after the creates\n")
    if created.errors:
        out.write(f"  create errors: {len(created.errors)}, first: {created.errors[0]}\n")
    if args.explain or created.per_second < 200:
        out.write("  why create takes its time:\n")
        out.write("\n".join(explain_create(data.tenants[0].token)) + "\n")
    out.write(f"  load average at the end: {os.getloadavg()[0]:.1f}\n")
    out.flush()
