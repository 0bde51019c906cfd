"""Customers from CSV: reading a file into checked rows.

Reading never touches the database: it decodes, finds the delimiter, maps the
header to fields and checks every cell, collecting every problem with its
line and column so that a person can fix the whole file in one go. Writing
the rows to the database happens in flows/customer_import; the other way is
customers/csvexport.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rightdesk.core.emails import normalise_email
from rightdesk.core.errors import DeskError, ValidationFailed
from rightdesk.core.models import LANGUAGE_CHOICES
from rightdesk.customers.actions import fields_check, normalise_phone
from rightdesk.customers.fields import clean_custom_values
from rightdesk.customers.models import Channel, CustomField

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARS = 10_000
MAX_ROWS = 50_000
MAX_ERRORS = 500
UNNAMED = "unnamed:"

# The csv module refuses fields over 128 KiB with an exception that names no
# column. Letting it read up to the file limit turns a huge cell into an
# ordinary per-cell error; the file limit keeps memory bounded.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

_ALIASES = {
    "id": "id",
    "name": "name",
    "email": "emails",
    "e-mail": "emails",
    "emails": "emails",
    "phone": "phones",
    "phones": "phones",
    "organisation": "organisations",
    "organisations": "organisations",
    "organization": "organisations",
    "organizations": "organisations",
    "tag": "tags",
    "tags": "tags",
    "language": "language",
    "preferred_channel": "preferred_channel",
    "channel": "preferred_channel",
    "timezone": "timezone",
    "time_zone": "timezone",
    "notes": "notes",
    "note": "notes",
}
_LANGUAGES = {code: code for code, _name in LANGUAGE_CHOICES} | {
    name.lower(): code for code, name in LANGUAGE_CHOICES
}


@dataclass(frozen=True)
class RowError:
    """One problem in a file: line 1 is the header; column 0 means the whole row or file."""

    line: int
    column: int
    name: str
    reason: str

    def __str__(self) -> str:
        if not self.line:
            return self.reason
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += ", " + _("column %(column)d (%(name)s)") % {
                "column": self.column,
                "name": self.name,
            }
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "name": self.name, "reason": self.reason}


class ImportFailed(DeskError):
    """The file was refused; `errors` lists every problem found and nothing was written."""

    code = "import_failed"
    status = 422

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)d problem.",
                "Nothing was imported: the file has %(count)d problems.",
                len(errors),
            )
            % {"count": len(errors)},
            details=[e.as_dict() for e in errors],
        )


@dataclass
class ImportRow:
    """One checked data row, ready to be written."""

    line: int
    # Field key -> (column number, name in the header), to point at problems.
    columns: dict[str, tuple[int, str]]
    id: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)


def decode(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 with BOM, or windows-1251."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            [
                RowError(
                    0,
                    0,
                    "",
                    _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 2**20},
                )
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp1251")
        except UnicodeDecodeError:
            pass
    raise ImportFailed(
        [RowError(0, 0, "", _("The file is not CSV text in UTF-8, UTF-16 or windows-1251."))]
    )


def sniff_delimiter(text: str) -> str:
    """The one of comma, semicolon and tab that the header line uses most (comma on a tie)."""
    end = text.find("\n")
    header = text if end == -1 else text[:end]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _lines(text: str) -> Iterator[str]:
    # Slices of the text, one line at a time: a StringIO would hold a second,
    # wider copy of a file that may be tens of megabytes.
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


def _unescape(cell: str) -> str:
    # Undo the export's formula guard so that an exported file imports unchanged.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _split(cell: str, separators: str) -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", cell)
    return [p.strip() for p in parts if p.strip()]


def _header(
    cells: list[str], definitions: dict[str, CustomField]
) -> tuple[list[str], list[RowError]]:
    keys: list[str] = []
    errors: list[RowError] = []
    for number, raw in enumerate(cells, start=1):
        name = raw.strip().lower().replace(" ", "_")
        if name.startswith("custom:"):
            custom = name.split(":", 1)[1]
            key = f"custom:{custom}" if custom in definitions else ""
        elif name in _ALIASES:
            key = _ALIASES[name]
        else:
            key = f"custom:{name}" if name in definitions else ""
        if not name:
            key = f"{UNNAMED}{number}"  # spreadsheets often add empty trailing columns
        elif not key:
            errors.append(RowError(1, number, raw[:60], _("Unknown column.")))
        elif key in keys:
            errors.append(RowError(1, number, raw[:60], _("The column appears twice.")))
        keys.append(key)
    if not errors and all(k.startswith(UNNAMED) for k in keys):
        errors.append(RowError(1, 0, "", _("The header row is empty.")))
    return keys, errors


def parse(
    *, text: str, definitions: dict[str, CustomField]
) -> tuple[list[ImportRow], list[RowError]]:
    """Every data row of the file, checked, and every problem found."""
    reader = csv.reader(_lines(text), delimiter=sniff_delimiter(text))
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    try:
        header = next(reader, None)
        if header is None:
            return [], [RowError(1, 0, "", _("The file is empty."))]
        keys, errors = _header(header, definitions)
        if errors:
            return [], errors
        names = [h.strip() for h in header]
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(
                    RowError(
                        line, 0, "", _("A file may have at most %(n)d rows.") % {"n": MAX_ROWS}
                    )
                )
                break
            if len(cells) != len(keys):
                reason = _("The row has %(cells)d cells but the header has %(columns)d.") % {
                    "cells": len(cells),
                    "columns": len(keys),
                }
                errors.append(RowError(line, 0, "", reason))
                continue
            row, row_errors = _row(line, keys, names, cells, definitions)
            errors += row_errors
            if not row_errors:
                rows.append(row)
            if len(errors) >= MAX_ERRORS:
                errors.append(RowError(line, 0, "", _("Too many problems; stopped here.")))
                break
    except csv.Error as exc:
        errors.append(
            RowError(reader.line_num, 0, "", _("The file is not valid CSV: %(e)s") % {"e": exc})
        )
    return rows, errors


def _row(
    line: int,
    keys: list[str],
    names: list[str],
    cells: list[str],
    definitions: dict[str, CustomField],
) -> tuple[ImportRow, list[RowError]]:
    row = ImportRow(line=line, columns={k: (i + 1, names[i][:60]) for i, k in enumerate(keys)})
    errors: list[RowError] = []

    def error(key: str, reason: Any) -> None:
        errors.append(RowError(line, *row.columns[key], str(reason)))

    custom: dict[str, str] = {}
    for key, raw in zip(keys, cells, strict=True):
        if len(raw) > MAX_CELL_CHARS:
            error(key, _("The cell is longer than %(n)d characters.") % {"n": MAX_CELL_CHARS})
            continue
        cell = _unescape(raw.strip())
        try:
            _cell(row, key, cell, custom)
        except DeskError as exc:
            error(key, exc.message)
    if custom:
        try:
            row.custom_fields = clean_custom_values(definitions, custom)
        except ValidationFailed as exc:
            for key, reason in (exc.details or {}).items():
                error(f"custom:{key}", reason)
    try:
        fields_check(row.fields)
    except ValidationFailed as exc:
        for key, reason in (exc.details or {}).items():
            error(key, reason)
    return row, errors


def _cell(row: ImportRow, key: str, cell: str, custom: dict[str, str]) -> None:
    if key.startswith(UNNAMED):
        if cell:
            raise ValidationFailed(_("This column has no name in the header."))
    elif key.startswith("custom:"):
        if cell:
            custom[key.split(":", 1)[1]] = cell
    elif not cell:
        return
    elif key == "id":
        if not cell.isdigit() or len(cell) > 18:
            raise ValidationFailed(_("Expected a customer id (a whole number)."))
        row.id = int(cell)
    elif key == "emails":
        row.emails = [normalise_email(e) for e in _split(cell, ";,\n")]
    elif key == "phones":
        row.phones = [normalise_phone(p) for p in _split(cell, ";,\n")]
    elif key == "organisations":
        row.organisations = _split(cell, ";\n")
    elif key == "tags":
        row.tags = _split(cell, ";\n")
    elif key == "language":
        if cell.lower() not in _LANGUAGES:
            raise ValidationFailed(_("Unknown language."))
        row.fields[key] = _LANGUAGES[cell.lower()]
    elif key == "preferred_channel":
        if cell.lower() not in Channel.values:
            raise ValidationFailed(_("Unknown channel."))
        row.fields[key] = cell.lower()
    else:
        row.fields[key] = cell
