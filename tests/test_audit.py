from datetime import timedelta

import pytest

from rightdesk.conversations.actions import conversation_start, conversation_update, message_post
from rightdesk.core.clock import now
from rightdesk.core.context import audit_record, audit_together
from rightdesk.core.models import AuditEvent
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
    conversation_update(
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


def test_a_new_conversation_from_a_new_customer_is_recorded_in_order(workspace) -> None:
    # given
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # when
    conv, message = conversation_start(
        actor=actor_for(workspace),
        subject="Parkett",
        body_text="Parkett kriuksub.",
        customer_email="uus@example.ee",
    )
    # then: who became a customer, what was opened, what was said: in that order
    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    assert [(e.verb, e.object_id) for e in events] == [
        ("customer.created", conv.customer_id),
        ("conversation.created", conv.pk),
        ("message.added", conv.pk),
    ]
    assert events[2].data == {"message": message.pk, "direction": "in"}


def test_entries_recorded_together_are_written_at_the_end_or_not_at_all(workspace) -> None:
    actor = actor_for(workspace)
    mine = AuditEvent.objects.filter(object_type="test")

    def record(verb: str) -> None:
        audit_record(actor=actor, verb=verb, object_type="test", object_id=workspace.pk)

    # when: a nested block leaves the writing to the outer one
    with audit_together():
        record("first")
        with audit_together():
            record("second")
        assert not mine.exists()
    # then
    assert list(mine.order_by("id").values_list("verb", flat=True)) == [
        "first",
        "second",
    ]
    # and a block that fails writes nothing
    with pytest.raises(ValueError), audit_together():
        record("lost")
        raise ValueError
    assert not mine.filter(verb="lost").exists()
