"""What the search index holds for a customer: name, notes, contact points, organisations."""

from __future__ import annotations

from rightdesk.customers.models import ContactPoint, Customer, Organisation
from rightdesk.search.index import document_write


def index_customer(
    customer: Customer, *, new: bool = False, known: list[str] | None = None
) -> None:
    """Write one customer's terms.

    `known` are the contact values and organisation names when the caller has
    just written them (a new customer), so nothing is read back; otherwise they
    are read in one query. `new` says the customer was created in this transaction.
    """
    if known is None:
        contacts = ContactPoint.objects.filter(customer=customer).order_by().values_list("value")
        orgs = Organisation.objects.filter(customers=customer).order_by().values_list("name")
        known = [value for (value,) in contacts.union(orgs, all=True)]
    document_write(
        workspace_id=customer.workspace_id,
        texts=[customer.name, customer.notes, *known],
        new=new,
        customer_id=customer.pk,
    )
