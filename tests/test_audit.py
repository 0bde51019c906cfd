from datetime import timedelta

import pytest

from rightdesk.core.clock import now
from rightdesk.core.models import AuditEvent
from rightdesk.flows.conversations import conversation_change, message_post
from tests.factories import actor_for, make_conversation

pytestmark = pytest.mark.django_db


def test_backdated_work_keeps_its_moment_in_the_timeline(workspace) -> None:
    # given: a conversation imported from three days ago
    then = now() - timedelta(days=3)
    conv = make_conversation(workspace, at=then)
    actor = actor_for(workspace)
    # when: it is answered and resolved an hour later, as it happened
    message_post(
        actor=actor,
        conversation=conv,
        direction="out",
        body_text="Done.",
        at=then + timedelta(hours=1),
    )
    conversation_change(
        actor=actor, conversation=conv, status="resolved", at=then + timedelta(hours=1)
    )
    # then
    events = AuditEvent.objects.filter(object_type="conversation", object_id=conv.pk)
    assert [e.created_at for e in events] == [
        then,
        then,
        then + timedelta(hours=1),
        then + timedelta(hours=1),
    ]
    assert [e.verb for e in events] == [
        "conversation.created",
        "message.added",
        "message.added",
        "conversation.updated",
    ]


def test_live_work_is_stamped_now(workspace) -> None:
    before = now()
    conv = make_conversation(workspace)
    event = AuditEvent.objects.get(
        object_type="conversation", object_id=conv.pk, verb="conversation.created"
    )
    assert before <= event.created_at <= now()
