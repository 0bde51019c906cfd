"""The core benchmark runs end to end at a tiny size and prints every figure it promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_benchmark_prints_its_figures() -> None:
    # given a tiny size on SQLite only
    argv = [
        sys.executable, "-m", "bench.core", "--databases", "sqlite", "--conversations", "120",
        "--workspaces", "2", "--samples", "3", "--creates", "6", "--clients", "2",
        "--server-workers", "1",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}

    # when the benchmark runs
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    # then it succeeds and prints each figure next to its target with a verdict
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "data: 120 conversations" in out
    assert re.search(r"generation time: [\d.,]+ s", out)
    assert re.search(r"database size: [\d.,]+ MiB", out)
    for name in (
        "inbox list",
        "conversation page",
        r"search, Russian \(\w+\)",
        r"search, Estonian \(\w+\)",
    ):
        assert re.search(name + r".*p50 +[\d.]+ ms +p95 +[\d.]+ ms .*(PASS|MISS)", out), name
    assert re.search(r"create \(2 clients, 6\) +[\d.,]+ conversations/s .*(PASS|MISS)", out)
    assert "create errors" not in out


def test_process_benchmark_prints_its_figures() -> None:
    # given the smallest run: SQLite, the shared dictionaries, one web worker
    argv = [
        sys.executable, "-m", "bench.processes", "--databases", "sqlite", "--backends", "trie",
        "--web-workers", "1", "--rounds", "1",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}

    # when the benchmark runs
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    # then it prints the first search and each process's memory next to their targets
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert re.search(r"first search: +\d+ ms from spawn, +\d+ ms from listening .*(PASS|MISS)", out)
    for name in ("web worker 1", "task worker"):
        assert re.search(name + r" +RSS +\d+ MiB +USS +\d+ MiB .*(PASS|MISS)", out), name
    assert "webhooks in 120 s" not in out
