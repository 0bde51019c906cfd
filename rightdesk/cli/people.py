"""`rightdesk user ...`: what an administrator does for people from the shell."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.cli.common import cli_actor, workspace_option
from rightdesk.core.permissions import Role


def register_people(sub: Any) -> None:
    p = sub.add_parser("user", help=_("manage people who work here"))
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = usub.add_parser(
        "set-password",
        help=_("set a person's password (asked for, or read from standard input)"),
    )
    c.add_argument("--email", required=True, help=_("the person's email"))
    c.add_argument("--stdin", action="store_true", help=_("read the password from standard input"))
    c.set_defaults(handler=cmd_set_password)

    p = sub.add_parser("member", help=_("manage who works in a workspace"))
    msub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = msub.add_parser("add", help=_("add a person to a workspace, or change their role"))
    workspace_option(c)
    c.add_argument("--email", required=True, help=_("the person's email (created if new)"))
    c.add_argument(
        "--role", required=True, choices=[r.value for r in Role], help=_("their role there")
    )
    c.add_argument("--name", default="", help=_("their name, for a new person"))
    c.set_defaults(handler=cmd_member_add)
    c = msub.add_parser(
        "remove", help=_("take a person out of a workspace and revoke their API tokens there")
    )
    workspace_option(c)
    c.add_argument("--email", required=True, help=_("the person's email"))
    c.set_defaults(handler=cmd_member_remove)

    p = sub.add_parser("team", help=_("manage teams"))
    tsub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = tsub.add_parser("create", help=_("create a team (or add people to it)"))
    workspace_option(c)
    c.add_argument("--name", required=True, help=_("the team's name"))
    c.add_argument(
        "--member",
        action="append",
        default=[],
        metavar="EMAIL",
        help=_("a member to add (repeat for several)"),
    )
    c.set_defaults(handler=cmd_team_create)


def cmd_member_add(args: argparse.Namespace) -> None:
    from rightdesk.accounts.actions import member_add

    membership = member_add(
        actor=cli_actor(args.workspace), email=args.email, role=args.role, name=args.name
    )
    print(
        _("%(email)s is %(role)s in %(workspace)s.")
        % {
            "email": membership.user.email,
            "role": membership.get_role_display(),
            "workspace": args.workspace,
        }
    )


def cmd_member_remove(args: argparse.Namespace) -> None:
    from rightdesk.flows.members import member_offboard

    member_offboard(actor=cli_actor(args.workspace), email=args.email)
    print(
        _("%(email)s no longer works in %(workspace)s; their API tokens there are revoked.")
        % {"email": args.email.strip(), "workspace": args.workspace}
    )


def cmd_team_create(args: argparse.Namespace) -> None:
    from rightdesk.accounts.actions import team_create
    from rightdesk.accounts.models import User
    from rightdesk.cli import fail

    members = list(User.objects.filter(email__in=[e.strip().lower() for e in args.member]))
    if len(members) != len(set(args.member)):
        fail(_("every --member must be the email of a person who works in the workspace"))
    team = team_create(actor=cli_actor(args.workspace), name=args.name, members=members)
    print(team.name)


def cmd_set_password(args: argparse.Namespace) -> None:
    from rightdesk.accounts.actions import user_set_password
    from rightdesk.accounts.models import User
    from rightdesk.cli import fail

    user = User.objects.filter(email=args.email.strip().lower()).first()
    if user is None:
        fail(_("there is no person with the email %(email)s") % {"email": args.email})
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(_("New password: "))
        if getpass.getpass(_("Once more: ")) != password:
            fail(_("the two passwords differ"))
    user_set_password(user=user, password=password)
    print(_("The password of %(email)s is set.") % {"email": user.email})
