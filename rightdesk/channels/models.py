"""Mailboxes: the addresses a workspace receives mail at and sends replies from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightdesk.accounts.models import Team
from rightdesk.core.models import WorkspaceOwned

ADDRESS_MAX = 254
NAME_MAX = 120
SIGNATURE_MAX = 2000


class Mailbox(WorkspaceOwned):
    """One email address of a workspace, with how its mail is routed and answered.

    The address is stored normalised (trimmed, lower-case) and is unique in the
    whole installation: inbound mail to it must land in exactly one workspace.
    """

    address = models.CharField(_("address"), max_length=ADDRESS_MAX)
    name = models.CharField(_("display name"), max_length=NAME_MAX, blank=True)
    # New conversations from this mailbox go to this team; losing the team only
    # stops the routing, the mailbox keeps working.
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="mailboxes"
    )
    signature = models.TextField(_("signature"), max_length=SIGNATURE_MAX, blank=True)
    acknowledge = models.BooleanField(_("auto-acknowledgement"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address"], name="mailbox_address_once"),
        ]
        indexes = [models.Index(fields=["workspace", "address"], name="mailbox_workspace_address")]

    def __str__(self) -> str:
        return self.address
