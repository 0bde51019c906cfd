"""A reply and a merge of the same conversation at the same moment, on two connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from rightdesk.conversations.actions import message_post
from rightdesk.conversations.merge import conversation_merge
from rightdesk.conversations.models import Conversation, Message
from rightdesk.core.errors import Conflict
from tests.factories import actor_for, make_conversation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_a_reply_racing_a_merge_never_lands_in_the_closed_source(workspace) -> None:
    # given: the agent's page holds the conversation as it was before the merge
    source = make_conversation(workspace, body="First")
    target = make_conversation(workspace, body="Second")
    stale = Conversation.objects.get(pk=source.pk)
    actor = actor_for(workspace)
    merged, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def merge() -> None:
        try:
            with transaction.atomic():
                conversation_merge(actor=actor, source=source, target=target)
                merged.set()
                release.wait(timeout=30)  # the merge holds its locks, uncommitted
        finally:
            connections.close_all()

    def reply() -> None:
        try:
            message_post(actor=actor, conversation=stale, direction="out", body_text="Late")
            outcome.append("stored")
        except Conflict as exc:
            outcome.append(exc.code)
        finally:
            connections.close_all()

    merger = threading.Thread(target=merge)
    replier = threading.Thread(target=reply)
    # when: the reply starts while the merge is written but not committed
    merger.start()
    assert merged.wait(timeout=30)
    replier.start()
    replier.join(timeout=2)
    waited = replier.is_alive()
    release.set()
    merger.join()
    replier.join()
    # then: the reply waited for the merge, and did not go into the closed source
    assert waited
    assert outcome == ["conversation_merged"]
    assert not Message.objects.filter(conversation_id=source.pk).exists()
    assert Conversation.objects.get(pk=source.pk).merged_into_id == target.pk
