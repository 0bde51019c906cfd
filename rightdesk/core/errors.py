"""Domain errors: each has a stable code for the API and a translated message for people."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DeskError(Exception):
    """A refusal the user can act on. `code` is stable; `message` is for people."""

    code = "invalid"
    status = 400
    default_message: Any = _("The request could not be carried out.")

    def __init__(self, message: Any = None, *, code: str | None = None, details: Any = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.details = details
        super().__init__(str(self.message))


class NotFound(DeskError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class ValidationFailed(DeskError):
    code = "validation_error"
    status = 422
    default_message = _("Some fields are not valid.")


class Conflict(DeskError):
    code = "conflict"
    status = 409
    default_message = _("This change conflicts with the current state.")


class PermissionDenied(DeskError):
    code = "permission_denied"
    status = 403
    default_message = _("You are not allowed to do this.")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error says the embedded database stayed locked by other writers."""
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def busy_message() -> str:
    return str(_("The desk is busy with other changes. Nothing was saved; try again in a moment."))


def error_code_message(status: int) -> tuple[str, str]:
    """The stable code and the translated message of an error status the desk answers."""
    codes = _codes()
    return codes.get(status, codes[500] if status >= 500 else codes[400])


def _codes() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", gettext("The request could not be understood.")),
        401: ("unauthorized", gettext("A valid API token is required.")),
        403: ("forbidden", gettext("You are not allowed to do this.")),
        404: ("not_found", gettext("Not found.")),
        405: ("method_not_allowed", gettext("This method is not allowed here.")),
        413: ("request_too_large", gettext("The request is too large.")),
        414: ("uri_too_long", gettext("The request line (address and query) is too long.")),
        415: ("unsupported_media_type", gettext("Send the request body as application/json.")),
        431: ("headers_too_large", gettext("The request headers are too large.")),
        500: ("server_error", gettext("Something went wrong on our side.")),
    }
