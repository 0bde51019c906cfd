"""A person's own API tokens in one workspace: made (shown once), listed, revoked."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from rightdesk.accounts.actions import token_create, token_revoke
from rightdesk.accounts.queries import tokens_of
from rightdesk.core.errors import DeskError, NotFound
from rightdesk.web.views.common import Desk, desk_for, desk_status, error_text, page_context


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120, required=False)


def _render(
    request: HttpRequest, desk: Desk, form: TokenForm, raw: str = "", status: int = 200
) -> HttpResponse:
    context = page_context(desk, form=form, tokens=tokens_of(desk.user, desk.workspace), raw=raw)
    return render(request, "web/tokens.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    desk = desk_for(request, slug, "tokens.manage_own")
    if request.method == "GET":
        return _render(request, desk, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render(request, desk, form, status=400)
    try:
        _token, raw = token_create(
            workspace=desk.workspace,
            email=desk.user.email,
            name=form.cleaned_data["name"],
            interface=desk.actor.interface,
        )
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        return _render(request, desk, form, status=desk_status(exc))
    # Rendered, not redirected: the token is shown this once and never stored in clear.
    return _render(request, desk, TokenForm(), raw=raw)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug, "tokens.manage_own")
    try:
        token_revoke(actor=desk.actor, token_id=pk)
    except NotFound as exc:  # another person's or workspace's token, or one already revoked
        raise Http404 from exc
    messages.success(request, _("The token is revoked."))
    return redirect("web:tokens", slug=slug)
