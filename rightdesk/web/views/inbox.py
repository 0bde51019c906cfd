"""The inbox of a workspace: filters, search and keyset pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from rightdesk.accounts.queries import members_of, teams_of
from rightdesk.conversations.queries import inbox_page, workspace_tags
from rightdesk.core.cursor import cursor_encode
from rightdesk.web.forms import InboxFilterForm
from rightdesk.web.views.common import desk_for, page_context


def _template(request: HttpRequest) -> str:
    """Only the result list when htmx asks for it, the whole page otherwise."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return "web/inbox_results.html"
    return "web/inbox.html"


@login_required
@require_GET
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    desk = desk_for(request, slug)
    workspace = desk.workspace
    form = InboxFilterForm(
        request.GET,
        members=members_of(workspace),
        teams=teams_of(workspace),
        tags=workspace_tags(workspace),
    )
    if not form.is_valid():
        context = page_context(desk, form=form, conversations=[], next_query="")
        return render(request, _template(request), context, status=400)
    page = inbox_page(
        workspace=workspace, me=desk.user, after=form.cleaned_data["after"], **form.filters()
    )
    next_query = ""
    if page.next_after is not None:
        query = request.GET.copy()
        query["after"] = cursor_encode(*page.next_after)
        next_query = query.urlencode()
    context = page_context(desk, form=form, conversations=page.rows, next_query=next_query)
    response = render(request, _template(request), context)
    patch_vary_headers(response, ["HX-Request"])
    return response
