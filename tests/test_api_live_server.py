"""The same refusals over a real HTTP connection, as an integrator meets them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.factories import make_token, make_workspace

pytestmark = pytest.mark.django_db(transaction=True)


def _send(url: str, token: str, body: bytes, content_type: str = "application/json"):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_refusals_over_http(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    token = make_token(make_workspace("Live Floors"))
    url = f"{live_server.url}/api/v1/conversations"
    huge = json.dumps({"subject": "x", "customer": {"email": "a@b.example"}, "body": "y" * 200_000})
    cases = [
        (huge.encode(), "application/json", 413, "request_too_large"),
        (b'{"subject": "\xff"}', "application/json", 400, "invalid_encoding"),
        (b"subject=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b'{"subject": "a\\u0000"}', "application/json", 422, "invalid_characters"),
    ]
    for body, content_type, status, code in cases:
        # when
        got, headers, content = _send(url, token, body, content_type)
        # then
        assert got == status, content
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(content)["code"] == code
    # and a well-formed request still works on the same server
    ok = json.dumps({"subject": "Hi", "customer": {"email": "a@b.example"}, "body": "Hello"})
    assert _send(url, token, ok.encode())[0] == 201
