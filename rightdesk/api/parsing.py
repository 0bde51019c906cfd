"""Reading request bodies and query strings strictly: JSON in UTF-8, no NULs, no lone surrogates."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from rightdesk.core.errors import DeskError, ValidationFailed


class UnsupportedMediaType(DeskError):
    code = "unsupported_media_type"
    status = 415


class MalformedBody(DeskError):
    code = "malformed_json"
    status = 400


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _bad_text(value: str) -> bool:
    # PostgreSQL refuses NUL in text, and a lone surrogate cannot be encoded as
    # UTF-8 at all: both would fail deep in the database layer as a 500.
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def reject_bad_strings(data: Any) -> None:
    """Refuse NULs and lone surrogates anywhere in a parsed JSON document (keys included)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings = [item]
        elif isinstance(item, dict):
            strings = [k for k in item if isinstance(k, str)]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        if any(_bad_text(s) for s in strings):
            raise ValidationFailed(
                _("Text may not contain NUL characters or unpaired surrogates."),
                code="invalid_characters",
            )


class StrictParser(Parser):
    """JSON bodies only, decoded as UTF-8; the errors carry stable codes."""

    def parse_body(self, request: HttpRequest) -> Any:
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType(_("Send the request body as application/json."))
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedBody(
                _("The request body is not valid UTF-8."), code="invalid_encoding"
            ) from exc
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise MalformedBody(_("The request body is not valid JSON.")) from exc
        reject_bad_strings(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            reject_bad_strings([key, *[v for v in values if isinstance(v, str)]])
            # Django would quietly keep the last of `?q=a&q=b`; say so instead.
            if len(values) > 1 and key not in list_fields:
                raise ValidationFailed(
                    _("A query parameter is given more than once."),
                    code="repeated_parameter",
                    details=[key],
                )
        return super().parse_querydict(data, list_fields, request)


def _query_names(operation: Any) -> frozenset[str] | None:
    """The names an operation reads from the query string, as sent on the wire."""
    if operation is None:
        return None
    names: set[str] = set()
    for model in getattr(operation, "models", []):
        if getattr(model, "__ninja_param_source__", None) == "query":
            names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    return frozenset(names)


def remember_query_names(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps an operation before validation: notes which query names it takes."""
    names = _query_names(getattr(run, "__self__", None))

    @functools.wraps(run)
    def noted(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        request.rightdesk_query_names = names  # type: ignore[attr-defined]
        return run(request, *args, **kwargs)

    return noted


def reject_unknown_query_parameters(view: Callable[..., Any]) -> Callable[..., Any]:
    """A query parameter the operation does not take is an error, as an unknown body field is.

    A misspelt filter (`?stauts=open`) would otherwise silently list everything.
    Runs after authentication, with the names noted by `remember_query_names`.
    """

    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        allowed = getattr(request, "rightdesk_query_names", None)
        unknown = sorted(set(request.GET) - allowed) if allowed is not None else []
        if unknown:
            raise ValidationFailed(
                _("Unknown query parameters."), code="unknown_parameter", details=unknown
            )
        return view(request, *args, **kwargs)

    return checked
