"""A person makes, uses and revokes their own API tokens from the desk."""

from __future__ import annotations

import re

import pytest

from rightdesk.accounts.models import ApiToken
from rightdesk.core.models import AuditEvent
from tests.conftest import ApiClient
from tests.factories import make_token
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_works_and_can_be_revoked(workspace) -> None:
    # given
    client, user = member_client(workspace, role="read_only")
    # when
    page = client.post(f"/w/{workspace.slug}/tokens/", {"name": "reporting script"})
    # then: the token is on this page, and only a fingerprint is kept
    assert page.status_code == 200
    raw = re.search(r"rd_[\w-]{20,}", page.content.decode()).group(0)
    token = ApiToken.objects.get(user=user)
    assert token.name == "reporting script" and raw not in (token.digest, token.prefix)
    assert ApiClient(raw).get("conversations").status_code == 200
    listing = client.get(f"/w/{workspace.slug}/tokens/").content.decode()
    assert "reporting script" in listing and raw not in listing
    # when
    r = client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/")
    # then
    assert r.status_code == 302
    assert ApiClient(raw).get("conversations").status_code == 401
    assert AuditEvent.objects.filter(verb="token.revoked", object_id=token.pk).exists()
    assert client.post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/").status_code == 404


def test_other_peoples_tokens_are_not_found(workspace, other_workspace) -> None:
    # given: a colleague's token, and a workspace the person does not belong to
    client, _user = member_client(workspace)
    colleague_raw = make_token(workspace)
    colleague = ApiToken.objects.get(workspace=workspace, user__memberships__role="owner")
    # when / then
    assert client.post(f"/w/{workspace.slug}/tokens/{colleague.pk}/revoke/").status_code == 404
    assert ApiClient(colleague_raw).get("conversations").status_code == 200
    assert "rd_" not in client.get(f"/w/{workspace.slug}/tokens/").content.decode()
    assert client.get(f"/w/{other_workspace.slug}/tokens/").status_code == 404
    assert client.post(f"/w/{workspace.slug}/tokens/abc/revoke/").status_code == 404


def test_hostile_token_form_input(workspace) -> None:
    client, user = member_client(workspace)
    r = client.post(f"/w/{workspace.slug}/tokens/", {"name": "x" * 5000})
    assert r.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()
    assert client.get(f"/w/{workspace.slug}/tokens/{1}/revoke/").status_code == 405
