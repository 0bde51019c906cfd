"""The embedded database queues writers on a lock file instead of SQLite's sleeping retries."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler


def _connection(path: Path, timeout: float = 5) -> Any:
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "rightdesk.core.sqlite",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
            }
        }
    )
    return handler["default"]


def _begin(conn: Any) -> None:
    # What transaction.atomic() does for the outermost block.
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(conn: Any, commit: bool = True) -> None:
    conn.commit() if commit else conn.rollback()
    conn.set_autocommit(True)


@pytest.fixture
def database(tmp_path: Path, django_db_blocker: Any) -> Any:
    """A database file of its own, outside the desk's test database."""
    path = tmp_path / "desk.sqlite3"
    with django_db_blocker.unblock():
        conn = _connection(path)
        with conn.cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        conn.close()
        yield path


def test_a_second_writer_waits_for_the_first_and_sees_its_commit(database: Path) -> None:
    # given: one writer inside a transaction
    first = _connection(database)
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES ('first')")
    events: list[str] = []
    seen: list[Any] = []

    def second_writer() -> None:
        second = _connection(database)
        _begin(second)
        events.append("second began")
        with second.cursor() as cursor:
            cursor.execute("SELECT text FROM note")
            seen.extend(row[0] for row in cursor.fetchall())
            cursor.execute("INSERT INTO note (text) VALUES ('second')")
        _end(second)
        second.close()

    # when: a second writer starts while the first is still open
    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.3)
    events.append("first commits")
    _end(first)
    thread.join(10)
    # then: it began only after the commit, saw the first row, and both rows are kept
    assert events == ["first commits", "second began"]
    assert seen == ["first"]
    with first.cursor() as cursor:
        cursor.execute("SELECT text FROM note ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    first.close()


def test_a_writer_that_waits_too_long_is_told_the_database_is_locked(database: Path) -> None:
    # given
    holder = _connection(database)
    _begin(holder)
    waiter = _connection(database, timeout=0.2)
    # when / then
    with pytest.raises(OperationalError, match="database is locked"):
        _begin(waiter)
    # and after a rollback the lock is free again
    _end(holder, commit=False)
    _begin(waiter)
    _end(waiter)
    holder.close()
    waiter.close()


def test_closing_a_connection_mid_transaction_frees_the_writers(database: Path) -> None:
    # given: a connection that goes away without committing
    gone = _connection(database)
    _begin(gone)
    with gone.cursor() as cursor:
        cursor.execute("INSERT INTO note (text) VALUES ('lost')")
    gone.close()
    # when: another writer starts
    other = _connection(database, timeout=0.2)
    _begin(other)
    with other.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        count = cursor.fetchone()[0]
    _end(other)
    other.close()
    # then: it got in, and the unfinished write was not kept
    assert count == 0


def _writers_lock_is_free(database: Path) -> bool:
    import fcntl

    with open(f"{database}.writers", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(f, fcntl.LOCK_UN)
        return True


def test_the_writers_lock_is_held_exactly_for_the_transaction(database: Path) -> None:
    conn = _connection(database)
    with conn.cursor() as cursor:  # outside a transaction: no lock held
        cursor.execute("SELECT 1")
    assert _writers_lock_is_free(database)
    _begin(conn)
    assert not _writers_lock_is_free(database)
    _end(conn)
    assert _writers_lock_is_free(database)
    conn.close()
