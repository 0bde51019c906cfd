from __future__ import annotations

import csv
import io

import pytest

from rightdesk.customers.models import Customer
from tests.conftest import ApiClient
from tests.customers_helpers import make_customer, make_fields
from tests.factories import make_conversation, make_member, make_token

pytestmark = pytest.mark.django_db

FULL = {
    "name": "Anna Kask",
    "emails": ["Anna@Example.org", "anna.k@example.org"],
    "phones": ["+372 5555 1234"],
    "organisations": ["Acme", "Beta"],
    "tags": ["vip"],
    "notes": "Prefers mornings.",
    "language": "et",
    "preferred_channel": "phone",
    "timezone": "Europe/Tallinn",
    "custom_fields": {"plan": "pro", "seats": 3, "renewal": "2027-01-31"},
}


def test_every_customer_field_is_written_and_read(api: ApiClient, workspace) -> None:
    # given
    make_fields(workspace)
    # when
    r = api.post("customers", FULL)
    # then
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["emails"] == ["anna@example.org", "anna.k@example.org"]
    assert created["phones"] == ["+37255551234"]
    assert created["organisations"] == ["Acme", "Beta"]
    assert created["custom_fields"] == {"plan": "pro", "seats": "3", "renewal": "2027-01-31"}
    assert api.get(f"customers/{created['id']}").json() == created


def test_patch_replaces_lists_and_sets_custom_fields_one_by_one(api: ApiClient, workspace) -> None:
    # given
    make_fields(workspace)
    cid = api.post("customers", FULL).json()["id"]
    # when
    r = api.patch(
        f"customers/{cid}",
        {
            "emails": ["anna.k@example.org", "new@example.org"],
            "phones": [],
            "organisations": ["Gamma"],
            "tags": ["gold", "vip"],
            "preferred_channel": "email",
            "custom_fields": {"seats": None, "account": "A-17"},
        },
    )
    # then
    assert r.status_code == 200, r.content
    got = r.json()
    assert got["emails"] == ["anna.k@example.org", "new@example.org"]
    assert got["phones"] == []
    assert got["organisations"] == ["Gamma"]
    assert got["tags"] == ["gold", "vip"]
    assert got["preferred_channel"] == "email"
    assert got["custom_fields"] == {
        "plan": "pro",
        "seats": None,
        "renewal": "2027-01-31",
        "account": "A-17",
    }
    assert got["name"] == "Anna Kask"


@pytest.mark.parametrize(
    "body, code",
    [
        ({"language": "xx"}, "validation_error"),
        ({"timezone": "Mars/Olympus"}, "validation_error"),
        ({"preferred_channel": "pigeon"}, "validation_error"),
        ({"custom_fields": {"plan": "gold"}}, "invalid_custom_field"),
        ({"custom_fields": {"seats": "many"}}, "invalid_custom_field"),
        ({"custom_fields": {"renewal": "tomorrow"}}, "invalid_custom_field"),
        ({"custom_fields": {"nope": "1"}}, "invalid_custom_field"),
        ({"custom_fields": {"account": {"nested": 1}}}, "invalid_custom_field"),
        ({"emails": ["not-an-email"]}, "invalid_email"),
    ],
)
def test_bad_field_values_are_422(api: ApiClient, workspace, body, code) -> None:
    make_fields(workspace)
    cid = make_customer(workspace, name="A").pk
    r = api.patch(f"customers/{cid}", body)
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code


def test_contact_of_another_customer_is_a_conflict(api: ApiClient, workspace) -> None:
    make_customer(workspace, name="Owner", emails=["owner@example.org"])
    cid = make_customer(workspace, name="B").pk
    r = api.patch(f"customers/{cid}", {"emails": ["owner@example.org"]})
    assert r.status_code == 409
    assert r.json()["code"] == "contact_taken"


