from __future__ import annotations

import pytest

from rightdesk.conversations.models import Message
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.core.models import AuditEvent
from rightdesk.customers.models import ContactPoint, Customer
from rightdesk.flows.customers import customer_merge
from rightdesk.search.index import search
from tests.customers_helpers import emails_of, make_customer, make_fields
from tests.factories import actor_for, make_conversation

pytestmark = pytest.mark.django_db


def test_merge_moves_conversations_contacts_and_details(workspace) -> None:
    # given
    make_fields(workspace)
    source_conv = make_conversation(workspace, email="anna.old@example.org", subject="Old thread")
    source = source_conv.customer
    actor = actor_for(workspace)
    from rightdesk.customers.actions import customer_update

    customer_update(
        actor=actor,
        customer=source,
        name="Anna (old)",
        phones=["+372 5555 0000"],
        organisations=["Acme"],
        tags=["vip"],
        notes="Prefers mornings.",
        timezone="Europe/Tallinn",
        custom_fields={"plan": "basic", "seats": "3"},
    )
    target = make_customer(
        workspace,
        name="Anna Kask",
        emails=["anna@example.org"],
        organisations=["Beta"],
        notes="Owns two shops.",
        custom_fields={"plan": "pro"},
    )
    target_conv = make_conversation(workspace, email="anna@example.org", subject="New thread")
    # when
    result = customer_merge(actor=actor, source_id=source.pk, target_id=target.pk)
    # then
    assert result.pk == target.pk
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into_id == target.pk
    source_conv.refresh_from_db()
    target_conv.refresh_from_db()
    assert source_conv.customer_id == target_conv.customer_id == target.pk
    assert not Message.objects.filter(author_customer=source).exists()
    assert Message.objects.filter(conversation=source_conv, author_customer=target).count() == 1
    assert emails_of(target) == ["anna.old@example.org", "anna@example.org"]
    assert ContactPoint.objects.filter(customer=target, is_primary=True).count() == 1
    assert ContactPoint.objects.get(is_primary=True, customer=target).value == "anna@example.org"
    assert not ContactPoint.objects.filter(customer=source).exists()
    assert sorted(target.organisations.values_list("name", flat=True)) == ["Acme", "Beta"]
    assert list(target.tags.values_list("name", flat=True)) == ["vip"]
    assert target.name == "Anna Kask"
    assert target.notes == "Owns two shops.\n\nPrefers mornings."
    assert target.timezone == "Europe/Tallinn"
    assert target.custom_fields == {"plan": "pro", "seats": "3"}


def test_merge_keeps_the_audit_of_both(workspace) -> None:
    # given
    source = make_customer(workspace, name="A", emails=["a@example.org"])
    target = make_customer(workspace, name="B")
    actor = actor_for(workspace)
    # when
    customer_merge(actor=actor, source_id=source.pk, target_id=target.pk)
    # then
    source_trail = list(
        AuditEvent.objects.filter(object_type="customer", object_id=source.pk).values_list(
            "verb", flat=True
        )
    )
    assert source_trail == ["customer.created", "customer.merged"]
    merged_from = AuditEvent.objects.get(object_id=target.pk, verb="customer.merged_from")
    assert merged_from.data["from"] == source.pk
    assert merged_from.data["contacts"] == ["a@example.org"]
    assert merged_from.actor_id == actor.user_id


def test_merged_customer_leaves_search_and_earlier_merges_follow(workspace) -> None:
    # given
    first = make_customer(workspace, name="Zebediah One", emails=["z1@example.org"])
    middle = make_customer(workspace, name="Zebediah Two")
    last = make_customer(workspace, name="Zebediah Three")
    actor = actor_for(workspace)
    # when
    customer_merge(actor=actor, source_id=first.pk, target_id=middle.pk)
    customer_merge(actor=actor, source_id=middle.pk, target_id=last.pk)
    # then
    first.refresh_from_db()
    assert first.merged_into_id == last.pk
    assert search(workspace_id=workspace.pk, q="Zebediah").customer_ids == [last.pk]
    assert emails_of(last) == ["z1@example.org"]


def test_merge_refusals(workspace, other_workspace) -> None:
    # given
    actor = actor_for(workspace)
    mine = make_customer(workspace, name="Mine")
    other = make_customer(workspace, name="Other")
    foreign = make_customer(other_workspace, name="Foreign", emails=["f@example.org"])
    # then: into oneself
    with pytest.raises(ValidationFailed) as exc:
        customer_merge(actor=actor, source_id=mine.pk, target_id=mine.pk)
    assert exc.value.code == "merge_into_self"
    # then: across workspaces, either way round, is simply not found
    with pytest.raises(NotFound):
        customer_merge(actor=actor, source_id=mine.pk, target_id=foreign.pk)
    with pytest.raises(NotFound):
        customer_merge(actor=actor, source_id=foreign.pk, target_id=mine.pk)
    foreign.refresh_from_db()
    assert foreign.merged_into_id is None
    assert emails_of(foreign) == ["f@example.org"]
    # then: a customer already merged cannot be merged again
    customer_merge(actor=actor, source_id=other.pk, target_id=mine.pk)
    with pytest.raises(Conflict):
        customer_merge(actor=actor, source_id=other.pk, target_id=mine.pk)
    with pytest.raises(Conflict):
        customer_merge(actor=actor, source_id=mine.pk, target_id=other.pk)
    assert Customer.objects.get(pk=mine.pk).merged_into_id is None
