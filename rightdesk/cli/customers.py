"""`rightdesk customers import|export`: customers as CSV files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rightdesk.cli.common import cli_actor, workspace_option


def register_customers(sub: Any) -> None:
    p = sub.add_parser("customers", help=_("import and export customers as CSV"))
    csub = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    c = csub.add_parser(
        "import",
        help=_("create or update customers from a CSV file (all rows or none)"),
        description=_(
            "Create or update customers from a CSV file in UTF-8, UTF-16 or windows-1251, "
            "separated by commas, semicolons or tabs. A row updates the customer with the same id, "
            "email or phone. If any row has a problem, nothing is written and every problem "
            "is listed with its line and column (exit code 1)."
        ),
    )
    workspace_option(c)
    c.add_argument("file", metavar="FILE.csv", type=Path, help=_("the CSV file to read"))
    c.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("show a progress bar on stderr (default: when stderr is a terminal)"),
    )
    c.set_defaults(handler=cmd_customers_import)

    c = csub.add_parser(
        "export",
        help=_("write the workspace's customers as CSV"),
        description=_(
            "Write every customer of the workspace as CSV (UTF-8, comma-separated). Cells that "
            "a spreadsheet would run as a formula are prefixed with an apostrophe; the import "
            "reads the file back unchanged."
        ),
    )
    workspace_option(c)
    c.add_argument("--output", metavar="FILE", type=Path, help=_("write here instead of stdout"))
    c.set_defaults(handler=cmd_customers_export)


def _read(path: Path) -> bytes:
    from rightdesk.cli import fail
    from rightdesk.customers.csvio import MAX_FILE_BYTES

    try:
        with path.open("rb") as handle:
            # One byte over the limit is enough to refuse; never read a huge file whole.
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        fail(_("cannot read %(file)s: %(reason)s") % {"file": path, "reason": exc.strerror})


def cmd_customers_import(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from rightdesk.customers.csvimport import customers_import
    from rightdesk.customers.csvio import ImportFailed

    actor = cli_actor(args.workspace)
    data = _read(args.file)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    bar: tqdm[Any] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit=_("rows"), file=sys.stderr, disable=not show)
        bar.update(1)

    try:
        result = customers_import(actor=actor, data=data, progress=progress)
    except ImportFailed as exc:
        if bar is not None:
            bar.close()
        for error in exc.errors:
            sys.stderr.write(f"{args.file}: {error}\n")
        sys.stderr.write(f"rightdesk: error: {exc.message}\n")
        raise SystemExit(1) from None
    if bar is not None:
        bar.close()
    total = result.created + result.updated
    print(
        ngettext(
            "Imported %(total)d customer: %(created)d created, %(updated)d updated.",
            "Imported %(total)d customers: %(created)d created, %(updated)d updated.",
            total,
        )
        % {
            "total": total,
            "created": result.created,
            "updated": result.updated,
        }
    )


def cmd_customers_export(args: argparse.Namespace) -> None:
    from rightdesk.cli import fail
    from rightdesk.customers.csvexport import customers_export

    actor = cli_actor(args.workspace)
    lines = customers_export(actor=actor)
    if args.output is None:
        try:
            for line in lines:
                sys.stdout.write(line)
            sys.stdout.flush()
        except BrokenPipeError:
            # `rightdesk customers export | head`: the reader left; end quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        return
    try:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            for line in lines:
                handle.write(line)
    except OSError as exc:
        fail(_("cannot write %(file)s: %(reason)s") % {"file": args.output, "reason": exc.strerror})
