"""A person added to a workspace is invited by mail and chooses a password through its link."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from rightdesk.accounts.actions import member_add, membership_set, user_ensure, user_set_language
from rightdesk.accounts.models import Membership, User
from rightdesk.core.errors import PermissionDenied
from tests.conftest import run_cli
from tests.factories import actor_for, make_member, make_workspace

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/password/reset/\S+)")


def _link(body: str) -> str:
    found = LINK.search(body)
    assert found is not None, body
    return found.group(1)


def _set_password(client: Client, link: str, password: str) -> int:
    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert b'name="new_password1"' in page.content
    done = client.post(
        page.request["PATH_INFO"], {"new_password1": password, "new_password2": password}
    )
    return done.status_code


def test_a_workspace_made_at_the_command_line_invites_its_owner_through_the_outbox(
    capsys: pytest.CaptureFixture[str],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    settings,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    # given: the desk's default, mail written to the outbox folder
    settings.EMAIL_BACKEND = "rightdesk.core.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.BASE_URL = "https://desk.example.org"
    # when
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _err = run_cli(
            capsys,
            "workspace",
            "create",
            "--name",
            "Oak & Stone",
            "--owner-email",
            "Owner@Example.org",
        )
    # then: one .eml, to the owner, with both a plain and an HTML part
    assert code == 0
    files = list((tmp_path / "outbox").iterdir())
    assert len(files) == 1
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert isinstance(parsed, ParsedMessage)
    assert parsed["To"] == "owner@example.org"
    assert parsed["Subject"] == "You are invited to Oak & Stone on Rightdesk"
    plain = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert "Oak & Stone" in text and "https://desk.example.org/password/reset/" in text
    assert "Oak &amp; Stone" in html.get_content()
    # when the owner follows the link and chooses a password
    client = Client()
    assert _set_password(client, _link(text), "a-first-long-password-7") == 302
    # then they can sign in, and the link does not work a second time
    assert Client().login(username="owner@example.org", password="a-first-long-password-7")
    again = Client().get(_link(text), follow=True)
    assert b'name="new_password1"' not in again.content
    assert b"not valid any more" in again.content
    assert out.strip().splitlines()[-1] == "oak-stone"


def test_member_add_at_the_command_line_invites_a_new_person(
    capsys: pytest.CaptureFixture[str],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # given
    workspace = make_workspace("Acme Floors", owner="boss@example.org")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        code, _out, _err = run_cli(
            capsys, "member", "add", "--workspace", workspace.slug,
            "--email", "new@example.org", "--role", "agent",
        )  # fmt: skip
    # then
    assert code == 0
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert "Acme Floors" in mail.outbox[0].subject


def test_a_manager_adding_someone_is_named_and_the_mail_speaks_the_invitees_language(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # given: a Russian-speaking person without a password, in an Estonian workspace
    workspace = make_workspace("Kask OÜ", language="et")
    manager = make_member(workspace, role="manager", email="mari@example.org")
    manager.name = "Mari Tamm"
    manager.save()
    invitee = user_ensure(email="ivan@example.org")
    user_set_language(user=invitee, language="ru")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        membership_set(actor=actor_for(workspace, manager), user=invitee, role="agent")
    # then
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Приглашение в «Kask OÜ» в Rightdesk"
    assert "Mari Tamm <mari@example.org>" in sent.body
    assert "приглашает вас" in sent.body
    assert sent.alternatives and sent.alternatives[0][1] == "text/html"


def test_without_a_language_of_their_own_the_invitee_reads_the_workspaces(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    workspace = make_workspace("Kask OÜ", language="et")
    with django_capture_on_commit_callbacks(execute=True):
        member_add(actor=actor_for(workspace), email="uus@example.org", role="agent")
    assert mail.outbox[-1].subject == "Kutse tööruumi „Kask OÜ“ Rightdeskis"


def test_the_invitation_is_sent_only_after_commit(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    workspace = make_workspace("Acme Floors")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_add(actor=actor_for(workspace), email="later@example.org", role="agent")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_people_who_already_sign_in_get_no_mail_nor_does_a_role_change(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    workspace = make_workspace("Acme Floors")
    with django_capture_on_commit_callbacks(execute=True):
        make_member(workspace, email="has-password@example.org")
        newcomer = user_ensure(email="newcomer@example.org")
        membership_set(actor=actor_for(workspace), user=newcomer, role="agent")
    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    # when the newcomer's role changes before they ever signed in
    with django_capture_on_commit_callbacks(execute=True):
        membership_set(actor=actor_for(workspace), user=newcomer, role="champion")
    # then no second invitation
    assert len(mail.outbox) == 1


def test_only_managers_can_add_people_and_a_refusal_sends_nothing(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    workspace = make_workspace("Acme Floors")
    agent = make_member(workspace, role="agent")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        member_add(actor=actor_for(workspace, agent), email="sneaky@example.org", role="owner")
    assert mail.outbox == []
    assert not User.objects.filter(
        memberships__workspace=workspace, email="sneaky@example.org"
    ).exists()


def test_password_reset_reaches_an_owner_who_never_signed_in(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # given: the owner lost the invitation (never sent: no callbacks ran)
    make_workspace("Acme Floors", owner="first@example.org")
    assert mail.outbox == []
    client = Client()
    # when
    r = client.post("/password/reset/", {"email": "first@example.org"})
    # then
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [["first@example.org"]]
    assert _set_password(client, _link(mail.outbox[0].body), "a-first-long-password-8") == 302
    assert Client().login(username="first@example.org", password="a-first-long-password-8")


def test_password_reset_skips_people_who_are_not_active(db) -> None:
    user = user_ensure(email="gone@example.org")
    user.is_active = False
    user.save()
    Client().post("/password/reset/", {"email": "gone@example.org"})
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_new_member(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    settings,  # type: ignore[no-untyped-def]
) -> None:
    # given: nothing listens on the mail server's port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    workspace = make_workspace("Acme Floors")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        member_add(actor=actor_for(workspace), email="still@example.org", role="agent")
    # then: the place is kept; "Forgot your password?" works once mail does
    assert Membership.objects.filter(workspace=workspace, user__email="still@example.org").exists()
