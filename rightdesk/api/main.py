"""The REST API, version 1: authentication, error shape, and the routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from rightdesk.accounts.models import ApiToken
from rightdesk.accounts.queries import token_authenticate
from rightdesk.core.errors import DeskError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token fixes the workspace of the request."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is not None:
            request.user = found.user
        return found


api = NinjaAPI(
    title="Rightdesk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: Any, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": str(message), "details": details}, status=status
    )


@api.exception_handler(DeskError)
def on_desk_error(request: HttpRequest, exc: DeskError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(NinjaValidationError)
def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {
            "loc": [str(p) for p in e.get("loc", [])],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return error_response(
        request, 422, "validation_error", _("Some fields are not valid."), details
    )


@api.exception_handler(AuthenticationError)
def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthorized", _("A valid API token is required."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "http_error", exc.message)


from rightdesk.api import conversations, customers  # noqa: E402  (routers need `api` first)

api.add_router("/customers", customers.router)
api.add_router("/", conversations.router)
api.add_router("/webhooks", "rightdesk.api.webhooks.router")
