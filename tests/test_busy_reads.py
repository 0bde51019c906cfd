"""Reads and sign-in never queue behind a long change on the embedded database.

Another connection really holds the writer here (a transaction that has written,
as a large CSV import does); the desk's own 20 s wait stays as configured.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client

from rightdesk.accounts.models import ApiToken, Attempt
from rightdesk.core.clock import now
from rightdesk.core.models import AuditEvent
from tests.conftest import ApiClient
from tests.factories import make_member, make_token
from tests.webclient import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="only the embedded database has one writer"
    ),
]


# Shorter than the 20 s a change waits for the writer: a request that waited for it
# in full finds the writer gone when it answers.
HOLD_SECONDS = 15


class Writer:
    """A second connection in a transaction that has written, until told to finish."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.finish = threading.Event()
        self.released = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from django.db import connection as own

        try:
            with transaction.atomic():
                AuditEvent.objects.filter(pk=-1).update(verb="import")
                self.started.set()
                self.finish.wait(HOLD_SECONDS)
        finally:
            self.released.set()
            own.close()

    @property
    def holding(self) -> bool:
        return not self.released.is_set()


@contextmanager
def another_connection_writing() -> Iterator[Writer]:
    writer = Writer()
    writer.thread.start()
    assert writer.started.wait(10)
    try:
        yield writer
    finally:
        writer.finish.set()
        writer.thread.join(10)


def test_an_api_read_answers_while_another_change_writes(workspace) -> None:
    # given: a token last used long ago, so the read would want to write last_used_at
    api = ApiClient(make_token(workspace))
    long_ago = now() - timedelta(hours=1)
    ApiToken.objects.update(last_used_at=long_ago)
    # when
    with another_connection_writing() as writer:
        r = api.get("conversations")
        # then: answered while the other change still holds the writer
        assert writer.holding
    assert r.status_code == 200, r.content
    assert ApiToken.objects.get().last_used_at == long_ago  # skipped, not waited for
    # and the next read once the writer is free records it
    assert api.get("conversations").status_code == 200
    assert ApiToken.objects.get().last_used_at > long_ago


def test_sign_in_says_busy_at_once_and_counts_no_failure_it_could_not_record(
    workspace,
) -> None:
    user = make_member(workspace, password=PASSWORD)
    # when
    with another_connection_writing() as writer:
        right = Client().post("/login/", {"username": user.email, "password": PASSWORD})
        wrong = Client().post("/login/", {"username": user.email, "password": "guess"})
        assert writer.holding
    # then: the same clear answer either way, so a guess learns nothing while it lasts
    for r in (right, wrong):
        assert r.status_code == 503
        assert r["Retry-After"] == "5"
        assert "busy" in r.content.decode()
        assert "_auth_user_id" not in r.client.session
    # and once the change is done, sign-in works and failures count again
    assert (
        Client().post("/login/", {"username": user.email, "password": "guess"}).status_code == 200
    )
    assert Attempt.objects.count() == 1
    assert (
        Client().post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    )
