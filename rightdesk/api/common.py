"""What every API module needs: the acting person, permissions, scoped lookups, cursors."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from rightdesk.accounts.queries import TokenGrant
from rightdesk.core.context import Actor
from rightdesk.core.errors import DeskError, NotFound, PermissionDenied
from rightdesk.core.models import Interface

M = TypeVar("M", bound=Model)


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
}

# Ids are PostgreSQL bigints; a larger number names nothing (and SQLite
# cannot even bind it), so it is simply not found.
MAX_ID = 2**63 - 1


def actor_for(request: HttpRequest, permission: str | None = None) -> Actor:
    """The token's person in its workspace, with their role.

    Reads name the permission they need here; a change names none, because its
    action checks the actor's role itself, whichever interface carries it.
    """
    grant: TokenGrant = request.auth  # type: ignore[attr-defined]
    if permission is not None and not grant.allows(permission):
        raise PermissionDenied()
    return Actor(
        workspace=grant.token.workspace,
        user=grant.token.user,
        role=grant.role,
        interface=Interface.API,
    )


def scoped_get(queryset: QuerySet[M], actor: Actor, pk: int) -> M:
    """An object of the actor's workspace; another workspace's object is simply not found."""
    if not 1 <= pk <= MAX_ID:
        raise NotFound()
    obj = queryset.filter(workspace=actor.workspace, pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


class BadCursor(DeskError):
    code = "bad_cursor"
    status = 400


def cursor_encode(moment: datetime, pk: int) -> str:
    raw = json.dumps([moment.isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment_text, pk = json.loads(raw)
        moment = datetime.fromisoformat(moment_text)
        if (
            not isinstance(pk, int)
            or isinstance(pk, bool)
            or not 0 <= pk <= MAX_ID
            or moment.tzinfo is None
        ):
            raise ValueError
        # Normalised here so an edge-of-calendar time fails as a bad cursor,
        # not later while the database driver converts it.
        return moment.astimezone(UTC), pk
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError) as exc:
        raise BadCursor(_("The cursor is not valid.")) from exc


def newest_first_page(
    qs: QuerySet[M], *, field: str, cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """One page of rows newest first by (field, id), and the cursor of the next page."""
    qs = qs.order_by(f"-{field}", "-id")
    if cursor:
        moment, pk = cursor_decode(cursor)
        qs = qs.filter(**{f"{field}__lte": moment}).exclude(**{field: moment, "id__gte": pk})
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (cursor_encode(getattr(rows[-1], field), rows[-1].pk) if more else None)
