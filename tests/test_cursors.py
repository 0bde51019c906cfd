"""One cursor codec for the pages and the API: what it did not write is refused, never a 500.

Every list of the API that takes a cursor is read from the spec, so a new list
is tried with the same hostile cursors without being named here.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from rightdesk.api.main import api as ninja_api
from rightdesk.conversations.models import Conversation
from rightdesk.core.cursor import BadCursor, cursor_decode, cursor_encode
from tests.conftest import ApiClient
from tests.factories import make_conversation
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _raw(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# Cursors the desk never writes, each of a kind that once reached the database.
HOSTILE = [
    _raw(["0001-01-01T00:00:00+14:00", 1]),
    _raw(["9999-12-31T23:59:59-14:00", 1]),
    _raw(["9999-12-31T23:59:59+00:00", 1]),
    _raw(["0001-01-01T00:00:00+00:00", 1]),
    _raw(["2026-01-01T00:00:00", 1]),  # naive
    _raw(["2026-01-01T00:00:00+00:00", 2**63]),
    _raw(["2026-01-01T00:00:00+00:00", 38600149632896163840]),
    _raw(["2026-01-01T00:00:00+00:00", 0]),
    _raw(["2026-01-01T00:00:00+00:00", -1]),
    _raw(["2026-01-01T00:00:00+00:00", True]),
    _raw(["2026-01-01T00:00:00+00:00", 1.5]),
    _raw(["2026-01-01T00:00:00+00:00", "1"]),
    _raw([1, 1]),
    _raw([None, 1]),
    _raw(["x", 1]),
    _raw(["a\u0000b", 1]),
    _raw(["2026-01-01T00:00:00+00:00", 1, 2]),
    _raw([]),
    _raw({"a": 1}),
    _raw(2**70),
    _raw([[[[[]]]]]),
    "%%%not-base64",
    "Zm9v",  # base64 of "foo", not JSON
    "/w==",  # not UTF-8
    "é",
    "A" * 1001,
]


def test_the_codec_reads_what_it_writes() -> None:
    moment = datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert cursor_decode(cursor_encode(moment, 42), (datetime, int)) == (moment, 42)
    assert cursor_decode(cursor_encode("Anna Kask", 7), (str, int)) == ("Anna Kask", 7)
    assert cursor_decode(cursor_encode(9), (int,)) == (9,)
    # a time in another zone comes back as the same instant, in UTC
    local = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    tallinn = local.astimezone(timezone(timedelta(hours=2)))
    assert cursor_decode(cursor_encode(tallinn, 1), (datetime, int)) == (local, 1)


def _name_shaped(cursor: str) -> bool:
    """Whether a hostile cursor is still a fine (name, id) cursor of the customer list."""
    try:
        name, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        return False
    ok_id = type(pk) is int and 1 <= pk < 2**63
    return isinstance(name, str) and "\x00" not in name and ok_id


@pytest.mark.parametrize("cursor", HOSTILE)
def test_the_codec_refuses_what_it_did_not_write(cursor: str) -> None:
    with pytest.raises(BadCursor):
        cursor_decode(cursor, (datetime, int))
    with pytest.raises(BadCursor):
        cursor_decode(cursor, (int,))
    if not _name_shaped(cursor):
        with pytest.raises(BadCursor):
            cursor_decode(cursor, (str, int))


# Lists in name (or address) order: their cursor holds a text, and any text is one.
NAME_ORDERED = {"/api/v1/teams", "/api/v1/tags", "/api/v1/mailboxes"}


def _lists_with_a_cursor() -> list[str]:
    spec = ninja_api.get_openapi_schema()
    return [
        path
        for path, ops in spec["paths"].items()
        if "get" in ops and any(p["name"] == "cursor" for p in ops["get"].get("parameters", []))
    ]


def test_every_api_list_refuses_hostile_cursors(api: ApiClient, workspace) -> None:
    # given: a real row behind every path id
    conversation = make_conversation(workspace)
    webhook = api.post("webhooks", {"url": "https://hooks.example.com/in"}).json()
    ids = {
        "conversation_id": conversation.pk,
        "endpoint_id": webhook["id"],
    }
    paths = _lists_with_a_cursor()
    assert len(paths) >= 8, paths
    for path in paths:
        url = path
        for name, value in ids.items():
            url = url.replace("{" + name + "}", str(value))
        assert api.client.get(url, headers=api.headers).status_code == 200, url
        for cursor in HOSTILE:
            if path in NAME_ORDERED and _name_shaped(cursor):
                continue
            # when
            r = api.client.get(url, {"cursor": cursor}, headers=api.headers)
            # then
            assert r.status_code in (400, 422), (url, cursor, r.content)
            if r.status_code == 400:
                assert r.json()["code"] == "bad_cursor", (url, cursor)


def _walk(api: ApiClient, url: str) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        page = api.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            return seen


def test_api_pages_give_every_row_once_even_at_equal_times(api: ApiClient, workspace) -> None:
    # given: conversations sharing one last-activity time, and a thread of replies
    made = [make_conversation(workspace, subject=f"Order {i}") for i in range(7)]
    same = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
    Conversation.objects.filter(pk__in=[c.pk for c in made[:5]]).update(last_activity_at=same)
    thread = made[0]
    for i in range(6):
        api.post(f"conversations/{thread.pk}/messages", {"body": f"Reply {i}"})
    # when
    conversations = _walk(api, "conversations?limit=2")
    messages = _walk(api, f"conversations/{thread.pk}/messages?limit=2")
    # then
    assert sorted(conversations) == sorted(c.pk for c in made)
    assert len(messages) == len(set(messages)) == 7
    assert messages == sorted(messages)  # oldest first


@pytest.mark.parametrize("cursor", HOSTILE)
def test_inbox_page_refuses_hostile_cursors(workspace, cursor: str) -> None:
    client, _user = member_client(workspace)
    r = client.get(f"/w/{workspace.slug}/", {"after": cursor})
    assert r.status_code == 400
    assert b'class="errors"' in r.content


@pytest.mark.parametrize("cursor", [c for c in HOSTILE if not _name_shaped(c)])
def test_customer_list_page_refuses_hostile_cursors(workspace, cursor: str) -> None:
    client, _user = member_client(workspace)
    r = client.get(f"/w/{workspace.slug}/customers/", {"after": cursor})
    assert r.status_code == 400


def test_pages_follow_their_own_links(workspace) -> None:
    # given: more conversations than one inbox page holds
    for i in range(52):
        make_conversation(workspace, subject=f"Order {i}")
    client, _user = member_client(workspace)
    # when
    first = client.get(f"/w/{workspace.slug}/")
    link = first.context["next_query"]
    second = client.get(f"/w/{workspace.slug}/?{link}")
    # then
    assert second.status_code == 200
    shown = {c.pk for c in first.context["conversations"]} | {
        c.pk for c in second.context["conversations"]
    }
    assert len(shown) == 52
