"""`rightdesk user ...`: what an administrator does for people from the shell."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from django.utils.translation import gettext as _


def register(sub: Any) -> None:
    p = sub.add_parser("user", help="manage people who work here")
    usub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = usub.add_parser(
        "set-password",
        help="set a person's password (asked for, or read from standard input)",
    )
    c.add_argument("--email", required=True)
    c.add_argument("--stdin", action="store_true", help="read the password from standard input")
    c.set_defaults(handler=cmd_set_password)


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
