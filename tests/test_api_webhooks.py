"""/api/v1/webhooks: endpoints, the secret shown once, deliveries with their status."""

from __future__ import annotations

from typing import Any

import pytest

from rightdesk.core.models import AuditEvent
from rightdesk.webhooks.actions import delivery_attempt
from rightdesk.webhooks.models import EVENTS, Delivery, Endpoint
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_member, make_token, make_webhook
from tests.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_webhooks")]


def attempt_all() -> list[str]:
    ids = Delivery.objects.order_by("pk").values_list("pk", flat=True)
    return [delivery_attempt(delivery_id=pk) for pk in ids]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "https://user:pw@example.com/hook",
        "https://token@example.com/hook",
        "example.com/hook",
        "https:///hook",
        "https://example.com:99999/hook",
        "https://exa mple.com/hook",
        "https://example.com/" + "a" * 500,
    ],
)
def test_bad_urls_are_a_clear_422(api: ApiClient, url: str) -> None:
    r = api.post("webhooks", {"url": url})
    assert r.status_code == 422, r.content
    assert r.json()["code"] in {"invalid_url", "validation_error"}
    assert r.json()["message"]
    assert not Endpoint.objects.exists()


def test_api_create_list_deliveries_delete(
    api: ApiClient, workspace: Any, receiver: Receiver
) -> None:
    # when
    r = api.post("webhooks", {"url": receiver.url, "events": ["conversation.created"]})
    # then the secret is shown once
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["events"] == ["conversation.created"]
    assert len(created["secret"]) >= 32
    listed = api.get("webhooks").json()
    assert [e["id"] for e in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert AuditEvent.objects.filter(verb="webhook.created", object_id=created["id"]).exists()
    # when a conversation is delivered, after one failure
    receiver.statuses = [500, 200]
    make_conversation(workspace)
    attempt_all()
    # then the delivery list says what happened
    page = api.get(f"webhooks/{created['id']}/deliveries").json()
    assert page["next"] is None
    [item] = page["items"]
    assert item["event"] == "conversation.created"
    assert (item["status"], item["attempts"], item["last_status_code"]) == ("pending", 1, 500)
    assert item["next_attempt_at"] is not None
    # when
    r = api._call("delete", f"webhooks/{created['id']}")
    # then
    assert r.status_code == 204
    assert api.get("webhooks").json() == []
    assert api._call("delete", f"webhooks/{created['id']}").status_code == 404
    assert AuditEvent.objects.filter(verb="webhook.deleted", object_id=created["id"]).exists()


def test_api_other_workspace_is_404(api: ApiClient, other_workspace: Any) -> None:
    foreign = make_webhook(other_workspace, "https://example.com/hook")
    assert api.get(f"webhooks/{foreign.pk}/deliveries").status_code == 404
    assert api._call("delete", f"webhooks/{foreign.pk}").status_code == 404
    assert api.get("webhooks").json() == []
    assert Endpoint.objects.filter(pk=foreign.pk).exists()


def test_api_needs_workspace_manage(workspace: Any) -> None:
    agent_api = ApiClient(make_token(workspace, make_member(workspace, role="agent")))
    assert agent_api.get("webhooks").status_code == 403
    r = agent_api.post("webhooks", {"url": "https://example.com/hook"})
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    assert not Endpoint.objects.exists()


def test_api_deliveries_page_with_cursor(api: ApiClient, workspace: Any) -> None:
    endpoint = make_webhook(workspace, "https://example.com/hook", events=["conversation.created"])
    for i in range(5):
        make_conversation(workspace, subject=f"n{i}")
    seen: list[int] = []
    page = api.get(f"webhooks/{endpoint.pk}/deliveries?limit=2").json()
    while True:
        seen += [d["id"] for d in page["items"]]
        if not page["next"]:
            break
        page = api.get(f"webhooks/{endpoint.pk}/deliveries?limit=2&cursor={page['next']}").json()
    assert sorted(seen) == sorted(Delivery.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[]",
        "null",
        '{"url": 5}',
        '{"url": "https://example.com/h", "events": ["ticket.exploded"]}',
        '{"url": "https://example.com/h", "events": "message.created"}',
        '{"url": "https://example.com/h", "secret": "mine"}',
    ],
)
def test_api_malformed_bodies_are_clean_4xx(api: ApiClient, raw: str) -> None:
    r = api.post("webhooks", raw=raw)
    assert 400 <= r.status_code < 500
    assert set(r.json()) == {"code", "message", "details"}
    assert not Endpoint.objects.exists()


def test_api_offers_every_event(api: ApiClient) -> None:
    spec = api.client.get("/api/v1/openapi.json").json()
    schema = spec["components"]["schemas"]["EndpointIn"]["properties"]["events"]
    offered = next(s for s in schema["anyOf"] if s.get("type") == "array")["items"]["enum"]
    assert sorted(offered) == sorted(EVENTS)
