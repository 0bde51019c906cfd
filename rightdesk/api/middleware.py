"""Every API error is JSON, including the ones Django answers before the API runs."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rightdesk.core.errors import error_code_message

API_PREFIX = "/api/"


class ApiJsonErrorsMiddleware:
    """Turns HTML error pages under /api/ (unknown URL, wrong method, CSRF, crash) into JSON.

    The API's own handlers already answer in JSON; this catches what Django
    answers before a route is found or after a view crashed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = error_code_message(response.status_code)
        replacement = HttpResponse(
            json.dumps({"code": code, "message": message, "details": None}),
            status=response.status_code,
            content_type="application/json",
        )
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement
