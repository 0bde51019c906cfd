"""`make bench-processes`: how big the desk's processes grow and how soon they answer.

    python -m bench.processes [--databases sqlite,postgres] [--backends trie,pickled]

For each database and each lemma dictionary back-end (the shared tries, and
simplemma's default pickled dictionaries as the baseline), this starts a real
`rightdesk serve` (gunicorn, 2 workers) and a real `rightdesk worker` on a
fresh data dir with four workspaces, one per language, each with a token and a
webhook to a receiver on loopback. It measures the time from spawning the
server, and from the server listening, to the first answered search; then it
sends searches and creates in all four languages from two clients (so both
web workers serve them), waits until the worker has delivered every webhook,
and reads the memory of each process: RSS, and USS (what the process alone
holds; the mapped tries are shared and count in RSS only). The figures are
printed next to their targets; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil

from bench.core import postgres
from bench.texts import SENTENCES, SUBJECTS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_NAME = os.environ.get("BENCH_PROCESSES_PG_NAME") or "rightdesk_bench_processes"
LANGUAGES = ("en", "et", "ru", "uk")
# Inflected forms, so that every search needs its language's dictionary.
QUERIES = {
    "en": ["machines", "invoices", "delivered"],
    "et": ["arvet", "arvetega", "tellimused"],
    "ru": ["квартирах", "доставку", "заказы"],
    "uk": ["пломбою", "замовлення", "доставкою"],
}
RSS_TARGET_MIB = 150
FIRST_SEARCH_TARGET_MS = 500


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.processes", description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--backends", default="trie,pickled", help="trie, pickled (the baseline)")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="searches and creates per language")
    parser.add_argument("--keep", action="store_true", help="keep the data dirs and logs")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.databases = [d for d in args.databases.split(",") if d]
    args.backends = [b for b in args.backends.split(",") if b]
    if not set(args.databases) <= {"sqlite", "postgres"} or not args.databases:
        parser.error("--databases takes sqlite, postgres")
    if not set(args.backends) <= {"trie", "pickled"} or not args.backends:
        parser.error("--backends takes trie, pickled")
    return args


def setup_workspaces(out: str) -> None:
    """In the child: four workspaces with a token each; their tokens as JSON in `out`."""
    import io
    from contextlib import redirect_stdout

    from rightdesk.cli import main

    def last_line(*argv: str) -> str:
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            main(list(argv))
        return buffer.getvalue().strip().splitlines()[-1]

    tokens = {}
    for lang in LANGUAGES:
        email = f"owner-{lang}@bench.example.net"
        slug = last_line(
            "workspace", "create", "--name", f"Bench {lang}", "--owner-email", email,
            "--language", lang,
        )  # fmt: skip
        tokens[lang] = last_line("token", "create", "--workspace", slug, "--email", email)
    Path(out).write_text(json.dumps(tokens))


@dataclass
class Receiver:
    """A webhook receiver on loopback that answers 204 and counts."""

    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def running(self) -> Iterator[str]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(204)
                self.end_headers()
                with receiver.lock:
                    receiver.count += 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/hook"
        finally:
            server.shutdown()


def _request(port: int, token: str, method: str, path: str, body: Any = None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    if response.status >= 300:
        raise SystemExit(f"bench: {method} {path} answered {response.status}: {payload[:300]!r}")
    return json.loads(payload) if payload else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.005)
    raise SystemExit("bench: the server did not listen")


def _spawn(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A process whose output goes to a log in its data dir (read it when a figure is odd)."""
    log = Path(env["RIGHTDESK_DATA_DIR"]) / f"{argv[1]}.log"
    with log.open("ab") as out:
        return subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _memory(process: psutil.Process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.rss / 2**20, info.uss / 2**20


@dataclass
class Figures:
    spawn_to_first_ms: float = 0.0
    listen_to_first_ms: float = 0.0
    memory: list[tuple[str, float, float]] = field(default_factory=list)


def _traffic(
    port: int, tokens: dict[str, str], rounds: int, client: int, errors: list[str]
) -> None:
    """Searches and creates in every language, as one client of several."""
    try:
        _rounds(port, tokens, rounds, client)
    except SystemExit as exc:
        errors.append(str(exc))


def _rounds(port: int, tokens: dict[str, str], rounds: int, client: int) -> None:
    for n in range(rounds):
        for lang in LANGUAGES:
            token = tokens[lang]
            query = QUERIES[lang][n % len(QUERIES[lang])]
            _request(port, token, "GET", f"/api/v1/conversations?q={quote(query)}")
            body = " ".join(SENTENCES[lang][(n + i) % len(SENTENCES[lang])] for i in range(3))
            conversation = {
                "subject": SUBJECTS[lang][n % len(SUBJECTS[lang])],
                "customer": {"email": f"c{client}-{n}-{lang}@bench.example.net"},
                "body": body,
            }
            _request(port, token, "POST", "/api/v1/conversations", conversation)


def measure(env: dict[str, str], args: argparse.Namespace, tokens: dict[str, str]) -> Figures:
    figures = Figures()
    receiver = Receiver()
    port = _free_port()
    serve = [str(BIN / "rightdesk"), "serve", "--port", str(port)]
    serve += ["--workers", str(args.web_workers)]
    with ExitStack() as stack:
        hook = stack.enter_context(receiver.running())
        spawned = time.perf_counter()
        server = _spawn(serve, env)
        stack.callback(_stop, server)
        _listening(port, server)
        listening = time.perf_counter()
        _request(port, tokens["ru"], "GET", f"/api/v1/conversations?q={quote('квартирах')}")
        answered = time.perf_counter()
        figures.spawn_to_first_ms = (answered - spawned) * 1000
        figures.listen_to_first_ms = (answered - listening) * 1000
        worker = _spawn([str(BIN / "rightdesk"), "worker", "--concurrency", "2"], env)
        stack.callback(_stop, worker)
        for lang in LANGUAGES:
            _request(port, tokens[lang], "POST", "/api/v1/webhooks", {"url": hook})
        errors: list[str] = []
        clients = [
            threading.Thread(target=_traffic, args=(port, tokens, args.rounds, i, errors))
            for i in (0, 1)
        ]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        if errors:
            raise SystemExit(errors[0])
        expected = 2 * args.rounds * len(LANGUAGES)
        deadline = time.monotonic() + 120
        while receiver.count < expected and time.monotonic() < deadline:
            time.sleep(0.2)
        if receiver.count < expected:
            print(f"  (the worker delivered {receiver.count} of {expected} webhooks in 120 s)")
        for i, child in enumerate(psutil.Process(server.pid).children()):
            figures.memory.append((f"web worker {i + 1}", *_memory(child)))
        figures.memory.append(("task worker", *_memory(psutil.Process(worker.pid))))
    return figures


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(database: str, backend: str, figures: Figures) -> None:
    label = f"{database}, {backend} dictionaries" + (" (baseline)" if backend == "pickled" else "")
    print(f"{label}:")
    first = figures.listen_to_first_ms
    print(
        f"  first search: {figures.spawn_to_first_ms:7.0f} ms from spawn,"
        f" {first:7.0f} ms from listening"
        f"   target <= {FIRST_SEARCH_TARGET_MS} ms  {_verdict(first <= FIRST_SEARCH_TARGET_MS)}"
    )
    for name, rss, uss in figures.memory:
        print(
            f"  {name:<12}  RSS {rss:6.0f} MiB  USS {uss:6.0f} MiB"
            f"   target RSS <= {RSS_TARGET_MIB} MiB  {_verdict(rss <= RSS_TARGET_MIB)}"
        )
    sys.stdout.flush()


def run_one(database: str, backend: str, args: argparse.Namespace, workdir: Path) -> None:
    data_dir = workdir / f"{database}-{backend}"
    data_dir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        RIGHTDESK_DATA_DIR=str(data_dir),
        RIGHTDESK_SECRET_KEY="bench-secret-key-not-for-production",
        RIGHTDESK_LOG_LEVEL="ERROR",
        RIGHTDESK_LEMMA_CACHE=os.environ.get("RIGHTDESK_LEMMA_CACHE") or str(ROOT / "var/lemmas"),
        RIGHTDESK_LEMMA_BACKEND=backend,
        RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE="true",
        RIGHTDESK_LANGUAGE="en",
        DATABASE_URL="",
    )
    env.pop("RIGHTDESK_DEBUG", None)
    with ExitStack() as stack:
        if database == "postgres":
            env["DATABASE_URL"] = stack.enter_context(postgres(workdir, False, PG_NAME))
        subprocess.run([str(BIN / "rightdesk"), "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        tokens_file = data_dir / "tokens.json"
        setup = [sys.executable, "-m", "bench.processes", "--setup", str(tokens_file)]
        subprocess.run(setup, env={**env, "DJANGO_SETTINGS_MODULE": "rightdesk.settings"},
                       check=True, cwd=ROOT)  # fmt: skip
        tokens = json.loads(tokens_file.read_text())
        report(database, backend, measure(env, args, tokens))


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.setup:
        import django

        django.setup()
        setup_workspaces(args.setup)
        return 0
    print(
        f"Process benchmark: {args.web_workers} web workers and one task worker,"
        f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="rightdesk-bench-processes-"))
    for database in args.databases:
        for backend in args.backends:
            run_one(database, backend, args, workdir)
    if args.keep:
        print(f"Data dirs and process logs kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
