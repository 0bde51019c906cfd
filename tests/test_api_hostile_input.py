"""Whatever a client sends, the API answers with a JSON error and a 4xx, never a 500."""

import json

import pytest

from tests.conftest import ApiClient
from tests.factories import make_conversation

pytestmark = pytest.mark.django_db

NEW_CONVERSATION = {"subject": "Hi", "customer": {"email": "a@example.org"}, "body": "Hello"}


def _send(api: ApiClient, method: str, path: str, body: bytes | str, content_type: str):  # type: ignore[no-untyped-def]
    return getattr(api.client, method)(
        f"/api/v1/{path}", data=body, content_type=content_type, headers=api.headers
    )


def _assert_error(r, status: int, code: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"code", "message", "details"}
    assert body["message"]
    if code is not None:
        assert body["code"] == code


def test_body_larger_than_the_request_limit_is_413(api: ApiClient, settings) -> None:
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({**NEW_CONVERSATION, "body": "x" * 5000})
    # when
    r = api.post("conversations", raw=body)
    # then
    _assert_error(r, 413, "request_too_large")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_body_that_is_not_json_is_415(api: ApiClient, content_type: str) -> None:
    r = _send(api, "post", "conversations", json.dumps(NEW_CONVERSATION), content_type)
    _assert_error(r, 415, "unsupported_media_type")


def test_multipart_body_is_415(api: ApiClient) -> None:
    r = api.client.post("/api/v1/conversations", data={"subject": "x"}, headers=api.headers)
    _assert_error(r, 415, "unsupported_media_type")


def test_non_utf8_body_is_400(api: ApiClient) -> None:
    raw = b'{"subject": "\xff\xfe", "customer": {"email": "a@example.org"}, "body": "x"}'
    r = _send(api, "post", "conversations", raw, "application/json")
    _assert_error(r, 400, "invalid_encoding")


@pytest.mark.parametrize("raw", ["{", "nul", '{"a": 1e99999999999}', "[" * 100_000])
def test_malformed_json_is_400(api: ApiClient, raw: str) -> None:
    r = api.post("conversations", raw=raw)
    assert r.status_code in (400, 422)
    _assert_error(r, r.status_code)


@pytest.mark.parametrize(
    "body",
    [
        {**NEW_CONVERSATION, "subject": "a\u0000b"},
        {**NEW_CONVERSATION, "customer": {"email": "a@example.org", "name": "\u0000"}},
        {**NEW_CONVERSATION, "body": "lone \ud800 surrogate"},
        {**NEW_CONVERSATION, "\u0000": 1},
    ],
)
def test_nul_and_lone_surrogates_are_422(api: ApiClient, body: dict) -> None:
    # json.dumps escapes both as \\u0000 / \\ud800, which is valid JSON
    r = api.post("conversations", raw=json.dumps(body))
    _assert_error(r, 422, "invalid_characters")


def test_nul_in_query_string_is_422(api: ApiClient) -> None:
    for query in ["q=a%00b", "tag=%00", "customer_email=a%00@b.c", "assignee=%00"]:
        _assert_error(api.get(f"conversations?{query}"), 422, "invalid_characters")


