"""`rightdesk reindex`: rebuild the search terms after the way they are made has changed."""

from __future__ import annotations

import argparse
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def register_search(sub: Any) -> None:
    p = sub.add_parser(
        "reindex", help=_("rebuild the search index of every conversation and customer")
    )
    p.add_argument(
        "--workspace", metavar="SLUG", help=_("only this workspace (default: every workspace)")
    )
    p.set_defaults(handler=cmd_reindex)


def cmd_reindex(args: argparse.Namespace) -> None:
    from rightdesk.cli.common import workspace_by_slug
    from rightdesk.flows.reindex import search_reindex

    workspace_id = workspace_by_slug(args.workspace).pk if args.workspace else None
    count = search_reindex(workspace_id=workspace_id)
    message = ngettext(
        "Rebuilt the search index: %(count)d record.",
        "Rebuilt the search index: %(count)d records.",
        count,
    )
    print(message % {"count": count})
