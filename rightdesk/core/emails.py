"""Email addresses as the desk stores them: trimmed, lower-case, and valid."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from rightdesk.core.errors import ValidationFailed


def normalise_email(email: str) -> str:
    """The stored form of an address; a clear `invalid_email` error when it is not one."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            _("“%(email)s” is not a valid email address.") % {"email": email[:200]},
            code="invalid_email",
        ) from exc
    return email
