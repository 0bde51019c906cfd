"""What several `rightdesk` subcommands share: naming a workspace, and acting in it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from rightdesk.core.context import Actor


def workspace_option(parser: argparse.ArgumentParser) -> None:
    """`--workspace SLUG`, which every command about one workspace takes."""
    parser.add_argument(
        "--workspace", required=True, metavar="SLUG", help=_("the workspace's slug")
    )


def cli_actor(slug: str) -> Actor:
    """The command line acting in the workspace with this slug (exit 2 when there is none)."""
    from rightdesk.core.context import Actor
    from rightdesk.core.models import Interface

    return Actor.system(workspace_by_slug(slug), Interface.CLI)


def workspace_by_slug(slug: str) -> Any:
    from rightdesk.cli import fail
    from rightdesk.core.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        fail(_("there is no workspace %(slug)s") % {"slug": slug})
    return workspace
