"""Customers: the list with search, and one customer's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rightdesk.conversations.queries import customer_conversations, customer_find
from rightdesk.core.cursor import cursor_encode
from rightdesk.core.errors import DeskError, NotFound
from rightdesk.customers.actions import customer_update
from rightdesk.customers.models import Customer
from rightdesk.customers.queries import custom_field_rows, customer_get
from rightdesk.web.forms import CustomerEditForm, CustomerSearchForm
from rightdesk.web.views.common import Desk, desk_for, desk_status, error_text, page_context


@login_required
@require_GET
def customer_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    desk = desk_for(request, slug, "customers.view")
    form = CustomerSearchForm(request.GET)
    if not form.is_valid():
        context = page_context(desk, form=form, customers=[], next_query="")
        return render(request, "web/customers.html", context, status=400)
    page = customer_find(
        workspace=desk.workspace, q=form.cleaned_data["q"], after=form.cleaned_data["after"]
    )
    next_query = ""
    if page.next_after is not None:
        query = request.GET.copy()
        query["after"] = cursor_encode(*page.next_after)
        next_query = query.urlencode()
    context = page_context(desk, form=form, customers=page.rows, next_query=next_query)
    return render(request, "web/customers.html", context)


def _customer(desk: Desk, pk: int) -> Customer:
    try:
        return customer_get(workspace=desk.workspace, pk=pk)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _render(
    request: HttpRequest,
    desk: Desk,
    customer: Customer,
    form: CustomerEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        form = CustomerEditForm(
            initial={
                "name": customer.name,
                "language": customer.language,
                "preferred_channel": customer.preferred_channel,
                "timezone": customer.timezone,
                "tags": ", ".join(t.name for t in customer.tags.all()),
                "notes": customer.notes,
            }
        )
    context = page_context(
        desk,
        customer=customer,
        custom_fields=custom_field_rows(customer),
        conversations=customer_conversations(workspace=desk.workspace, customer_id=customer.pk),
        form=form,
    )
    return render(request, "web/customer.html", context, status=status)


@login_required
@require_GET
def customer_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug, "customers.view")
    return _render(request, desk, _customer(desk, pk))


@login_required
@require_POST
def customer_update_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug, "customers.view")
    customer = _customer(desk, pk)
    form = CustomerEditForm(request.POST)
    if not form.is_valid():
        return _render(request, desk, customer, form, status=400)
    try:
        customer_update(actor=desk.actor, customer=customer, **form.changes())
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        return _render(request, desk, _customer(desk, pk), form, status=desk_status(exc))
    messages.success(request, _("The customer is saved."))
    return redirect("web:customer", slug=slug, pk=pk)
