"""Subcommands of `rightdesk`. Each one parses arguments and calls one action or flow."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.cli import customers, mail, mailboxes, people, search
from rightdesk.cli.common import workspace_by_slug, workspace_option
from rightdesk.settings import env_int


def register_commands(sub: Any) -> None:
    p = sub.add_parser("migrate", help=_("create or update the database tables"))
    p.set_defaults(handler=cmd_migrate, needs_database=False)

    p = sub.add_parser("serve", help=_("serve the desk with a production web server"))
    p.add_argument(
        "--port",
        type=int,
        default=env_int("PORT", 8000, minimum=1),
        help=_("port to listen on (default: PORT, else 8000)"),
    )
    p.add_argument(
        "--host",
        default=os.environ.get("RIGHTDESK_HOST", "127.0.0.1"),
        help=_("address to listen on (default: RIGHTDESK_HOST, else 127.0.0.1)"),
    )
    p.add_argument("--workers", type=int, default=2, help=_("web worker processes (default 2)"))
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("worker", help=_("run a background task worker"))
    p.add_argument("--concurrency", type=int, default=2, help=_("tasks run at once (default 2)"))
    p.add_argument("--beat", action="store_true", help=_("also run the scheduler in this process"))
    p.set_defaults(handler=cmd_worker)

    p = sub.add_parser("beat", help=_("run the scheduler of periodic tasks"))
    p.set_defaults(handler=cmd_beat)

    p = sub.add_parser("demo", help=_("create the demo workspaces (safe to run again)"))
    p.add_argument("--logins", action="store_true", help=_("only print the demo logins"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("workspace", help=_("manage workspaces"))
    wsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = wsub.add_parser("create", help=_("create a workspace; prints its slug last"))
    c.add_argument("--name", required=True, help=_("the business's name"))
    c.add_argument("--owner-email", required=True, help=_("the owner's email (created if new)"))
    c.add_argument(
        "--language",
        choices=["en", "ru", "uk", "et"],
        default="en",
        help=_("the workspace's default language"),
    )
    c.add_argument("--timezone", default="UTC", help=_("e.g. Europe/Tallinn (default UTC)"))
    c.set_defaults(handler=cmd_workspace_create)

    p = sub.add_parser("token", help=_("manage API tokens"))
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = tsub.add_parser("create", help=_("create an API token; prints it last"))
    workspace_option(c)
    c.add_argument("--email", required=True, help=_("the member the token acts as"))
    c.add_argument("--name", default="", help=_("a name to recognise the token by"))
    c.set_defaults(handler=cmd_token_create)

    customers.register_customers(sub)
    people.register_people(sub)
    mailboxes.register_mailboxes(sub)
    mail.register_mail(sub)
    search.register_search(sub)

    p = sub.add_parser("compilemessages", help=_("compile the translation catalogs"))
    p.set_defaults(handler=cmd_compilemessages, needs_database=False)
    p = sub.add_parser("makemessages", help=_("regenerate the translation catalogs from the code"))
    p.set_defaults(handler=cmd_makemessages, needs_database=False)
    p = sub.add_parser("manage", help=_("run a Django management command"), add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=cmd_manage, needs_database=False)


def cmd_migrate(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    _lemma_dictionaries_build()


def _lemma_dictionaries_build() -> None:
    """Build the search dictionaries now, so that no worker pays for it on its first search."""
    from django.conf import settings

    from rightdesk.language.dictionaries import (
        dictionaries_build,
        dictionaries_missing,
        lemma_cache_dir,
    )

    directory = lemma_cache_dir(settings.LEMMA_CACHE_DIR)
    if not dictionaries_missing(directory=directory):
        return
    print(
        _("Building the search dictionaries in %(path)s (once per version)...")
        % {"path": directory},
        flush=True,
    )
    dictionaries_build(directory=directory)


def cmd_serve(args: argparse.Namespace) -> None:
    from rightdesk.cli import fail

    if not 0 < args.port < 65536:
        fail(_("--port must be between 1 and 65535"))
    if not 0 < args.workers <= 64:
        fail(_("--workers must be between 1 and 64"))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(  # noqa: S606 - this process becomes the web server
        str(gunicorn),
        [
            str(gunicorn),
            "rightdesk.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            str(args.workers),
            # The desk's error shape for what gunicorn refuses itself (414, 431, 400).
            "--worker-class",
            "rightdesk.cli.gunicorn_worker.DeskWorker",
            "--access-logfile",
            "-",
            "--timeout",
            "60",
            # The app is imported once, in the master, before it listens; workers are
            # forked ready (and share those pages), so a new worker answers at once.
            "--preload",
            # Its default control socket is one path in $HOME shared by every server of
            # the user; several desks on one machine would fight over it.
            "--no-control-socket",
        ],
    )


def _celery(*argv: str) -> None:
    from rightdesk.celery import app

    app.start(argv=list(argv))


def cmd_worker(args: argparse.Namespace) -> None:
    extra = ["-B", "-s", str(_beat_schedule())] if args.beat else []
    # Threads: the local SQLite transport and the web server share one machine.
    _celery(
        "worker",
        "--loglevel",
        "INFO",
        "--pool",
        "threads",
        "--concurrency",
        str(args.concurrency),
        *extra,
    )


def _beat_schedule() -> Path:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    return settings.DATA_DIR / "beat-schedule"


def cmd_beat(args: argparse.Namespace) -> None:
    _celery("beat", "--loglevel", "INFO", "-s", str(_beat_schedule()))


def cmd_demo(args: argparse.Namespace) -> None:
    from rightdesk.flows import demo

    if args.logins:
        for line in demo.logins():
            print(line)
        return
    demo.demo_ensure(progress=sys.stderr.isatty())


def cmd_workspace_create(args: argparse.Namespace) -> None:
    from rightdesk.accounts.actions import workspace_create
    from rightdesk.core.models import Interface

    workspace = workspace_create(
        name=args.name,
        owner_email=args.owner_email,
        language=args.language,
        timezone=args.timezone,
        interface=Interface.CLI,
    )
    print(workspace.slug)


def cmd_token_create(args: argparse.Namespace) -> None:
    from rightdesk.accounts.actions import token_create
    from rightdesk.core.models import Interface

    workspace = workspace_by_slug(args.workspace)
    _token, raw = token_create(
        workspace=workspace, email=args.email, name=args.name, interface=Interface.CLI
    )
    print(raw)


def cmd_compilemessages(args: argparse.Namespace) -> None:
    from rightdesk.core.catalogs import compile_all

    compile_all()


def cmd_makemessages(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from rightdesk.core.catalogs import headers_tidy, package_dir

    os.chdir(package_dir())
    call_command(
        "makemessages",
        locale=["en", "ru", "uk", "et"],
        no_obsolete=True,
        no_location=True,
        verbosity=1,
    )
    headers_tidy()


def cmd_manage(args: argparse.Namespace) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rightdesk manage", *args.rest])
