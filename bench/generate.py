"""Bulk generation of a desk's worth of data into the real, migrated schema.

People, workspaces, teams and tokens are few and go through the real actions.
Customers, conversations, messages and search documents are many and go in
with executemany (SQLite) or COPY (PostgreSQL), one transaction per chunk. On
SQLite the FTS5 table is kept in step by the triggers of the migration; on
PostgreSQL the stored tsvector column fills itself as rows arrive, and its GIN
index is dropped during the load and made again after it, with the migration's
own statement, as one would restore a dump.
"""

from __future__ import annotations

import importlib
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from bench import texts
from rightdesk.accounts.actions import membership_set, team_create, token_create, user_ensure
from rightdesk.accounts.actions import workspace_create as make_workspace
from rightdesk.conversations.models import Conversation, Message
from rightdesk.core.context import Actor
from rightdesk.customers.models import ContactPoint, Customer
from rightdesk.search.index import TERMS_VERSION
from rightdesk.search.models import SearchDocument

AGENTS_PER_WORKSPACE = 10
TEAMS = ("Deliveries", "Returns", "Accounting")
CONVERSATIONS_PER_CUSTOMER = 3
LONG_THREAD = 20
CHUNK = 20_000
STATUSES = ("new", "open", "pending", "resolved", "closed")
STATUS_WEIGHTS = (10, 30, 15, 30, 15)
PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (10, 70, 15, 5)
CHANNELS = ("email", "portal", "phone", "chat")
CHANNEL_WEIGHTS = (70, 15, 5, 10)
YEAR = 365 * 24 * 3600

COLUMNS = {
    Customer: (
        "id",
        "workspace_id",
        "name",
        "notes",
        "language",
        "preferred_channel",
        "timezone",
        "custom_fields",
        "merged_into_id",
        "created_at",
        "updated_at",
    ),
    ContactPoint: ("id", "workspace_id", "customer_id", "kind", "value", "is_primary"),
    Conversation: (
        "id",
        "workspace_id",
        "subject",
        "customer_id",
        "channel",
        "status",
        "priority",
        "team_id",
        "assignee_id",
        "merged_into_id",
        "message_count",
        "created_at",
        "updated_at",
        "last_activity_at",
    ),
    Message: (
        "id",
        "workspace_id",
        "conversation_id",
        "direction",
        "author_user_id",
        "author_customer_id",
        "body_text",
        "body_html",
        "interface",
        "created_at",
    ),
    SearchDocument: ("id", "workspace_id", "conversation_id", "customer_id", "terms", "version"),
}


@dataclass
class Tenant:
    """One generated workspace: its people, teams, a token and its customers' id range."""

    workspace_id: int
    token: str
    agent_ids: list[int]
    team_ids: list[int]
    customer_ids: range = range(0)


@dataclass
class Generated:
    """What the measurements need to know about the data."""

    tenants: list[Tenant]
    conversations: int = 0
    messages: int = 0
    customers: int = 0
    documents: int = 0
    long_conversations: dict[int, list[int]] = field(default_factory=dict)
    seconds: float = 0.0


def check_columns() -> None:
    """Fail clearly when the schema changed under the benchmark."""
    for model, columns in COLUMNS.items():
        actual = {f.column for f in model._meta.concrete_fields}
        if actual != set(columns):
            raise SystemExit(
                f"bench: {model.__name__} columns changed: {sorted(actual ^ set(columns))}"
            )


def _stamp(seconds: float) -> str | datetime:
    moment = datetime.fromtimestamp(seconds, UTC)
    if connection.vendor == "sqlite":
        # The text form Django itself stores in SQLite.
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


def write(model: Any, rows: Iterable[Sequence[Any]]) -> None:
    table = model._meta.db_table
    columns = COLUMNS[model]
    raw = connection.connection
    if connection.vendor == "sqlite":
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _next_id(model: Any) -> int:
    last = model.objects.order_by("-id").values_list("id", flat=True).first()
    return (last or 0) + 1


def tenants_create(count: int) -> list[Tenant]:
    """Workspaces, owners, agents, teams and one owner's API token each, via the actions."""
    tenants = []
    for n in range(count):
        owner = f"owner{n}@bench.example.com"
        workspace = make_workspace(name=f"Bench shop {n}", owner_email=owner, language="en")
        actor = Actor.system(workspace)
        agents = []
        for a in range(AGENTS_PER_WORKSPACE):
            user = user_ensure(email=f"agent{n}-{a}@bench.example.com", name=f"Agent {n}-{a}")
            membership_set(actor=actor, user=user, role="agent")
            agents.append(user)
        teams = [
            team_create(actor=actor, name=name, members=agents[i::3]).pk
            for i, name in enumerate(TEAMS)
        ]
        _token, raw = token_create(workspace=workspace, email=owner, name="bench")
        tenants.append(Tenant(workspace.pk, raw, [u.pk for u in agents], teams))
    return tenants


