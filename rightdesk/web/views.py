"""Agent pages. Views parse input and call one query or one flow; nothing else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rightdesk.accounts.queries import membership_of, workspaces_of
from rightdesk.conversations.queries import conversation_filter
from rightdesk.core.models import Workspace


@login_required
def home(request: HttpRequest) -> HttpResponse:
    workspaces = workspaces_of(request.user)  # type: ignore[arg-type]
    if len(workspaces) == 1:
        return redirect("web:inbox", slug=workspaces[0].slug)
    return render(request, "web/home.html", {"workspaces": workspaces})


@login_required
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None or membership_of(request.user, workspace) is None:  # type: ignore[arg-type]
        raise Http404
    conversations = conversation_filter(workspace=workspace).select_related("customer", "assignee")[
        :50
    ]
    return render(
        request, "web/inbox.html", {"workspace": workspace, "conversations": conversations}
    )
