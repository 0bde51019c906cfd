"""The `rightdesk` command: `rightdesk --help` lists what it does."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

LANGUAGES = ("en", "ru", "uk", "et")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightdesk.settings")
    import django

    django.setup()


def terminal_language(environ: Mapping[str, str] = os.environ) -> str:
    """RIGHTDESK_LANGUAGE if set, else the terminal's locale (LC_ALL, LC_MESSAGES, LANG)."""
    chosen = environ.get("RIGHTDESK_LANGUAGE", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


class Formatter(argparse.HelpFormatter):
    """argparse's help layout with its headings in the person's language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        from django.utils.translation import gettext as _

        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """Bad arguments end in one line on stderr and exit code 2; help in the person's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.utils.translation import gettext as _

        kwargs.setdefault("formatter_class", Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("show this help and exit"))

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"rightdesk: error: {message}\n")
    raise SystemExit(2)


def build_parser() -> Parser:
    from django.utils.translation import gettext as _

    from rightdesk.cli import commands

    parser = Parser(prog="rightdesk", description=_("Rightdesk, the customer-care desk."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    commands.register_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    # Django first, so that help, errors and output speak the person's language.
    _django()
    from django.utils import translation

    with translation.override(terminal_language()):
        args = build_parser().parse_args(argv)
        _run(args)


def database_ready() -> bool:
    """Whether every migration has been applied (False on a data dir never migrated)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _run(args: argparse.Namespace) -> None:
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    from rightdesk.core.errors import DeskError

    try:
        # A command on a database that lacks tables would die in a traceback.
        if getattr(args, "needs_database", True) and not database_ready():
            fail(_("the database is not set up yet: run “rightdesk migrate” first"))
    except DatabaseError as exc:
        fail(_("the database cannot be used: %(error)s") % {"error": " ".join(str(exc).split())})
    try:
        args.handler(args)
    except DeskError as exc:
        detail = f" ({exc.details})" if exc.details else ""
        fail(f"{exc.message}{detail}")
    except KeyboardInterrupt:
        raise SystemExit(130) from None
