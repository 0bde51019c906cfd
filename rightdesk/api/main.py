"""The REST API, version 1: authentication, error shape, and the routers."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from rightdesk.accounts.queries import TokenGrant, token_authenticate
from rightdesk.api.parsing import (
    StrictParser,
    reject_unknown_query_parameters,
    remember_query_names,
)
from rightdesk.core.errors import DeskError, busy_message, is_busy

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token fixes the workspace of the request."""

    def authenticate(self, request: HttpRequest, token: str) -> TokenGrant | None:
        found = token_authenticate(token)
        if found is not None:
            request.user = found.token.user
        return found


api = NinjaAPI(
    title="Rightdesk API",
    version="1",
    description=(
        "Every error is JSON `{code, message, details}` with a stable snake_case `code`. "
        "Request bodies are `application/json` in UTF-8; unknown fields and unknown query "
        "parameters are refused with 422. Attachments travel as base64 inside the JSON body. "
        "A request line longer than 4094 bytes is refused with 414 `uri_too_long`, and "
        "headers beyond 8190 bytes each (or 100 of them) with 431 `headers_too_large`, "
        "in the same JSON shape. Lists answer `{items, next}`: pass `next` back as "
        "`cursor` for the following page; a cursor the desk did not write is 400 "
        "`bad_cursor`. An id no row can have is 404 `not_found`."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url="/docs",
    # Served from the desk's own static files (ninja is an installed app), with no
    # call to the public validator: a token pasted into the page stays on the desk.
    docs=Swagger(settings={"validatorUrl": None}),
    openapi_url="/openapi.json",
    parser=StrictParser(),
)
api.add_decorator(remember_query_names, mode="view")
api.add_decorator(reject_unknown_query_parameters)


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
    # django-ninja wraps any failure of the body parser in a 400 HttpError;
    # the parser's own DeskError (with its stable code) is the cause.
    cause = exc.__cause__
    if isinstance(cause, DeskError):
        return on_desk_error(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return on_too_big(request, cause)
    return error_response(request, exc.status_code, "bad_request", exc.message)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        request,
        413,
        "request_too_large",
        _("The request body is larger than %(n)d bytes.")
        % {"n": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 400, "bad_request", _("The request could not be understood."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A last line of defence: input checks should refuse such values first.
    logger.warning("database refused a value: %s", exc)
    return error_response(request, 422, "invalid_value", _("A value is out of range."))


@api.exception_handler(OperationalError)
def on_database_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if not is_busy(exc):
        return on_crash(request, exc)
    # SQLite: another change (a large import, say) held the database past the timeout.
    response = error_response(request, 503, "busy", busy_message())
    response["Retry-After"] = "5"
    return response


@api.exception_handler(Exception)
def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path)
    return error_response(request, 500, "server_error", _("Something went wrong on our side."))


from rightdesk.api import conversations, customers, workspace  # noqa: E402  (routers need `api` first)

api.add_router("/customers", customers.router)
api.add_router("/", conversations.router)
api.add_router("/", workspace.router)
api.add_router("/webhooks", "rightdesk.api.webhooks.router")
api.add_router("/mailboxes", "rightdesk.api.mailboxes.router")
