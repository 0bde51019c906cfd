"""Each person sees the desk in the language they chose, else their workspace's default.

The workspace default and the workspace time zone are applied by desk_for, which
knows the workspace; this middleware applies the personal choice and cleans up.
It also turns a change that waited too long for the embedded database into a
503 page that says nothing was saved, rather than a crash.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from rightdesk.core.errors import busy_message, is_busy


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = (
            getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
            # Said while the request's language is still the active one.
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            # Pages show times in their workspace's zone and language (see
            # desk_for); the thread must carry neither into what it does next.
            timezone.deactivate()
            translation.deactivate()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A page whose change waited too long for the embedded database says so (503)."""
        if not is_busy(exception):
            return None
        response = render(request, "503.html", {"message": busy_message()}, status=503)
        response["Retry-After"] = "5"
        return response
