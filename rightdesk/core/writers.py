"""Writes that must not make a read wait: on the embedded database one transaction writes at a time.

A large import can hold the writer for minutes. A read (an API call, a page) must
not queue behind it for its bookkeeping, such as a token's "last used" time:
`write_unless_busy` does such a write at once when the writer is free and skips
it otherwise. `writers_wait` shortens the wait for a block whose writes cannot be
skipped but should rather be answered "busy" at once (signing in).
On PostgreSQL writers do not queue for the whole database; both run as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction

from rightdesk.core.errors import is_busy


@contextmanager
def writers_wait(seconds: float, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside the block, a transaction on the embedded database waits at most `seconds` to write."""
    connection = connections[using]
    wait = getattr(connection, "writers_wait", None)
    if wait is None:
        yield
        return
    with wait(seconds):
        yield


def write_unless_busy(write: Callable[[], object], *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Run `write` in a transaction now if nobody else is writing; else skip it. Done or not."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Already inside a transaction, the writer is this connection's (or PostgreSQL's rows).
        write()
        return True
    try:
        with writers_wait(0, using=using), transaction.atomic(using=using):
            write()
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        return False
    return True
