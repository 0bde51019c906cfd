"""Merging one customer into another."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rightdesk.core.context import Actor, AuditEntry, audit_record_many
from rightdesk.core.errors import Conflict, NotFound, ValidationFailed
from rightdesk.customers.actions import EDITABLE, primary_ensure
from rightdesk.customers.indexing import index_customer
from rightdesk.customers.models import Customer
from rightdesk.search.index import document_delete


def customer_merge_pair(
    *, actor: Actor, source_id: int, target_id: int
) -> tuple[Customer, Customer]:
    """Lock both customers of a merge and check that the merge is allowed.

    Another workspace's customer is not found, whichever side it is on.
    """
    actor.require("customers.merge")
    if source_id == target_id:
        raise ValidationFailed(
            _("A customer cannot be merged into themselves."), code="merge_into_self"
        )
    # Locked in id order so that two opposite merges cannot deadlock.
    locked = {
        c.pk: c
        for c in Customer.objects.select_for_update()
        .filter(workspace=actor.workspace, pk__in=[source_id, target_id])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise NotFound()
    source, target = locked[source_id], locked[target_id]
    if source.merged_into_id or target.merged_into_id:
        raise Conflict(
            _("This customer was already merged into another one."), code="already_merged"
        )
    return source, target


def customer_fold(
    *, actor: Actor, source: Customer, target: Customer, moved: dict[str, Any] | None = None
) -> Customer:
    """Fold one customer into another and return the one that remains.

    `source` and `target` come locked from customer_merge_pair, in the caller's
    transaction. Contact points, organisations and tags move to the target; notes
    are appended; custom fields and details keep the target's values and fill its
    gaps from the source. The source row stays, marked `merged_into`, so its
    audit trail keeps pointing somewhere, and is no longer a search result.
    Conversations are moved by the flow `customer_merge` (a higher layer), which
    passes what it moved in `moved`.
    """
    contacts = list(source.contacts.order_by("id").values_list("value", flat=True))
    source.contacts.update(customer=target, is_primary=False)
    primary_ensure(target)
    target.organisations.add(*source.organisations.all())
    target.tags.add(*source.tags.all())
    notes = [n for n in (target.notes.strip(), source.notes.strip()) if n]
    target.notes = "\n\n".join(dict.fromkeys(notes))
    for key in EDITABLE:
        if key != "notes" and not getattr(target, key):
            setattr(target, key, getattr(source, key))
    gaps = {
        k: v
        for k, v in source.custom_fields.items()
        if v not in (None, "") and target.custom_fields.get(k) in (None, "")
    }
    target.custom_fields = {**target.custom_fields, **gaps}
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    # Earlier merges into the source now point at the customer that remains.
    Customer.objects.filter(workspace=actor.workspace, merged_into=source).update(
        merged_into=target
    )
    data = {"contacts": contacts, "custom_fields": sorted(gaps), **(moved or {})}
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry("customer.merged", "customer", source.pk, {"into": target.pk, **data}),
            AuditEntry("customer.merged_from", "customer", target.pk, {"from": source.pk, **data}),
        ],
    )
    document_delete(customer_id=source.pk)
    index_customer(target)
    return target
