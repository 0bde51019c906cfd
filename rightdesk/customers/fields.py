"""Checking custom field values against their typed definitions."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.core.errors import ValidationFailed
from rightdesk.core.sanitize import clean_text
from rightdesk.customers.models import CustomField


def custom_field_definitions(workspace_id: int) -> dict[str, CustomField]:
    """The workspace's custom fields by key."""
    return {f.key: f for f in CustomField.objects.filter(workspace_id=workspace_id)}


def clean_custom_fields(workspace_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Return values converted to their stored form; unknown keys and bad values are refused."""
    return clean_custom_values(custom_field_definitions(workspace_id), values)


def clean_custom_values(
    definitions: dict[str, CustomField], values: dict[str, Any]
) -> dict[str, Any]:
    """As clean_custom_fields, against definitions already loaded."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        field = definitions.get(key)
        if field is None:
            errors[key] = _("There is no such custom field.")
            continue
        if value is None or value == "":
            cleaned[key] = None
            continue
        if isinstance(value, dict | list):
            errors[key] = _("Expected a single value.")
            continue
        try:
            cleaned[key] = _convert(field, value)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationFailed(code="invalid_custom_field", details=errors)
    return cleaned


def _convert(field: CustomField, value: Any) -> Any:
    if field.kind == CustomField.Kind.TEXT:
        text = clean_text(str(value))
        if len(text) > 1000:
            raise ValueError(_("Text is longer than 1000 characters."))
        return text
    if field.kind == CustomField.Kind.NUMBER:
        if isinstance(value, bool):
            raise ValueError(_("Expected a number."))
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(_("Expected a number.")) from exc
        if not number.is_finite():
            raise ValueError(_("Expected a number."))
        return str(number)
    if field.kind == CustomField.Kind.DATE:
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError as exc:
            raise ValueError(_("Expected a date as YYYY-MM-DD.")) from exc
    if str(value) not in field.choices:
        raise ValueError(_("Expected one of: %(choices)s.") % {"choices": ", ".join(field.choices)})
    return str(value)
