"""A change that waits too long for the embedded database is told so, and nothing is written."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from rightdesk.conversations.models import Conversation, Message
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_token
from tests.webclient import member_client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="only the embedded database has one writer"
    ),
]


@contextmanager
def another_writer_holds_the_database() -> Iterator[None]:
    """As a long import in another process would; the desk waits 0.2 s instead of 20."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    timeout = options.get("timeout")
    options["timeout"] = 0.2
    with open(f"{connection.settings_dict['NAME']}.writers", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            options["timeout"] = timeout


def test_the_api_answers_busy_and_writes_nothing(workspace) -> None:
    api = ApiClient(make_token(workspace))
    body = {"subject": "Tarne", "customer": {"email": "ootel@example.ee"}, "body": "Kus on pakk?"}
    # when
    with another_writer_holds_the_database():
        r = api.post("conversations", body)
    # then
    assert r.status_code == 503
    assert r.json()["code"] == "busy" and "Nothing was saved" in r.json()["message"]
    assert r["Retry-After"] == "5"
    assert not Conversation.objects.filter(subject="Tarne").exists()
    # and once the other writer is done, the same request goes through
    assert api.post("conversations", body).status_code == 201


def test_a_page_says_busy_and_keeps_nothing_half_written(workspace) -> None:
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    url = f"/w/{workspace.slug}/c/{conv.pk}/messages/"
    # when
    with another_writer_holds_the_database():
        r = client.post(url, {"direction": "out", "body": "Pakk on teel."})
    # then
    assert r.status_code == 503
    assert "Nothing was saved" in r.content.decode()
    assert not Message.objects.filter(body_text="Pakk on teel.").exists()
    assert client.post(url, {"direction": "out", "body": "Pakk on teel."}).status_code == 302
