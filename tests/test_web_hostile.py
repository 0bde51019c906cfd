"""Hostile and malformed input on the conversation forms: a clear error, nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rightdesk.accounts.actions import team_create
from rightdesk.conversations.models import Conversation
from rightdesk.core.models import AuditEvent
from tests.factories import actor_for, make_conversation, make_member
from tests.webclient import member_client

pytestmark = pytest.mark.django_db

ONE_MB = "x" * 1_000_000


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"direction": "out", "body": ""},
        {"direction": "out", "body": "   \n  "},
        {"direction": "out", "body": ONE_MB},
        {"direction": "sideways", "body": "hello"},
        {"direction": "in", "body": "pretending to be the customer"},
        {"direction": "note", "body": "\x00\x01"},
    ],
)
def test_bad_messages_are_refused_and_nothing_is_written(workspace, data) -> None:  # type: ignore[no-untyped-def]
    # given
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    events = AuditEvent.objects.count()
    # when
    r = client.post(f"/w/{workspace.slug}/c/{conv.pk}/messages/", data)
    # then
    assert 400 <= r.status_code < 500
    assert b'class="errors"' in r.content
    assert conv.messages.count() == 1
    assert AuditEvent.objects.count() == events


def test_too_long_reply_keeps_what_was_typed(workspace) -> None:
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    body = "Dear customer, " + "y" * 200_000
    r = client.post(
        f"/w/{workspace.slug}/c/{conv.pk}/messages/", {"direction": "out", "body": body}
    )
    assert r.status_code == 400
    assert "Dear customer, " in r.content.decode()


def _change(**overrides: str) -> dict[str, str]:
    return {"status": "open", "priority": "normal", "assignee": "", "team": "", **overrides}


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "exploded"},
        {"status": ""},
        {"priority": "whenever"},
        {"assignee": "abc"},
        {"assignee": "99999999999999999999999"},
        {"team": "-1"},
        {"tags": "x" * 61},
        {"tags": ",".join(str(i) for i in range(51))},
        {"tags": ONE_MB},
    ],
)
def test_bad_changes_are_refused_and_nothing_is_written(workspace, overrides) -> None:  # type: ignore[no-untyped-def]
    # given
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    events = AuditEvent.objects.count()
    # when
    r = client.post(f"/w/{workspace.slug}/c/{conv.pk}/change/", _change(**overrides))
    # then
    assert r.status_code == 400
    assert b'class="errors"' in r.content
    conv.refresh_from_db()
    assert (conv.status, conv.priority, conv.assignee_id) == ("new", "normal", None)
    assert AuditEvent.objects.count() == events


def test_another_workspaces_assignee_and_team_are_refused(workspace, other_workspace) -> None:
    # given
    client, _user = member_client(workspace)
    stranger = make_member(other_workspace)
    their_team = team_create(actor=actor_for(other_workspace), name="Theirs")
    conv = make_conversation(workspace)
    url = f"/w/{workspace.slug}/c/{conv.pk}/change/"
    # when
    r1 = client.post(url, _change(assignee=str(stranger.pk), priority="urgent"))
    r2 = client.post(url, _change(team=str(their_team.pk), priority="urgent"))
    # then
    assert r1.status_code == 400 and r2.status_code == 400
    conv.refresh_from_db()
    assert (conv.status, conv.priority, conv.assignee_id, conv.team_id) == (
        "new",
        "normal",
        None,
        None,
    )


def test_invalid_transition_rolls_back_every_other_change(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    colleague = make_member(workspace)
    conv = make_conversation(workspace)
    Conversation.objects.filter(pk=conv.pk).update(status="closed")
    # when: closed cannot become pending; the priority and assignee must not stick
    r = client.post(
        f"/w/{workspace.slug}/c/{conv.pk}/change/",
        _change(status="pending", priority="urgent", assignee=str(colleague.pk), tags="x"),
    )
    # then
    assert r.status_code == 409
    assert b'class="errors"' in r.content
    conv.refresh_from_db()
    assert (conv.status, conv.priority, conv.assignee_id) == ("closed", "normal", None)
    assert conv.tags.count() == 0


@pytest.mark.parametrize("value", ["", "maybe", "2", "1" * 1000])
def test_bad_follow_values_are_refused(workspace, value: str) -> None:
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    r = client.post(f"/w/{workspace.slug}/c/{conv.pk}/follow/", {"follow": value})
    assert r.status_code == 400
    assert conv.followers.count() == 0


def test_too_large_attachment_is_refused(workspace, settings) -> None:
    # given
    settings.MAX_ATTACHMENT_BYTES = 10
    client, _user = member_client(workspace)
    conv = make_conversation(workspace)
    upload = SimpleUploadedFile("big.bin", b"y" * 11, "application/octet-stream")
    # when
    r = client.post(
        f"/w/{workspace.slug}/c/{conv.pk}/messages/",
        {"direction": "out", "body": "with a big file", "attachment": upload},
    )
    # then
    assert r.status_code == 400
    assert b'class="errors"' in r.content
    assert conv.messages.count() == 1
