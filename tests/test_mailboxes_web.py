"""Settings > Mailboxes: managers add, change and remove addresses; nobody else can."""

from __future__ import annotations

import pytest

from rightdesk.accounts.actions import team_create
from rightdesk.channels.actions import mailbox_create
from rightdesk.channels.models import Mailbox
from rightdesk.core.models import AuditEvent
from tests.factories import actor_for
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _url(workspace, suffix: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/w/{workspace.slug}/settings/mailboxes/{suffix}"


def test_a_manager_adds_edits_and_removes_a_mailbox(workspace) -> None:
    # given
    client, _user = member_client(workspace, role="manager")
    team = team_create(actor=actor_for(workspace), name="Returns")
    # when: add
    r = client.post(
        _url(workspace),
        {"address": "Help@Acme.example", "name": "Acme", "team": str(team.pk), "acknowledge": "on"},
    )
    # then: post-redirect-get, and the list shows it
    assert r.status_code == 302 and r["Location"] == _url(workspace)
    mailbox = Mailbox.objects.get()
    assert (mailbox.address, mailbox.team_id, mailbox.acknowledge) == (
        "help@acme.example",
        team.pk,
        True,
    )
    page = client.get(_url(workspace)).content.decode()
    assert "help@acme.example" in page and "Returns" in page
    assert f'action="{_url(workspace, f"{mailbox.pk}/delete/")}"' in page
    # when: edit (the form's fields carry the mailbox's prefix)
    prefix = f"m{mailbox.pk}-"
    r = client.post(
        _url(workspace, f"{mailbox.pk}/"),
        {prefix + "address": "help@acme.example", prefix + "team": "", prefix + "signature": "Bye"},
    )
    assert r.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.team_id, mailbox.signature, mailbox.acknowledge) == (None, "Bye", False)
    # when: remove
    assert client.post(_url(workspace, f"{mailbox.pk}/delete/")).status_code == 302
    assert not Mailbox.objects.exists()
    verbs = list(AuditEvent.objects.filter(object_type="mailbox").values_list("verb", flat=True))
    assert sorted(verbs) == ["mailbox.created", "mailbox.deleted", "mailbox.updated"]


def test_bad_input_shows_the_form_again_with_the_reason(workspace, other_workspace) -> None:
    client, _user = member_client(workspace, role="manager")
    mailbox_create(actor=actor_for(other_workspace), address="taken@shared.example")
    for data, words in [
        ({"address": "taken@SHARED.example"}, "already used"),
        ({"address": "nope"}, "not a valid email address"),
        ({"address": "a@acme.example", "name": "bell\x07"}, "control characters"),
        ({"address": "a@acme.example", "team": "999999"}, "Select a valid choice"),
    ]:
        r = client.post(_url(workspace), data)
        assert r.status_code in (400, 409, 422), data
        assert words in r.content.decode(), data
    assert not Mailbox.objects.filter(workspace=workspace).exists()
    mine = mailbox_create(actor=actor_for(workspace), address="mine@acme.example")
    r = client.post(_url(workspace, f"{mine.pk}/"), {f"m{mine.pk}-address": "taken@shared.example"})
    assert r.status_code == 409 and "already used" in r.content.decode()
    assert '<details class="mailbox-edit" open>' in r.content.decode()


def test_only_managers_see_the_page_and_its_link(workspace) -> None:
    mailbox = mailbox_create(actor=actor_for(workspace), address="help@acme.example")
    manager, _u = member_client(workspace, role="manager")
    assert _url(workspace) in manager.get(f"/w/{workspace.slug}/").content.decode()
    for role in ("agent", "champion", "read_only"):
        client, _u = member_client(workspace, role=role)
        assert _url(workspace) not in client.get(f"/w/{workspace.slug}/").content.decode()
        assert client.get(_url(workspace)).status_code == 403
        assert client.post(_url(workspace), {"address": "x@acme.example"}).status_code == 403
        edit = client.post(_url(workspace, f"{mailbox.pk}/"), {f"m{mailbox.pk}-address": "z@a.ee"})
        assert edit.status_code == 403
        assert client.post(_url(workspace, f"{mailbox.pk}/delete/")).status_code == 403
    assert list(Mailbox.objects.values_list("address", flat=True)) == ["help@acme.example"]


def test_another_workspaces_mailboxes_are_404(workspace, other_workspace) -> None:
    theirs = mailbox_create(actor=actor_for(other_workspace), address="theirs@other.example")
    client, _u = member_client(workspace, role="manager")
    prefix = f"m{theirs.pk}-"
    assert (
        client.post(_url(workspace, f"{theirs.pk}/"), {prefix + "address": "a@b.ee"}).status_code
        == 404
    )
    assert client.post(_url(workspace, f"{theirs.pk}/delete/")).status_code == 404
    assert client.get(_url(other_workspace)).status_code == 404
    assert "theirs@other.example" not in client.get(_url(workspace)).content.decode()
    assert Mailbox.objects.get().address == "theirs@other.example"


def test_posts_need_a_csrf_token_and_the_right_method(workspace) -> None:
    mailbox = mailbox_create(actor=actor_for(workspace), address="help@acme.example")
    client, _u = member_client(workspace, role="manager", enforce_csrf_checks=True)
    assert client.post(_url(workspace), {"address": "x@acme.example"}).status_code == 403
    assert client.post(_url(workspace, f"{mailbox.pk}/delete/")).status_code == 403
    assert client.get(_url(workspace, f"{mailbox.pk}/delete/")).status_code == 405
    assert Mailbox.objects.count() == 1
