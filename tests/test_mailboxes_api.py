"""Mailboxes through the API: made, read, changed, removed; one address, one workspace."""

from __future__ import annotations

import pytest

from rightdesk.accounts.actions import team_create
from rightdesk.channels.models import Mailbox
from rightdesk.core.models import AuditEvent
from tests.conftest import ApiClient
from tests.factories import actor_for, make_member, make_token

pytestmark = pytest.mark.django_db


def test_a_manager_adds_a_mailbox_and_agents_can_read_it(api: ApiClient, workspace) -> None:
    # given
    team = team_create(actor=actor_for(workspace), name="Returns")
    # when
    r = api.post(
        "mailboxes",
        {
            "address": "  Help@Acme.Example ",
            "name": "Acme  Support",
            "team": team.pk,
            "signature": "Kind regards,\r\nAcme   \r\n",
            "acknowledge": True,
        },
    )
    # then
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["address"] == "help@acme.example"
    assert body["name"] == "Acme Support"
    assert body["team"] == team.pk
    assert body["signature"] == "Kind regards,\nAcme"
    assert body["acknowledge"] is True
    assert set(body) == {"id", "address", "name", "team", "signature", "acknowledge", "created_at"}
    agent = ApiClient(make_token(workspace, make_member(workspace, role="agent")))
    assert agent.get(f"mailboxes/{body['id']}").json() == body
    assert agent.get("mailboxes").json() == {"items": [body], "next": None}
    assert AuditEvent.objects.filter(verb="mailbox.created", object_id=body["id"]).count() == 1


def test_agents_cannot_change_mailboxes(workspace) -> None:
    agent = ApiClient(make_token(workspace, make_member(workspace, role="agent")))
    r = agent.post("mailboxes", {"address": "help@acme.example"})
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    assert not Mailbox.objects.exists()


def test_an_address_belongs_to_one_workspace_in_any_case(api: ApiClient, other_workspace) -> None:
    # given: the other workspace has it
    theirs = ApiClient(make_token(other_workspace))
    assert theirs.post("mailboxes", {"address": "sales@shared.example"}).status_code == 201
    # when: we ask for it, in other letters
    r = api.post("mailboxes", {"address": "SALES@Shared.example"})
    # then: taken, without saying by whom
    assert (r.status_code, r.json()["code"]) == (409, "address_taken")
    assert "other" not in r.content.decode().lower()
    assert api.get("mailboxes").json()["items"] == []
    # and moving one of ours onto it is refused the same way
    mine = api.post("mailboxes", {"address": "mine@acme.example"}).json()
    r = api.patch(f"mailboxes/{mine['id']}", {"address": "Sales@shared.example"})
    assert (r.status_code, r.json()["code"]) == (409, "address_taken")
    assert api.get(f"mailboxes/{mine['id']}").json()["address"] == "mine@acme.example"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"address": "not an address"}, 422, "invalid_email"),
        ({"address": "a@b.example\r\nBcc: x@y.example"}, 422, "invalid_characters"),
        ({"address": "help\x00@acme.example"}, 422, "invalid_characters"),
        ({"address": "help@acme.example", "name": "Acme\x07"}, 422, "invalid_characters"),
        ({"address": "help@acme.example", "name": "Acme\nBcc"}, 422, "invalid_characters"),
        ({"address": "help@acme.example", "signature": "Hi\x1b[31m"}, 422, "invalid_characters"),
        ({"address": "help@acme.example", "name": "x" * 121}, 422, "validation_error"),
        ({"address": "a" * 250 + "@b.example"}, 422, "validation_error"),
        ({"address": "help@acme.example", "team": 2**40}, 422, "invalid_team"),
        ({"address": "help@acme.example", "team": True}, 422, "validation_error"),
        ({"address": "help@acme.example", "acknowledge": "yes"}, 422, "validation_error"),
        ({"address": "help@acme.example", "colour": "red"}, 422, "validation_error"),
        ({}, 422, "validation_error"),
    ],
)
def test_bad_mailboxes_are_refused_clearly(api: ApiClient, body, status: int, code: str) -> None:
    r = api.post("mailboxes", body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.content
    assert not Mailbox.objects.exists()


def test_a_team_of_another_workspace_looks_like_no_team(api: ApiClient, other_workspace) -> None:
    theirs = team_create(actor=actor_for(other_workspace), name="Theirs")
    r = api.post("mailboxes", {"address": "help@acme.example", "team": theirs.pk})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_team")


def test_patch_changes_only_what_is_given_and_null_clears_the_team(
    api: ApiClient, workspace
) -> None:
    # given
    team = team_create(actor=actor_for(workspace), name="Returns")
    created = api.post(
        "mailboxes", {"address": "help@acme.example", "name": "Help", "team": team.pk}
    ).json()
    url = f"mailboxes/{created['id']}"
    # when
    changed = api.patch(url, {"acknowledge": True, "signature": "Acme"}).json()
    cleared = api.patch(url, {"team": None}).json()
    # then
    assert changed == {**created, "acknowledge": True, "signature": "Acme"}
    assert cleared == {**changed, "team": None}
    entries = AuditEvent.objects.filter(verb="mailbox.updated", object_id=created["id"])
    assert entries.count() == 2
    assert api.patch(url, {"nope": 1}).status_code == 422
    # an unchanged patch records nothing
    assert api.patch(url, {"name": "Help"}).status_code == 200
    assert entries.count() == 2


def test_delete_frees_the_address(api: ApiClient) -> None:
    created = api.post("mailboxes", {"address": "help@acme.example"}).json()
    r = api._call("delete", f"mailboxes/{created['id']}")
    assert r.status_code == 204
    assert api.get(f"mailboxes/{created['id']}").status_code == 404
    assert api._call("delete", f"mailboxes/{created['id']}").status_code == 404
    assert api.post("mailboxes", {"address": "help@acme.example"}).status_code == 201
    assert AuditEvent.objects.filter(verb="mailbox.deleted").count() == 1


def test_the_list_pages_by_address(api: ApiClient) -> None:
    for name in ["c", "a", "b"]:
        assert api.post("mailboxes", {"address": f"{name}@acme.example"}).status_code == 201
    first = api.get("mailboxes?limit=2").json()
    second = api.get(f"mailboxes?limit=2&cursor={first['next']}").json()
    seen = [m["address"] for m in first["items"] + second["items"]]
    assert seen == ["a@acme.example", "b@acme.example", "c@acme.example"]
    assert second["next"] is None
    assert api.get("mailboxes?cursor=forged").status_code == 400
