"""Settings > Mailboxes: a manager adds, changes and removes the workspace's addresses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightdesk.accounts.models import Team
from rightdesk.channels.actions import mailbox_create, mailbox_delete, mailbox_update
from rightdesk.channels.models import ADDRESS_MAX, NAME_MAX, SIGNATURE_MAX, Mailbox
from rightdesk.channels.queries import mailboxes_of
from rightdesk.core.errors import DeskError
from rightdesk.web.views.common import Desk, desk_for, desk_status, error_text, page_context

PERMISSION = "workspace.manage"


class MailboxForm(forms.Form):
    """Only parses the fields; the action checks them, whichever interface calls it."""

    address = forms.CharField(label=gettext_lazy("Address"), max_length=ADDRESS_MAX)
    name = forms.CharField(label=gettext_lazy("Display name"), max_length=NAME_MAX, required=False)
    team = forms.TypedChoiceField(
        label=gettext_lazy("Team"), coerce=int, empty_value=None, required=False
    )
    signature = forms.CharField(
        label=gettext_lazy("Signature"),
        max_length=SIGNATURE_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    acknowledge = forms.BooleanField(
        label=gettext_lazy("Acknowledge new conversations automatically"), required=False
    )

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(workspace=workspace).order_by("name")
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", _("No team")),
            *((t.pk, t.name) for t in teams),
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "address": data["address"],
            "name": data["name"],
            "team_id": data["team"],
            "signature": data["signature"],
            "acknowledge": data["acknowledge"],
        }


def _edit_form(desk: Desk, mailbox: Mailbox, data: Any = None) -> MailboxForm:
    initial = {
        "address": mailbox.address,
        "name": mailbox.name,
        "team": mailbox.team_id or "",
        "signature": mailbox.signature,
        "acknowledge": mailbox.acknowledge,
    }
    return MailboxForm(data, workspace=desk.workspace, initial=initial, prefix=f"m{mailbox.pk}")


def _render(
    request: HttpRequest,
    desk: Desk,
    *,
    form: MailboxForm | None = None,
    failed: MailboxForm | None = None,
    failed_pk: int | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = [
        (m, failed if m.pk == failed_pk and failed is not None else _edit_form(desk, m))
        for m in mailboxes_of(desk.workspace)
    ]
    context = page_context(
        desk,
        form=form or MailboxForm(workspace=desk.workspace),
        rows=rows,
        failed_pk=failed_pk,
    )
    return render(request, "web/mailboxes.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mailboxes(request: HttpRequest, slug: str) -> HttpResponse:
    desk = desk_for(request, slug, PERMISSION)
    if request.method == "GET":
        return _render(request, desk)
    form = MailboxForm(request.POST, workspace=desk.workspace)
    if not form.is_valid():
        return _render(request, desk, form=form, status=400)
    try:
        mailbox = mailbox_create(actor=desk.actor, **form.values())
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        return _render(request, desk, form=form, status=desk_status(exc))
    messages.success(request, _("The mailbox %(address)s is added.") % {"address": mailbox.address})
    return redirect("web:mailboxes", slug=slug)


@login_required
@require_POST
def mailbox_update_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug, PERMISSION)
    mailbox = mailboxes_of(desk.workspace).filter(pk=pk).first()
    if mailbox is None:
        raise Http404
    form = _edit_form(desk, mailbox, request.POST)
    if not form.is_valid():
        return _render(request, desk, failed=form, failed_pk=pk, status=400)
    try:
        mailbox_update(actor=desk.actor, mailbox_id=pk, **form.values())
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        return _render(request, desk, failed=form, failed_pk=pk, status=desk_status(exc))
    messages.success(request, _("The mailbox is saved."))
    return redirect("web:mailboxes", slug=slug)


@login_required
@require_POST
def mailbox_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug, PERMISSION)
    try:
        mailbox_delete(actor=desk.actor, mailbox_id=pk)
    except DeskError as exc:
        desk_status(exc)  # a 404 or 403 page; any other refusal is shown above the list
        messages.error(request, error_text(exc))
        return redirect("web:mailboxes", slug=slug)
    messages.success(request, _("The mailbox is removed."))
    return redirect("web:mailboxes", slug=slug)
