"""One conversation: the thread, replies and notes, changes, followers, the audit timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rightdesk.accounts.queries import members_of, names_of, teams_of
from rightdesk.conversations.actions import conversation_update, follower_set, message_post
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Conversation
from rightdesk.conversations.queries import (
    attachment_get,
    attachment_response,
    conversation_events,
    conversation_get,
    conversation_thread,
)
from rightdesk.core.errors import DeskError, NotFound
from rightdesk.web.forms import ConversationChangeForm, FollowForm, MessageForm
from rightdesk.web.timeline import people_mentioned, timeline_rows
from rightdesk.web.views.common import Desk, desk_for, desk_status, error_text, page_context


def _conversation(desk: Desk, pk: int) -> Conversation:
    try:
        return conversation_get(workspace=desk.workspace, pk=pk)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _change_initial(c: Conversation) -> dict[str, Any]:
    return {
        "status": c.status,
        "priority": c.priority,
        "assignee": str(c.assignee_id or ""),
        "team": str(c.team_id or ""),
        "tags": ", ".join(t.name for t in c.tags.all()),
    }


def _images_shown(request: HttpRequest) -> int | None:
    """The message whose remote images the agent asked to see on this page view (`?images=`)."""
    asked = request.GET.get("images", "")
    return int(asked) if asked.isascii() and asked.isdigit() and len(asked) <= 18 else None


def _render(
    request: HttpRequest,
    desk: Desk,
    conversation: Conversation,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    members, teams = members_of(desk.workspace), teams_of(desk.workspace)
    given = forms or {}
    events = list(conversation_events(conversation))
    names = {u.pk: u.name or u.email for u in members}
    # People who have left the workspace are still named in what they did here.
    names |= names_of(people_mentioned(events) - names.keys())
    context = page_context(
        desk,
        conversation=conversation,
        thread=conversation_thread(conversation),
        timeline=timeline_rows(events, names, {t.pk: t.name for t in teams}),
        followers=list(conversation.followers.all()),
        following=any(u.pk == desk.user.pk for u in conversation.followers.all()),
        reply_form=given.get("out") or MessageForm(initial={"direction": "out"}),
        note_form=given.get("note") or MessageForm(initial={"direction": "note"}),
        images_shown=_images_shown(request),
        change_form=given.get("change")
        or ConversationChangeForm(
            initial=_change_initial(conversation), members=members, teams=teams
        ),
    )
    return render(request, "web/conversation.html", context, status=status)


@login_required
@require_GET
def conversation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug)
    return _render(request, desk, _conversation(desk, pk))


@login_required
@require_POST
def conversation_message(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug)
    conv = _conversation(desk, pk)
    form = MessageForm(request.POST, request.FILES)
    direction = "note" if request.POST.get("direction") == "note" else "out"
    if not form.is_valid():
        return _render(request, desk, conv, forms={direction: form}, status=400)
    upload = form.cleaned_data["attachment"]
    files = []
    if upload is not None:
        files.append(NewAttachment(upload.name or "", upload.content_type or "", upload.read()))
    try:
        message_post(
            actor=desk.actor,
            conversation=conv,
            direction=form.cleaned_data["direction"],
            body_text=form.cleaned_data["body"],
            attachments=files,
        )
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        return _render(request, desk, conv, forms={direction: form}, status=desk_status(exc))
    if direction == "note":
        messages.success(request, _("Your note is added."))
    else:
        messages.success(request, _("Your reply is sent."))
    return redirect("web:conversation", slug=slug, pk=pk)


@login_required
@require_POST
def conversation_update_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug)
    conv = _conversation(desk, pk)
    form = ConversationChangeForm(
        request.POST, members=members_of(desk.workspace), teams=teams_of(desk.workspace)
    )
    if not form.is_valid():
        return _render(request, desk, conv, forms={"change": form}, status=400)
    try:
        conversation_update(actor=desk.actor, conversation=conv, **form.changes())
    except DeskError as exc:
        form.add_error(None, error_text(exc))
        fresh = _conversation(desk, pk)
        return _render(request, desk, fresh, forms={"change": form}, status=desk_status(exc))
    messages.success(request, _("The conversation is updated."))
    return redirect("web:conversation", slug=slug, pk=pk)


@login_required
@require_POST
def conversation_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    desk = desk_for(request, slug)
    conv = _conversation(desk, pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to follow this conversation."))
        return _render(request, desk, conv, status=400)
    try:
        follower_set(
            actor=desk.actor, conversation=conv, user=desk.user, follow=form.cleaned_data["follow"]
        )
    except DeskError as exc:
        messages.error(request, error_text(exc))
        return _render(request, desk, conv, status=desk_status(exc))
    return redirect("web:conversation", slug=slug, pk=pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    desk = desk_for(request, slug)
    try:
        return attachment_response(attachment_get(workspace=desk.workspace, pk=pk))
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