def _customers(tenants: list[Tenant], total: int, rng: random.Random, now: float) -> int:
    start = _next_id(Customer)
    per = max(1, total // len(tenants))
    customers, contacts, docs = [], [], []
    doc_id = _next_id(SearchDocument)
    contact_id = _next_id(ContactPoint)
    pk = start
    for tenant in tenants:
        tenant.customer_ids = range(pk, pk + per)
        for lang in texts.languages(rng, per):
            name = texts.customer_name(rng, lang)
            email = f"customer{pk}@bench.example.org"
            stamp = _stamp(now - rng.random() * YEAR)
            customers.append(
                (pk, tenant.workspace_id, name, "", lang, "", "", "{}", None, stamp, stamp)
            )
            contacts.append((contact_id, tenant.workspace_id, pk, "email", email, True))
            terms = texts.customer_terms(name, email)
            docs.append((doc_id, tenant.workspace_id, None, pk, terms, TERMS_VERSION))
            pk += 1
            contact_id += 1
            doc_id += 1
    for i in range(0, len(customers), CHUNK):
        with transaction.atomic():
            write(Customer, customers[i : i + CHUNK])
            write(ContactPoint, contacts[i : i + CHUNK])
            write(SearchDocument, docs[i : i + CHUNK])
    return len(customers)


def _pg_fts(up: bool) -> None:
    migration = importlib.import_module(
        "rightdesk.conversations.migrations.0003_search_by_workspace"
    )
    with connection.cursor() as cursor:
        if up:
            cursor.execute("SET maintenance_work_mem = '256MB'")
        for sql in migration.PG_UP if up else migration.PG_DOWN:
            cursor.execute(sql)


def _pg_reset_sequences() -> None:
    with connection.cursor() as cursor:
        for model in COLUMNS:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def _progress(label: str, done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    sys.stderr.write(f"\r  {label}: {done:,}/{total:,} ({rate:,.0f}/s)   ")
    sys.stderr.flush()


def generate(
    *, conversations: int, messages_per_conversation: int, workspaces: int, seed: int = 7
) -> Generated:
    """The whole data set. Every `long_every`-th conversation has a 20-message thread."""
    check_columns()
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        # A loader-only page cache, so index pages are not re-read for every chunk;
        # the connection is closed after the load and the desk's own settings apply again.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")
    rng = random.Random(seed)
    now = time.time()
    tenants = tenants_create(workspaces)
    out = Generated(tenants)
    out.customers = _customers(
        tenants, max(workspaces, conversations // CONVERSATIONS_PER_CUSTOMER), rng, now
    )
    short = texts.make_threads(
        count=min(2000, conversations), messages=messages_per_conversation, seed=seed
    )
    long = texts.make_threads(count=min(100, conversations), messages=LONG_THREAD, seed=seed + 1)
    long_every = max(2, min(1000, conversations // 100))
    if connection.vendor == "postgresql":
        _pg_fts(up=False)
    conv_id, msg_id, doc_id = _next_id(Conversation), _next_id(Message), _next_id(SearchDocument)
    gen_started = time.perf_counter()
    for chunk_start in range(0, conversations, CHUNK):
        convs, msgs, docs = [], [], []
        for n in range(chunk_start, min(conversations, chunk_start + CHUNK)):
            tenant = tenants[n % len(tenants)]
            is_long = n % long_every == long_every - 1
            thread = rng.choice(long if is_long else short)
            customer = rng.choice(tenant.customer_ids)
            assignee = rng.choice(tenant.agent_ids) if rng.random() < 0.8 else None
            team = rng.choice(tenant.team_ids) if rng.random() < 0.6 else None
            begun = now - rng.random() * YEAR
            moment = begun
            for i, body in enumerate(thread.bodies):
                moment += rng.random() * 7200
                inbound = i % 2 == 0
                msgs.append(
                    (
                        msg_id,
                        tenant.workspace_id,
                        conv_id,
                        "in" if inbound else "out",
                        None if inbound else (assignee or tenant.agent_ids[0]),
                        customer if inbound else None,
                        body,
                        "",
                        "email" if inbound else "web",
                        _stamp(moment),
                    )
                )
                msg_id += 1
            status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            last = _stamp(moment)
            convs.append(
                (
                    conv_id,
                    tenant.workspace_id,
                    thread.subject,
                    customer,
                    rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                    status,
                    rng.choices(PRIORITIES, PRIORITY_WEIGHTS)[0],
                    team,
                    assignee,
                    None,
                    len(thread.bodies),
                    _stamp(begun),
                    last,
                    last,
                )
            )
            docs.append((doc_id, tenant.workspace_id, conv_id, None, thread.terms, TERMS_VERSION))
            if is_long:
                out.long_conversations.setdefault(tenant.workspace_id, []).append(conv_id)
            conv_id += 1
            doc_id += 1
        with transaction.atomic():
            write(Conversation, convs)
            write(Message, msgs)
            write(SearchDocument, docs)
        out.conversations += len(convs)
        out.messages += len(msgs)
        out.documents += len(docs)
        _progress("conversations", out.conversations, conversations, gen_started)
    sys.stderr.write("\n")
    if connection.vendor == "postgresql":
        sys.stderr.write("  building the full-text index and analysing...\n")
        _pg_fts(up=True)
        _pg_reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out.documents += out.customers
    out.seconds = time.perf_counter() - started
    connection.close()
    return out
