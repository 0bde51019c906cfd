"""`rightdesk import-mail` and `rightdesk mail quarantine ...`: inbound mail from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rightdesk.cli.common import cli_actor, workspace_by_slug, workspace_option


def register_mail(sub: Any) -> None:
    p = sub.add_parser(
        "import-mail",
        help=_("read .eml files, mbox files or Maildir folders into conversations"),
        description=_(
            "Store every message found in the files and folders given (.eml, mbox, Maildir) "
            "as received by the mailbox ADDRESS, then read it into its conversation. The same "
            "message imported again is counted as a duplicate and changes nothing. A message "
            "that cannot be read is quarantined (see “rightdesk mail quarantine”)."
        ),
    )
    workspace_option(p)
    p.add_argument(
        "--to", required=True, metavar="ADDRESS", help=_("the workspace's mailbox the mail came to")
    )
    p.add_argument(
        "--json", action="store_true", help=_("print the counts as JSON on the last line")
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("show a progress bar on stderr (default: when stderr is a terminal)"),
    )
    p.add_argument(
        "paths", metavar="PATH", nargs="+", type=Path, help=_("a file or folder of mail")
    )
    p.set_defaults(handler=cmd_import_mail)

    p = sub.add_parser("mail", help=_("inbound mail that needs attention"))
    msub = p.add_subparsers(dest="area", metavar="AREA", required=True)
    q = msub.add_parser("quarantine", help=_("messages that could not be read into conversations"))
    qsub = q.add_subparsers(dest="action", metavar="ACTION", required=True)
    c = qsub.add_parser("list", help=_("list the quarantined messages of a workspace"))
    workspace_option(c)
    c.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    c.set_defaults(handler=cmd_quarantine_list)
    c = qsub.add_parser("retry", help=_("read quarantined messages again from their stored bytes"))
    workspace_option(c)
    c.add_argument("ids", metavar="ID", nargs="*", type=int, help=_("a quarantined message's id"))
    c.add_argument("--all", action="store_true", help=_("retry every quarantined message"))
    c.set_defaults(handler=cmd_quarantine_retry)
    c = qsub.add_parser("discard", help=_("give up on quarantined messages (their bytes are kept)"))
    workspace_option(c)
    c.add_argument("ids", metavar="ID", nargs="+", type=int, help=_("a quarantined message's id"))
    c.set_defaults(handler=cmd_quarantine_discard)


_COUNTED = {"processed": "imported", "ignored": "ignored", "quarantined": "quarantined"}


def cmd_import_mail(args: argparse.Namespace) -> None:
    from tqdm import tqdm

    from rightdesk.channels.email.sources import mail_sources
    from rightdesk.channels.inbound import mail_process, mail_receive
    from rightdesk.channels.models import InboundMail
    from rightdesk.channels.queries import mailbox_by_address
    from rightdesk.cli import fail

    workspace = workspace_by_slug(args.workspace)
    mailbox = mailbox_by_address(workspace, args.to)
    if mailbox is None:
        fail(_("%(address)s is not a mailbox of this workspace") % {"address": args.to})
    counts = {"imported": 0, "duplicates": 0, "quarantined": 0, "ignored": 0}
    show = sys.stderr.isatty() if args.progress is None else args.progress
    bar = tqdm(unit=_("messages"), file=sys.stderr, disable=not show)
    for found in mail_sources(args.paths):
        bar.update(1)
        if found.problem:
            # Nothing could be read, so there are no bytes to keep: reported, counted.
            counts["quarantined"] += 1
            bar.write(
                _("%(source)s: cannot be read (%(problem)s)")
                % {"source": found.label, "problem": found.problem},
                file=sys.stderr,
            )
            continue
        row, created = mail_receive(mailbox=mailbox, raw=found.raw)
        if not created and row.state != InboundMail.State.STORED:
            counts["duplicates"] += 1
            continue
        state = mail_process(inbound_id=row.pk)
        counts[_COUNTED.get(state, "duplicates")] += 1
    bar.close()
    if args.json:
        print(json.dumps(counts))
        return
    print(
        _(
            "Imported: %(imported)d, duplicates: %(duplicates)d, quarantined: %(quarantined)d, "
            "ignored: %(ignored)d."
        )
        % counts
    )


def cmd_quarantine_list(args: argparse.Namespace) -> None:
    from rightdesk.channels.queries import inbound_quarantined

    rows = list(inbound_quarantined(workspace_by_slug(args.workspace)))
    if args.json:
        for row in rows:
            record = {
                "id": row.pk,
                "received_at": row.received_at.isoformat(),
                "sender": row.sender,
                "subject": row.subject,
                "reason": row.reason,
            }
            print(json.dumps(record, ensure_ascii=False))
        return
    table = [(_("ID"), _("Received"), _("Sender"), _("Subject"), _("Reason"))]
    table += [
        (
            str(r.pk),
            r.received_at.strftime("%Y-%m-%d %H:%M"),
            r.sender,
            " ".join(r.subject.split())[:60],
            r.reason,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    if not rows:
        print(_("No message is in quarantine."))


def cmd_quarantine_retry(args: argparse.Namespace) -> None:
    from rightdesk.channels.actions import mail_quarantine_retry
    from rightdesk.cli import fail

    if args.all == bool(args.ids):
        fail(_("give the ids of quarantined messages, or --all"))
    actor = cli_actor(args.workspace)
    states = mail_quarantine_retry(actor=actor, inbound_ids=None if args.all else args.ids)
    left = states.count("quarantined")
    print(
        _("Retried: %(done)d; still quarantined: %(left)d.") % {"done": len(states), "left": left}
    )


def cmd_quarantine_discard(args: argparse.Namespace) -> None:
    from rightdesk.channels.actions import mail_quarantine_discard

    actor = cli_actor(args.workspace)
    count = mail_quarantine_discard(actor=actor, inbound_ids=args.ids)
    print(_("Discarded: %(count)d.") % {"count": count})
