from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from rightdesk.core.errors import Conflict
from rightdesk.customers.models import Customer
from rightdesk.flows.customers import customer_merge
from tests.customers_helpers import make_customer
from tests.factories import actor_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_opposite_merges_at_once_leave_exactly_one_customer(workspace) -> None:
    # given
    a = make_customer(workspace, name="A", emails=["a@example.org"])
    b = make_customer(workspace, name="B", emails=["b@example.org"])
    actor = actor_for(workspace)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def merge(source: int, target: int) -> None:
        try:
            barrier.wait()
            customer_merge(actor=actor, source_id=source, target_id=target)
            outcomes.append("merged")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=merge, args=(a.pk, b.pk)),
        threading.Thread(target=merge, args=(b.pk, a.pk)),
    ]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    assert sorted(outcomes) == ["merged", "refused"]
    remaining = Customer.objects.filter(workspace=workspace, merged_into__isnull=True)
    assert remaining.count() == 1
    assert remaining.get().contacts.count() == 2
