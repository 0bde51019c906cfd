"""Headers that keep a signed-in browser safe: what a page may load, and what it may keep.

Every answer carries a Content-Security-Policy: scripts, styles and images only
from the desk itself (message HTML cannot make an agent's browser fetch a
remote image, or run anything), no framing, no <base>, forms only to the desk.
The API's docs page gets a policy of its own: Swagger UI, served from the desk,
sets inline styles and uses data: icons. Answers to a signed-in person (a page,
or an API call with a token) are never stored by the browser or a proxy: the
tokens page shows a new token once, and it must not come back from a cache.
The one exception is an answer its view marked `private` itself: a remote image
fetched by the desk may stay in that person's browser (never in a proxy).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_COMMON = (
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
PAGE_POLICY = "; ".join((*_COMMON, "style-src 'self'", "img-src 'self'"))
DOCS_POLICY = "; ".join((*_COMMON, "style-src 'self' 'unsafe-inline'", "img-src 'self' data:"))


def _is_api_docs(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.namespace == "api" and match.url_name == "openapi-view"


def _kept_privately(response: HttpResponse) -> bool:
    """A view that chose private caching (a remote image shown through the desk) keeps it."""
    return response.get("Cache-Control", "").startswith("private, max-age=")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = DOCS_POLICY if _is_api_docs(request) else PAGE_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _kept_privately(response):
            response["Cache-Control"] = "no-store"
        return response