def test_nul_in_tags_patch_is_422(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    r = api.patch(f"conversations/{conv.pk}", raw='{"tags": ["vip\\u0000"]}')
    _assert_error(r, 422, "invalid_characters")


@pytest.mark.parametrize(
    "body",
    [
        {"subject": ["nested", {"garbage": [1, 2]}], "customer": {}, "body": 5},
        {**NEW_CONVERSATION, "customer": "a@example.org"},
        {**NEW_CONVERSATION, "customer": {"email": "a@example.org", "id": 5}},
        {**NEW_CONVERSATION, "channel": "pigeon"},
        {**NEW_CONVERSATION, "unknown": True},
    ],
)
def test_wrong_types_and_unknown_fields_are_422(api: ApiClient, body: dict) -> None:
    _assert_error(api.post("conversations", body), 422, "validation_error")


@pytest.mark.parametrize("big", [2**63, 2**64 + 5, 10**30])
def test_ids_beyond_bigint_are_404_in_paths(api: ApiClient, big: int) -> None:
    _assert_error(api.get(f"conversations/{big}"), 404, "not_found")
    _assert_error(api.get(f"conversations/{big}/messages"), 404, "not_found")
    _assert_error(api.get(f"conversations/{big}/events"), 404, "not_found")
    _assert_error(api.get(f"attachments/{big}"), 404, "not_found")
    _assert_error(api.post(f"conversations/{big}/messages", {"body": "x"}), 404, "not_found")


@pytest.mark.parametrize(
    "patch",
    [{"assignee": 2**63}, {"team": 2**64}, {"followers": [2**70]}, {"assignee": -1}],
)
def test_ids_beyond_bigint_are_422_in_bodies(api: ApiClient, workspace, patch: dict) -> None:
    conv = make_conversation(workspace)
    _assert_error(api.patch(f"conversations/{conv.pk}", patch), 422, "validation_error")


def test_ids_beyond_bigint_in_query_and_merge(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    _assert_error(api.get(f"conversations?team={2**63}"), 422, "validation_error")
    _assert_error(api.get(f"conversations?assignee={2**63}"), 422, "invalid_assignee")
    _assert_error(api.post(f"conversations/{conv.pk}/merge", {"into": 2**64}), 422)


@pytest.mark.parametrize("value", [True, False, 1.0, "1"])
def test_an_id_must_be_a_whole_number_not_something_that_reads_as_one(
    api: ApiClient, workspace, value: object
) -> None:
    # given two conversations, the first of which a lax reading of `true` would name
    first, second = make_conversation(workspace), make_conversation(workspace)
    # when / then: nothing is merged, nobody assigned
    _assert_error(api.post(f"conversations/{second.pk}/merge", {"into": value}), 422)
    _assert_error(api.patch(f"conversations/{second.pk}", {"assignee": value}), 422)
    assert api.get(f"conversations/{first.pk}").json()["merged_into"] is None
    assert api.get(f"conversations/{second.pk}").json()["merged_into"] is None


def test_unknown_url_and_wrong_method_are_json(api: ApiClient) -> None:
    _assert_error(api.get("no-such-thing"), 404, "not_found")
    _assert_error(api.get("conversations/not-a-number"), 404, "not_found")
    r = api.client.delete("/api/v1/conversations", headers=api.headers)
    _assert_error(r, 405, "method_not_allowed")
    assert "GET" in r["Allow"]


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%not-a-cursor",
        "W10",  # []
        "WyJ4IiwgMV0",  # ["x", 1]
        "WyIwMDAxLTAxLTAxVDAwOjAwOjAwKzIzOjU5IiwgMV0",  # year 1 at +23:59: overflows UTC
        "WyIyMDI0LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwgOTIyMzM3MjAzNjg1NDc3NTgwOF0",  # 2**63
        "0J_QtdGC0YA",  # "Петр" in base64
    ],
)
def test_bad_cursors_are_400(api: ApiClient, cursor: str) -> None:
    _assert_error(api.get(f"conversations?cursor={cursor}"), 400, "bad_cursor")


def test_superscript_digits_are_not_an_assignee_id(api: ApiClient) -> None:
    _assert_error(api.get("conversations?assignee=%C2%B2"), 422, "invalid_assignee")


def test_refused_write_leaves_nothing_behind(api: ApiClient, workspace) -> None:
    # given
    conv = make_conversation(workspace)
    # when: a follower who is not a member, together with a valid status change
    r = api.patch(f"conversations/{conv.pk}", {"status": "open", "followers": [999_999]})
    # then
    _assert_error(r, 422, "invalid_follower")
    assert api.get(f"conversations/{conv.pk}").json()["status"] == "new"


@pytest.mark.parametrize("query", ["stauts=open", "=x", "limit=5&extra=1", "%C3%9A=1"])
def test_unknown_query_parameters_are_422(api: ApiClient, query: str) -> None:
    r = api.get(f"conversations?{query}")
    _assert_error(r, 422, "unknown_parameter")


def test_unknown_query_parameter_on_a_single_object(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    _assert_error(api.get(f"conversations/{conv.pk}?expand=all"), 422, "unknown_parameter")
    assert api.get(f"conversations/{conv.pk}/events?limit=5").status_code == 200


def test_repeated_query_parameter_is_422(api: ApiClient) -> None:
    _assert_error(api.get("conversations?q=a&q=b"), 422, "repeated_parameter")


def test_empty_body_is_422(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    _assert_error(api.post("conversations", raw=""), 422, "validation_error")
    _assert_error(api.patch(f"conversations/{conv.pk}", raw=""), 422, "validation_error")
