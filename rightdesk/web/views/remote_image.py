"""A remote image of a message, fetched by the desk for a member who asked to see it."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rightdesk.conversations.queries import conversation_get, message_get
from rightdesk.core.errors import NotFound
from rightdesk.web.remote_images import (
    CACHE_SECONDS,
    MAX_URL_LENGTH,
    ImageRefused,
    remote_image_get,
    shown_image_urls,
    signature_valid,
)
from rightdesk.web.views.common import desk_for

log = logging.getLogger(__name__)
_MAX_ID_DIGITS = 18  # below 2**63: a longer id names no row


@login_required
@require_GET
def remote_image(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Only a URL the desk signed for this message, and that the message holds, is fetched."""
    desk = desk_for(request, slug)
    message_id, url, signature = (request.GET.get(key, "") for key in ("m", "u", "s"))
    if not (message_id.isascii() and message_id.isdigit()) or len(message_id) > _MAX_ID_DIGITS:
        raise Http404
    if not url or len(url) > MAX_URL_LENGTH or not signature:
        raise Http404
    try:
        conversation = conversation_get(workspace=desk.workspace, pk=pk)
        message = message_get(conversation=conversation, pk=int(message_id))
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if not signature_valid(message, url, signature) or url not in shown_image_urls(
        message.body_html
    ):
        raise Http404
    try:
        content_type, body = remote_image_get(url)
    except ImageRefused as exc:
        # The reason may name hosts of the desk's own network: a log line, not the answer.
        log.info("remote image of message %s not shown: %s", message.pk, exc)
        return HttpResponse(
            _("The image could not be fetched."),
            status=502,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(body, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    return response
