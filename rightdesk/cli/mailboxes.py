"""`rightdesk mailbox ...`: a workspace's email addresses, from the shell."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.cli.common import cli_actor, workspace_by_slug, workspace_option


def register_mailboxes(sub: Any) -> None:
    p = sub.add_parser("mailbox", help=_("manage the email addresses of a workspace"))
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = msub.add_parser("add", help=_("add a mailbox; prints its id and address last"))
    workspace_option(c)
    c.add_argument("--address", required=True, help=_("the email address customers write to"))
    c.add_argument("--name", default="", help=_("the name shown as the sender of replies"))
    c.add_argument("--team", metavar="TEAM", help=_("the team its mail goes to, by name"))
    c.add_argument(
        "--acknowledge",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=_("answer each new conversation with an acknowledgement (default: no)"),
    )
    c.set_defaults(handler=cmd_mailbox_add)
    c = msub.add_parser("list", help=_("list the mailboxes of a workspace"))
    workspace_option(c)
    c.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    c.set_defaults(handler=cmd_mailbox_list)


def cmd_mailbox_add(args: argparse.Namespace) -> None:
    from rightdesk.accounts.models import Team
    from rightdesk.channels.actions import mailbox_create
    from rightdesk.cli import fail

    actor = cli_actor(args.workspace)
    team_id = None
    if args.team is not None:
        team = Team.objects.filter(workspace=actor.workspace, name=args.team.strip()).first()
        if team is None:
            fail(_("there is no team %(team)s in this workspace") % {"team": args.team})
        team_id = team.pk
    mailbox = mailbox_create(
        actor=actor,
        address=args.address,
        name=args.name,
        team_id=team_id,
        acknowledge=args.acknowledge,
    )
    print(f"{mailbox.pk}\t{mailbox.address}")


def cmd_mailbox_list(args: argparse.Namespace) -> None:
    from rightdesk.channels.queries import mailboxes_of

    rows = list(mailboxes_of(workspace_by_slug(args.workspace)))
    if args.json:
        for m in rows:
            record = {
                "id": m.pk,
                "address": m.address,
                "name": m.name,
                "team": m.team.name if m.team else None,
                "acknowledge": m.acknowledge,
            }
            print(json.dumps(record, ensure_ascii=False))
        return
    yes, no = _("yes"), _("no")
    table = [(_("ID"), _("Address"), _("Display name"), _("Team"), _("Acknowledgement"))]
    table += [
        (str(m.pk), m.address, m.name, m.team.name if m.team else "", yes if m.acknowledge else no)
        for m in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        print(_("This workspace has no mailboxes yet."))
