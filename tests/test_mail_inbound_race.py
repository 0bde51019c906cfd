"""Two workers processing the same received message at once write it once."""

from __future__ import annotations

import threading
from email.message import EmailMessage
from typing import Any

import pytest
from django.db import connection, connections

from rightdesk.channels import inbound
from rightdesk.channels.actions import mailbox_create
from rightdesk.channels.inbound import mail_process, mail_receive
from rightdesk.conversations.models import Message
from tests.factories import actor_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_a_second_worker_waits_and_finds_the_message_processed(
    workspace: Any, mail_dirs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = mailbox_create(actor=actor_for(workspace), address="help@acme.example")
    message = EmailMessage()
    message["From"] = "ana@example.org"
    message["Subject"] = "Broken tile"
    message.set_content("Hello")
    row, _created = mail_receive(mailbox=box, raw=message.as_bytes())
    inside, release = threading.Event(), threading.Event()
    find = inbound.thread_find

    def slow_find(**kwargs: Any) -> Any:
        if threading.current_thread().name == "first":
            inside.set()
            release.wait(timeout=30)  # the first worker holds its claim, uncommitted
        return find(**kwargs)

    monkeypatch.setattr(inbound, "thread_find", slow_find)
    states: dict[str, str] = {}

    def work() -> None:
        try:
            states[threading.current_thread().name] = mail_process(inbound_id=row.pk)
        finally:
            connections.close_all()

    first = threading.Thread(target=work, name="first")
    second = threading.Thread(target=work, name="second")
    first.start()
    assert inside.wait(timeout=30)
    second.start()
    second.join(timeout=1)
    waited = second.is_alive()
    release.set()
    first.join()
    second.join()
    assert waited
    assert states == {"first": "processed", "second": "processed"}
    assert Message.objects.count() == 1
