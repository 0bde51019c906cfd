"""Every API error is JSON, including the ones Django answers before the API runs."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def error_code_message(status: int) -> tuple[str, str]:
    """The stable code and the translated message of an error status the desk answers."""
    codes = _codes()
    return codes.get(status, codes[500] if status >= 500 else codes[400])


def _codes() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("unauthorized", _("A valid API token is required.")),
        403: ("forbidden", _("You are not allowed to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("request_too_large", _("The request is too large.")),
        414: ("uri_too_long", _("The request line (address and query) is too long.")),
        415: ("unsupported_media_type", _("Send the request body as application/json.")),
        431: ("headers_too_large", _("The request headers are too large.")),
        500: ("server_error", _("Something went wrong on our side.")),
    }


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
