"""/api/v1/mailboxes: the addresses a workspace receives mail at and replies from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Query
from pydantic import ConfigDict, StrictBool, StrictInt

from rightdesk.api.common import ERRORS, PathId, actor_for, links
from rightdesk.channels.actions import mailbox_create, mailbox_delete, mailbox_update
from rightdesk.channels.models import ADDRESS_MAX, NAME_MAX, SIGNATURE_MAX, Mailbox
from rightdesk.channels.queries import mailbox_get, mailboxes_of
from rightdesk.core.cursor import MAX_ID, cursor_page

router = Router(tags=["mailboxes"])

MAILBOX_OPERATIONS = (
    "mailboxes_get_mailbox",
    "mailboxes_patch_mailbox",
    "mailboxes_delete_mailbox",
)


class MailboxIn(Schema):
    model_config = ConfigDict(extra="forbid")
    address: str = Field(..., min_length=1, max_length=ADDRESS_MAX)
    name: str = Field("", max_length=NAME_MAX)
    team: StrictInt | None = Field(None, ge=1, le=MAX_ID, description="Id of a team, or null.")
    signature: str = Field("", max_length=SIGNATURE_MAX)
    acknowledge: StrictBool = False


class MailboxPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    address: str | None = Field(None, min_length=1, max_length=ADDRESS_MAX)
    name: str | None = Field(None, max_length=NAME_MAX)
    team: StrictInt | None = Field(None, ge=1, le=MAX_ID, description="null clears the team.")
    signature: str | None = Field(None, max_length=SIGNATURE_MAX)
    acknowledge: StrictBool | None = None


class MailboxOut(Schema):
    id: int
    address: str
    name: str
    team: int | None
    signature: str
    acknowledge: bool
    created_at: datetime


class MailboxPage(Schema):
    items: list[MailboxOut]
    next: str | None


def mailbox_out(m: Mailbox) -> dict[str, Any]:
    return {
        "id": m.pk,
        "address": m.address,
        "name": m.name,
        "team": m.team_id,
        "signature": m.signature,
        "acknowledge": m.acknowledge,
        "created_at": m.created_at,
    }


@router.get(
    "",
    response={200: MailboxPage, **ERRORS},
    openapi_extra=links(200, "mailbox_id", "/items/0/id", *MAILBOX_OPERATIONS),
    description="The workspace's mailboxes by address. Needs `conversations.view`.",
)
def list_mailboxes(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=1000),
    limit: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    rows, after = cursor_page(
        mailboxes_of(actor.workspace),
        keys=("address", "id"),
        kinds=(str, int),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [mailbox_out(m) for m in rows], "next": after}


@router.post(
    "",
    response={201: MailboxOut, **ERRORS},
    openapi_extra=links(201, "mailbox_id", "/id", *MAILBOX_OPERATIONS),
    description=(
        "Add a mailbox. The address is stored lower-case and belongs to one workspace on"
        " the whole desk: an address already in use anywhere is 409 `address_taken`."
        " A team of another workspace is 422 `invalid_team`. Needs `workspace.manage`."
    ),
)
def create_mailbox(request: HttpRequest, payload: MailboxIn) -> Status[Any]:
    actor = actor_for(request)
    mailbox = mailbox_create(
        actor=actor,
        address=payload.address,
        name=payload.name,
        team_id=payload.team,
        signature=payload.signature,
        acknowledge=payload.acknowledge,
    )
    return Status(201, mailbox_out(mailbox))


@router.get("/{id:mailbox_id}", response={200: MailboxOut, **ERRORS})
def get_mailbox(request: HttpRequest, mailbox_id: PathId) -> dict[str, Any]:
    actor = actor_for(request, "conversations.view")
    return mailbox_out(mailbox_get(actor.workspace, mailbox_id))


@router.patch(
    "/{id:mailbox_id}",
    response={200: MailboxOut, **ERRORS},
    description="Change the fields given; `team: null` clears the team. Needs `workspace.manage`.",
)
def patch_mailbox(request: HttpRequest, mailbox_id: PathId, payload: MailboxPatch) -> Any:
    actor = actor_for(request)
    changes = payload.model_dump(exclude_unset=True)
    # null means "clear" only for the team; elsewhere it leaves the field alone.
    fields = {k: v for k, v in changes.items() if v is not None and k != "team"}
    if "team" in changes:
        fields["team_id"] = changes["team"]
    mailbox = mailbox_update(actor=actor, mailbox_id=mailbox_id, **fields)
    return mailbox_out(mailbox_get(actor.workspace, mailbox.pk))


@router.delete(
    "/{id:mailbox_id}",
    response={204: None, **ERRORS},
    description="Remove a mailbox; its address is free again. Needs `workspace.manage`.",
)
def delete_mailbox(request: HttpRequest, mailbox_id: PathId) -> Status[Any]:
    actor = actor_for(request)
    mailbox_delete(actor=actor, mailbox_id=mailbox_id)
    return Status(204, None)