def test_merge_through_the_api(api: ApiClient, workspace) -> None:
    # given
    conversation = make_conversation(workspace, email="old@example.org")
    source = conversation.customer
    target = make_customer(workspace, name="Target", emails=["new@example.org"])
    # when
    r = api.post(f"customers/{source.pk}/merge", {"into": target.pk})
    # then
    assert r.status_code == 200, r.content
    assert r.json()["id"] == target.pk
    assert sorted(r.json()["emails"]) == ["new@example.org", "old@example.org"]
    assert api.get(f"conversations/{conversation.pk}").json()["customer"]["id"] == target.pk
    gone = api.get(f"customers/{source.pk}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "customer_merged"
    assert gone.json()["details"] == {"merged_into": target.pk}
    assert api.patch(f"customers/{source.pk}", {"name": "x"}).status_code == 404
    listed = [c["id"] for c in api.get("customers").json()["items"]]
    assert listed == [target.pk]
    again = api.post(f"customers/{source.pk}/merge", {"into": target.pk})
    assert again.status_code == 409
    selfish = api.post(f"customers/{target.pk}/merge", {"into": target.pk})
    assert selfish.status_code == 422
    assert selfish.json()["code"] == "merge_into_self"


def test_merge_needs_the_permission(workspace) -> None:
    # given
    agent = ApiClient(make_token(workspace, make_member(workspace, role="agent")))
    a = make_customer(workspace, name="A")
    b = make_customer(workspace, name="B")
    # when
    r = agent.post(f"customers/{a.pk}/merge", {"into": b.pk})
    # then
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    assert agent.get("customers/export.csv").status_code == 403


def test_another_workspaces_customers_are_not_found(
    api: ApiClient, workspace, other_workspace
) -> None:
    # given
    mine = make_customer(workspace, name="Mine")
    foreign = make_customer(other_workspace, name="Foreign", emails=["f@example.org"])
    # then
    assert api.get(f"customers/{foreign.pk}").status_code == 404
    assert api.patch(f"customers/{foreign.pk}", {"name": "x"}).status_code == 404
    assert api.post(f"customers/{foreign.pk}/merge", {"into": mine.pk}).status_code == 404
    r = api.post(f"customers/{mine.pk}/merge", {"into": foreign.pk})
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    assert api.get("customers?email=f@example.org").json()["items"] == []
    foreign.refresh_from_db()
    assert (foreign.name, foreign.merged_into_id) == ("Foreign", None)


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[]",
        "null",
        '{"into": "abc"}',
        '{"into": true}',
        '{"into": 1e40}',
        '{"into": -1}',
        '{"into": 99999999999999999999999}',
        '{"into": 1, "extra": 2}',
        "{}",
    ],
)
def test_malformed_merge_bodies_are_clean_4xx(api: ApiClient, workspace, raw: str) -> None:
    cid = make_customer(workspace, name="A").pk
    r = api.post(f"customers/{cid}/merge", raw=raw)
    assert 400 <= r.status_code < 500, r.content
    assert set(r.json()) == {"code", "message", "details"}


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[]",
        '{"emails": "a@b.cd"}',
        '{"tags": [1, {}]}',
        '{"custom_fields": []}',
        '{"name": "x", "extra": 1}',
        '{"notes": ' + '"' + "n" * 20001 + '"}',
    ],
)
def test_malformed_customer_bodies_are_clean_4xx(api: ApiClient, raw: str) -> None:
    r = api.post("customers", raw=raw)
    assert 400 <= r.status_code < 500, r.content
    assert set(r.json()) == {"code", "message", "details"}


def test_huge_ids_are_not_found(api: ApiClient) -> None:
    assert api.get("customers/99999999999999999999999").status_code == 404


def test_export_csv_is_scoped_and_safe(api: ApiClient, workspace, other_workspace) -> None:
    # given
    make_customer(workspace, name="=cmd|' /C calc'!A0", emails=["a@example.org"])
    make_customer(other_workspace, name="Stranger", emails=["s@example.org"])
    # when
    r = api.get("customers/export.csv")
    # then
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    body = b"".join(r.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["name"] for row in rows] == ["'=cmd|' /C calc'!A0"]
    assert "Stranger" not in body


def test_custom_fields_are_defined_then_used(api: ApiClient, workspace) -> None:
    # when
    r = api.post(
        "customers/fields",
        {"key": "tier", "label": "Tier", "kind": "choice", "choices": ["gold", "silver"]},
    )
    # then
    assert r.status_code == 201, r.content
    assert api.get("customers/fields").json() == [
        {"key": "tier", "label": "Tier", "kind": "choice", "choices": ["gold", "silver"]}
    ]
    cid = make_customer(workspace, name="A").pk
    assert api.patch(f"customers/{cid}", {"custom_fields": {"tier": "gold"}}).status_code == 200
    assert api.patch(f"customers/{cid}", {"custom_fields": {"tier": "iron"}}).status_code == 422
    again = api.post("customers/fields", {"key": "tier", "label": "T", "kind": "text"})
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {"key": "Bad Key!", "label": "x", "kind": "text"},
        {"key": "email", "label": "x", "kind": "text"},
        {"key": "ok", "label": "", "kind": "text"},
        {"key": "ok", "label": "x", "kind": "choice"},
        {"key": "ok", "label": "x", "kind": "colour"},
    ],
)
def test_bad_custom_field_definitions_are_422(api: ApiClient, body) -> None:
    r = api.post("customers/fields", body)
    assert r.status_code == 422, r.content
    assert api.get("customers/fields").json() == []


def test_nul_characters_are_refused_and_nothing_is_written(api: ApiClient, workspace) -> None:
    # given
    make_fields(workspace)
    for body in (
        {"name": "Nul\u0000l"},
        {"notes": "a\u0000b"},
        {"tags": ["t\u0000"]},
        {"organisations": ["o\u0000"]},
        {"custom_fields": {"account": "x\u0000y"}},
        {"emails": ["a\u0000@example.org"]},
    ):
        # when
        r = api.post("customers", body)
        # then
        assert r.status_code == 422, (body, r.content)
        assert r.json()["code"] == "invalid_characters"
    assert api.get("customers?email=a%00b@example.org").status_code == 422
    assert not Customer.objects.filter(workspace=workspace).exists()
