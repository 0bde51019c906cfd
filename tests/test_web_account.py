import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from rightdesk.accounts.actions import membership_set
from tests.factories import actor_for, make_member, make_workspace
from tests.webclient import PASSWORD, member_client

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_then_logout(workspace) -> None:
    # given
    user = make_member(workspace, email="Lena@Example.org")
    client = Client()
    # when
    r = client.post("/login/", {"username": "lena@example.org", "password": PASSWORD})
    # then
    assert r.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == f"/w/{workspace.slug}/"
    # when
    r = client.post("/logout/")
    # then
    assert r.status_code == 302
    assert client.get(f"/w/{workspace.slug}/").status_code == 302
    assert user.is_authenticated


def test_wrong_password_is_a_clear_error() -> None:
    r = Client().post("/login/", {"username": "nobody@example.org", "password": "nope"})
    assert r.status_code == 200
    assert b"errors" in r.content


def test_pages_need_a_login(workspace) -> None:
    r = Client().get(f"/w/{workspace.slug}/")
    assert r.status_code == 302
    assert r["Location"].startswith("/login/")


def test_password_reset_sends_an_email_and_the_link_works(workspace) -> None:
    # given
    make_member(workspace, email="reset@example.org")
    client = Client()
    # when
    r = client.post("/password/reset/", {"email": "reset@example.org"})
    # then
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reset@example.org"]
    link = re.search(r"https?://[^/]+(/password/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    # when the person follows the link and chooses a password
    r = client.get(link.group(1), follow=True)
    assert r.status_code == 200
    r = client.post(
        r.request["PATH_INFO"],
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    # then
    assert r.status_code == 302
    assert Client().login(username="reset@example.org", password="a-new-long-password-9")


def test_password_reset_for_an_unknown_address_sends_nothing(db) -> None:
    r = Client().post("/password/reset/", {"email": "ghost@example.org"})
    assert r.status_code == 302
    assert mail.outbox == []


def test_workspace_picker_lists_every_workspace_of_the_person(workspace, other_workspace) -> None:
    # given
    client, user = member_client(workspace)
    membership_set(actor=actor_for(other_workspace), user=user, role="agent")
    third = make_workspace("Not Mine")
    # when
    r = client.get("/")
    # then
    assert r.status_code == 200
    html = r.content.decode()
    assert workspace.name in html and other_workspace.name in html
    assert third.name not in html


def test_language_choice_changes_the_rendered_language(workspace) -> None:
    # given
    client, user = member_client(workspace)
    assert '<html lang="en">' in client.get(f"/w/{workspace.slug}/").content.decode()
    # when
    r = client.post("/profile/", {"language": "ru"})
    # then
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.language == "ru"
    assert '<html lang="ru">' in client.get(f"/w/{workspace.slug}/").content.decode()
    assert '<html lang="ru">' in client.get("/profile/").content.decode()


def test_without_a_choice_the_workspace_language_applies(db) -> None:
    # given
    estonian = make_workspace("Eesti Pood", language="et")
    client, _user = member_client(estonian)
    # when
    r = client.get(f"/w/{estonian.slug}/")
    # then
    assert '<html lang="et">' in r.content.decode()
    assert r.headers["Content-Language"] == "et"
    # and the language ends with the request: what the process does next is not Estonian
    assert translation.get_language() == "en"


@pytest.mark.parametrize("bad", ["xx", "ru" * 1000, "<script>"])
def test_unknown_language_is_refused(workspace, bad: str) -> None:
    client, user = member_client(workspace)
    r = client.post("/profile/", {"language": bad})
    assert r.status_code == 400
    assert b"errors" in r.content
    user.refresh_from_db()
    assert user.language == ""


def test_reset_link_ignores_a_forged_host_header(workspace, settings) -> None:
    # given
    make_member(workspace, email="host@example.org")
    settings.ALLOWED_HOSTS = ["*"]
    # when
    Client().post("/password/reset/", {"email": "host@example.org"}, HTTP_HOST="evil.example")
    # then
    assert "evil.example" not in mail.outbox[0].body
    assert "/password/reset/" in mail.outbox[0].body


def test_login_never_redirects_to_another_site(workspace) -> None:
    make_member(workspace, email="next@example.org")
    r = Client().post(
        "/login/",
        {"username": "next@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert r.status_code == 302
    assert "evil.example" not in r["Location"]


def test_password_change_from_the_profile(workspace) -> None:
    # given
    client, user = member_client(workspace)
    # when
    r = client.post(
        "/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-7",
            "new_password2": "another-long-password-7",
        },
    )
    # then
    assert r.status_code == 302
    assert Client().login(username=user.email, password="another-long-password-7")


def test_profile_post_without_csrf_token_is_refused(workspace) -> None:
    client, user = member_client(workspace, enforce_csrf_checks=True)
    assert client.post("/profile/", {"language": "ru"}).status_code == 403
    user.refresh_from_db()
    assert user.language == ""
