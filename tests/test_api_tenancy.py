"""Tenant isolation across EVERY API route, read from the OpenAPI spec so none is forgotten.

Workspace B's objects, asked for with workspace A's token, are a 404 (never a
403 that would confirm they exist), and they never show up in A's lists or
search results. A new route fails this test until it is described below.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from rightdesk.accounts.actions import team_create
from rightdesk.channels.actions import mailbox_create
from rightdesk.conversations.actions import message_post
from rightdesk.conversations.messages import NewAttachment
from rightdesk.webhooks.actions import endpoint_create
from tests.apispec import spec_operations
from tests.conftest import ApiClient
from tests.factories import actor_for, make_conversation, make_member, make_token

pytestmark = pytest.mark.django_db

MARKER = "zebrafrost"
B_EMAIL = "zebrafrost@b.example"
B_TAG = "zebratag"


@dataclass
class WorkspaceB:
    conversation_id: int
    attachment_id: int
    customer_id: int
    user_id: int
    team_id: int
    endpoint_id: int
    mailbox_id: int


@pytest.fixture
def b(other_workspace) -> WorkspaceB:  # type: ignore[no-untyped-def]
    conversation = make_conversation(
        other_workspace,
        subject=f"The {MARKER} puzzle",
        body=f"My {MARKER} arrived broken.",
        email=B_EMAIL,
        customer_name=f"{MARKER.title()} Person",
    )
    actor = actor_for(other_workspace)
    message = message_post(
        actor=actor,
        conversation=conversation,
        direction="out",
        body_text=f"About your {MARKER}",
        attachments=[NewAttachment(f"{MARKER}.txt", "text/plain", MARKER.encode())],
    )
    user = make_member(other_workspace, email=f"{MARKER}-agent@b.example")
    team = team_create(actor=actor, name=f"{MARKER} team", members=[user])
    ApiClient(make_token(other_workspace)).patch(
        f"conversations/{conversation.pk}", {"tags": [B_TAG], "followers": [user.pk]}
    )
    endpoint = endpoint_create(actor=actor, url=f"https://{MARKER}.example.com/hook")
    mailbox = mailbox_create(
        actor=actor, address=f"{MARKER}@b.example", name=f"{MARKER} desk", team_id=team.pk
    )
    return WorkspaceB(
        endpoint_id=endpoint.pk,
        mailbox_id=mailbox.pk,
        conversation_id=conversation.pk,
        attachment_id=message.attachments.get().pk,
        customer_id=conversation.customer_id,
        user_id=user.pk,
        team_id=team.pk,
    )


# Which of B's objects each path parameter names.
PATH_PARAMS = {
    "conversation_id": lambda b: b.conversation_id,
    "attachment_id": lambda b: b.attachment_id,
    "customer_id": lambda b: b.customer_id,
    "endpoint_id": lambda b: b.endpoint_id,
    "mailbox_id": lambda b: b.mailbox_id,
}

# A valid body for each operation that takes one, so that a 404 is not hidden by a 422.
BODIES: dict[tuple[str, str], Any] = {
    ("patch", "/api/v1/conversations/{conversation_id}"): {"priority": "high"},
    ("post", "/api/v1/conversations/{conversation_id}/messages"): {"body": "Hello"},
    ("post", "/api/v1/conversations/{conversation_id}/merge"): {"into": 1},
    ("patch", "/api/v1/customers/{customer_id}"): {"name": "New name"},
    ("post", "/api/v1/customers/{customer_id}/merge"): {"into": 2**40},
    ("patch", "/api/v1/mailboxes/{mailbox_id}"): {"name": "New name"},
}

# Operations that create in A's own workspace; each has its own tenancy test
# (below, or in test_api_webhooks.py and test_customers_api.py).
CREATES = {
    ("post", "/api/v1/conversations"),
    ("post", "/api/v1/customers"),
    ("post", "/api/v1/customers/fields"),
    ("post", "/api/v1/webhooks"),
    ("post", "/api/v1/mailboxes"),
}


def _call(client: ApiClient, method: str, url: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"headers": client.headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client.client, method)(url, **kwargs)


def _leaks(response: Any) -> bool:
    return MARKER in response.content.decode(errors="replace").lower()


def test_every_operation_is_covered_by_this_matrix() -> None:
    for method, path, op in spec_operations():
        params = re.findall(r"{(\w+)}", path)
        unknown = [p for p in params if p not in PATH_PARAMS]
        assert not unknown, f"{method} {path}: tell PATH_PARAMS which object {unknown} names"
        if params and "requestBody" in op:
            assert (method, path) in BODIES, f"{method} {path}: add a valid body to BODIES"
        if not params and method != "get":
            assert (method, path) in CREATES, f"{method} {path}: add a tenancy test for it"


def test_objects_of_another_workspace_are_404_on_every_route(api: ApiClient, b) -> None:
    checked = 0
    for method, path, _op in spec_operations():
        params = re.findall(r"{(\w+)}", path)
        if not params:
            continue
        url = path
        for name in params:
            url = url.replace("{" + name + "}", str(PATH_PARAMS[name](b)))
        # when
        r = _call(api, method, url, BODIES.get((method, path)))
        # then
        assert r.status_code == 404, (method, url, r.content)
        assert r.json()["code"] == "not_found"
        assert not _leaks(r)
        checked += 1
    assert checked >= 11


def test_lists_and_searches_never_show_another_workspace(api: ApiClient, workspace, b) -> None:
    # given: A has its own data, so empty lists prove nothing by accident
    make_conversation(workspace, subject="Ordinary question")
    values = [MARKER, B_EMAIL, B_TAG, f"{MARKER} team", str(b.user_id), str(b.team_id)]
    checked = 0
    for method, path, op in spec_operations():
        if method != "get" or "{" in path:
            continue
        assert api.get(path.removeprefix("/api/v1/")).status_code == 200, path
        names = [
            p["name"]
            for p in op.get("parameters", [])
            if p["in"] == "query" and p["name"] not in {"cursor", "limit"}
        ]
        for name in names:
            for value in values:
                # when
                r = api.client.get(path, {name: value}, headers=api.headers)
                # then
                assert r.status_code < 500, (path, name, value)
                assert not _leaks(r), (path, name, value, r.content)
                checked += 1
    assert checked > 20


def test_references_to_another_workspace_look_like_nothing(api: ApiClient, workspace, b) -> None:
    # given
    mine = make_conversation(workspace)
    url = f"conversations/{mine.pk}"
    missing = 2**62
    pairs = [
        ({"assignee": b.user_id}, {"assignee": missing}),
        ({"team": b.team_id}, {"team": missing}),
        ({"followers": [b.user_id]}, {"followers": [missing]}),
    ]
    for foreign, nothing in pairs:
        # when
        r_foreign, r_nothing = api.patch(url, foreign), api.patch(url, nothing)
        # then: the same answer as for an id that does not exist at all
        assert r_foreign.status_code == r_nothing.status_code == 422
        assert r_foreign.json()["code"] == r_nothing.json()["code"]
    r = api.post(f"{url}/merge", {"into": b.conversation_id})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert api.get(f"conversations?team={b.team_id}").json()["items"] == []
    assert api.get(f"conversations?assignee={b.user_id}").json()["items"] == []
    r_foreign = api.post("mailboxes", {"address": "a@acme.example", "team": b.team_id})
    r_nothing = api.post("mailboxes", {"address": "a@acme.example", "team": missing})
    assert r_foreign.status_code == r_nothing.status_code == 422
    assert r_foreign.json() == r_nothing.json()


def test_creating_with_an_email_known_in_another_workspace(api: ApiClient, b) -> None:
    # when: A adds a customer with an address B already uses
    r = api.post("customers", {"emails": [B_EMAIL], "name": "Mine"})
    # then: no conflict that would reveal B's customer
    assert r.status_code == 201, r.content
    assert r.json()["id"] != b.customer_id
    # when: a conversation from that address
    r = api.post(
        "conversations", {"subject": "Hello", "customer": {"email": B_EMAIL}, "body": "Hi"}
    )
    # then: it belongs to A's customer, nothing of B's
    assert r.status_code == 201, r.content
    assert r.json()["customer"]["id"] not in {b.customer_id}
    assert r.json()["customer"]["name"] == "Mine"


def test_attachment_of_another_workspace_is_not_downloadable(
    api: ApiClient, other_workspace, b
) -> None:
    owner_api = ApiClient(make_token(other_workspace))
    assert owner_api.get(f"attachments/{b.attachment_id}").status_code == 200
    r = api.get(f"attachments/{b.attachment_id}")
    assert r.status_code == 404
    assert base64.b64encode(MARKER.encode()) not in r.content
