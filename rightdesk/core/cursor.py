"""Page cursors and keyset pages: one codec and one page helper for the API and the pages.

A cursor is the URL-safe base64 of a JSON list holding the sort values of the
last row of a page (e.g. `["2026-03-01T10:00:00+00:00", 42]`). It is opaque to
clients, so anything the codec did not produce cleanly is refused as one error
(`bad_cursor`) before it reaches the database: values of the wrong type, naive
or edge-of-calendar times (which SQLite cannot even compare), ids beyond 64 bits.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rightdesk.core.errors import DeskError

M = TypeVar("M", bound=Model)

# Ids are PostgreSQL bigints; a larger number names nothing (and SQLite cannot bind it).
MAX_ID = 2**63 - 1
MAX_CURSOR_LENGTH = 1000
MAX_TEXT_LENGTH = 300
# A cursor time is one the desk wrote: a day inside the calendar on either side,
# so that shifting it to any time zone (±14 h) cannot leave years 1..9999.
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)

Kind = type[datetime] | type[int] | type[str]


class BadCursor(DeskError):
    code = "bad_cursor"
    status = 400
    default_message = _("The cursor is not valid.")


def cursor_encode(*values: datetime | int | str) -> str:
    """The cursor for these sort values (datetimes must be aware)."""
    plain = [v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _moment(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError
    # Comparing before converting: astimezone itself overflows at the calendar's edges.
    moment = moment.astimezone(UTC)
    if not _EARLIEST <= moment <= _LATEST:
        raise ValueError
    return moment


def _id(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise ValueError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
        raise ValueError
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError
    return value


_READERS = {datetime: _moment, int: _id, str: _text}


def cursor_decode(cursor: str, kinds: Sequence[Kind]) -> tuple[Any, ...]:
    """The sort values in a cursor, of these kinds (datetime, int for an id, str), or BadCursor."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError
        return tuple(_READERS[kind](value) for kind, value in zip(kinds, values, strict=True))
    except (
        binascii.Error,
        ValueError,
        TypeError,
        UnicodeDecodeError,
        OverflowError,
        RecursionError,
    ) as exc:
        raise BadCursor() from exc


def _after(keys: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows that come after `values` in the order of `keys` ("-field" is descending)."""
    condition = Q()
    for i, key in enumerate(keys):
        name = key.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if key.startswith('-') else 'gt'}": values[i]})
        same = Q(**{k.lstrip("-"): v for k, v in zip(keys[:i], values[:i], strict=True)})
        condition |= same & beyond
    return condition


def keyset_page(
    qs: QuerySet[M], *, keys: Sequence[str], after: Sequence[Any] | None, limit: int
) -> tuple[list[M], tuple[Any, ...] | None]:
    """One page of rows ordered by `keys` (the last one unique, e.g. "-id") after `after`.

    Answers the rows and the sort values of the last one when there is a next page
    (give them back as `after` for that page; `cursor_encode(*values)` for a link).
    """
    qs = qs.order_by(*keys)
    if after is not None:
        qs = qs.filter(_after(keys, after))
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, tuple(getattr(last, key.lstrip("-")) for key in keys)


def cursor_page(
    qs: QuerySet[M], *, keys: Sequence[str], kinds: Sequence[Kind], cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """keyset_page for a list that travels as `?cursor=`: the rows and the next page's cursor."""
    after = cursor_decode(cursor, kinds) if cursor else None
    rows, last = keyset_page(qs, keys=keys, after=after, limit=limit)
    return rows, (cursor_encode(*last) if last is not None else None)
