"""An address that keeps failing to sign in, or keeps asking for reset emails, is held back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from rightdesk.accounts.models import Attempt
from rightdesk.core.clock import now
from tests.factories import make_member
from tests.webclient import PASSWORD

pytestmark = pytest.mark.django_db


def _login(email: str, password: str) -> int:
    return Client().post("/login/", {"username": email, "password": password}).status_code


def test_after_ten_failures_even_the_right_password_is_refused(workspace, settings) -> None:
    # given
    settings.LOGIN_FAILURES_PER_WINDOW = 10
    user = make_member(workspace, password=PASSWORD)
    for _n in range(10):
        assert _login(user.email, "wrong guess") == 200
    # when
    r = Client().post("/login/", {"username": user.email.upper() + " ", "password": PASSWORD})
    # then: refused before the password is looked at, with a reason the person can act on
    assert r.status_code == 429
    assert "Too many failed sign-ins" in r.content.decode()
    assert "_auth_user_id" not in r.client.session
    # and another address is not affected
    other = make_member(workspace, password=PASSWORD)
    assert _login(other.email, PASSWORD) == 302


def test_the_limit_is_per_quarter_of_an_hour(workspace, settings) -> None:
    # given: the failures happened sixteen minutes ago
    settings.LOGIN_FAILURES_PER_WINDOW = 3
    user = make_member(workspace, password=PASSWORD)
    for _n in range(3):
        _login(user.email, "wrong")
    assert _login(user.email, PASSWORD) == 429
    Attempt.objects.update(created_at=now() - timedelta(minutes=16))
    # when / then
    assert _login(user.email, PASSWORD) == 302


def test_a_successful_sign_in_starts_the_count_again(workspace, settings) -> None:
    settings.LOGIN_FAILURES_PER_WINDOW = 3
    user = make_member(workspace, password=PASSWORD)
    _login(user.email, "wrong")
    _login(user.email, "wrong")
    assert _login(user.email, PASSWORD) == 302
    _login(user.email, "wrong")
    _login(user.email, "wrong")
    assert _login(user.email, PASSWORD) == 302


def test_unknown_addresses_are_limited_the_same_way(db, settings) -> None:
    settings.LOGIN_FAILURES_PER_WINDOW = 2
    assert _login("nobody@example.org", "x") == 200
    assert _login("nobody@example.org", "x") == 200
    assert _login("nobody@example.org", "x") == 429


def test_attempts_store_no_address(db) -> None:
    _login("private.person@example.org", "x")
    stored = Attempt.objects.get()
    assert "private" not in stored.key and "example" not in stored.key


def test_reset_emails_stop_after_three_and_the_page_says_the_same(workspace, settings) -> None:
    # given
    settings.PASSWORD_RESETS_PER_WINDOW = 3
    user = make_member(workspace, password=PASSWORD)
    pages = []
    # when
    for _n in range(5):
        r = Client().post("/password/reset/", {"email": user.email})
        assert r.status_code == 302
        pages.append(Client().get(r["Location"]).content)
    # then
    assert len(mail.outbox) == 3
    assert len(set(pages)) == 1


def test_other_spellings_of_an_address_share_its_reset_limit(workspace, settings) -> None:
    """PostgreSQL finds `teſs@…` equal to `tess@…` and mails tess; that opens no new count."""
    # given
    settings.PASSWORD_RESETS_PER_WINDOW = 3
    make_member(workspace, email="tess@example.org", password=PASSWORD)
    spellings = ["teſs@example.org", "TEſS@example.org", "Tess@Example.org", "TESS@EXAMPLE.ORG"]
    # when: fifteen requests, in every spelling
    for n in range(15):
        r = Client().post("/password/reset/", {"email": spellings[n % len(spellings)]})
        assert r.status_code == 302
    # then
    assert len(mail.outbox) <= 3
    assert {m.to[0] for m in mail.outbox} <= {"tess@example.org"}


def test_a_spelling_uses_up_the_count_of_the_address(workspace, settings) -> None:
    settings.PASSWORD_RESETS_PER_WINDOW = 3
    make_member(workspace, email="tess@example.org", password=PASSWORD)
    for _n in range(3):
        Client().post("/password/reset/", {"email": "TEſS@example.org"})
    sent = len(mail.outbox)
    # when
    Client().post("/password/reset/", {"email": "tess@example.org"})
    # then
    assert len(mail.outbox) == sent
