"""The `rightdesk` command: `rightdesk --help` lists what it does."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn


class Parser(argparse.ArgumentParser):
    """Bad arguments end in one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def fail(message: str) -> NoReturn:
    sys.stderr.write(f"rightdesk: error: {message}\n")
    raise SystemExit(2)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightdesk.settings")
    import django

    django.setup()


def build_parser() -> Parser:
    from rightdesk.cli import commands

    parser = Parser(prog="rightdesk", description="Rightdesk, the customer-care desk.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    _django()
    from rightdesk.core.errors import DeskError

    try:
        args.handler(args)
    except DeskError as exc:
        detail = f" ({exc.details})" if exc.details else ""
        fail(f"{exc.message}{detail}")
    except KeyboardInterrupt:
        raise SystemExit(130) from None
