"""SQLite for the embedded default, with writers queued on a lock file.

SQLite lets one transaction write at a time. A second writer that finds the
database locked is put to sleep by SQLite's busy handler in growing steps
(1, 2, 5, 10 ms...), so under concurrent writes the processes mostly wait for
a lock that was freed long ago. Here each transaction first takes an exclusive
lock on `<database>.writers`, which it gets within a fraction of a millisecond
of the previous writer's commit; SQLite's own lock is then free. A writer that
waits longer than the connection's timeout fails as SQLite would, with
"database is locked". A block of code may ask to wait less, or not at all
(`writers_wait`): bookkeeping that can be skipped, or a sign-in that should
answer at once rather than queue behind a long import.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]

_FIRST_PAUSE = 0.00005
_LONGEST_PAUSE = 0.001


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite backend; transactions take the writers' lock first."""

    _writers_fd: int | None = None
    _holds_writers_lock = False
    _writers_timeout: float | None = None

    @contextmanager
    def writers_wait(self, seconds: float) -> Iterator[None]:
        """Inside the block, a transaction waits at most `seconds` for the writers' lock."""
        previous = self._writers_timeout
        self._writers_timeout = seconds
        try:
            yield
        finally:
            self._writers_timeout = previous

    def _writers_lock_path(self) -> str | None:
        if fcntl is None or self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writers"

    def _writers_lock(self) -> None:
        path = self._writers_lock_path()
        if path is None:
            return
        if self._writers_fd is None:
            self._writers_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        timeout = self._writers_timeout
        if timeout is None:
            timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        deadline = time.monotonic() + timeout
        pause = _FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._writers_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
                continue
            self._holds_writers_lock = True
            return

    def _writers_unlock(self) -> None:
        if self._holds_writers_lock and self._writers_fd is not None:
            fcntl.flock(self._writers_fd, fcntl.LOCK_UN)
        self._holds_writers_lock = False

    def _start_transaction_under_autocommit(self) -> None:
        self._writers_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._writers_unlock()
            raise

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._writers_unlock()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._writers_unlock()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._writers_unlock()
            if self._writers_fd is not None:
                os.close(self._writers_fd)
                self._writers_fd = None
