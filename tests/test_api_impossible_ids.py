"""An id no row can have (0, beyond 64 bits) is a 404 in a path and a clear 4xx elsewhere.

Every route is read from the OpenAPI spec, as in the tenancy matrix, so a new
route is tried without being named here.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.apispec import spec_operations
from tests.conftest import ApiClient
from tests.factories import make_conversation
from tests.test_api_tenancy import BODIES

pytestmark = pytest.mark.django_db

IMPOSSIBLE = ["0", str(2**63), str(2**64), "38600149632896163840", "9" * 40, "1" + "0" * 30]


def _call(api: ApiClient, method: str, url: str, body: Any = None, query: Any = None) -> Any:
    kwargs: dict[str, Any] = {"headers": api.headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    if query is not None:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return getattr(api.client, method)(url, **kwargs)


def test_impossible_path_ids_are_404_on_every_route(api: ApiClient, workspace) -> None:
    # given: a real conversation, so that a second id in a body can be found
    make_conversation(workspace)
    checked = 0
    for method, path, _op in spec_operations():
        if "{" not in path:
            continue
        for value in IMPOSSIBLE:
            url = re.sub(r"{\w+}", value, path)
            # when
            r = _call(api, method, url, BODIES.get((method, path)))
            # then
            assert r.status_code == 404, (method, url, r.content)
            assert r.json()["code"] == "not_found"
            checked += 1
    assert checked >= 12 * len(IMPOSSIBLE)


def test_the_reported_customer_merge_is_404(api: ApiClient) -> None:
    r = api.post("customers/38600149632896163840/merge", {"into": 12751462645})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")


def test_the_spec_says_which_path_ids_exist() -> None:
    for _method, path, op in spec_operations():
        for p in op.get("parameters", []):
            if p["in"] == "path":
                assert p["schema"]["maximum"] == 2**63 - 1, (path, p)
                assert p["schema"]["minimum"] == 1, (path, p)


def test_impossible_ids_in_query_strings_are_a_clear_4xx(api: ApiClient, workspace) -> None:
    make_conversation(workspace)
    checked = 0
    for method, path, op in spec_operations():
        if method != "get" or "{" in path:
            continue
        for p in op.get("parameters", []):
            if p["in"] != "query" or p["name"] in {"limit", "cursor"}:
                continue
            for value in IMPOSSIBLE:
                # when
                r = _call(api, method, path, query={p["name"]: value})
                # then: found nothing, or refused with a stable code
                assert r.status_code in (200, 404, 422), (path, p["name"], value, r.content)
                if r.status_code != 200:
                    assert r.json()["code"]
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("value", [0, 2**63, 2**64, 38600149632896163840])
def test_impossible_ids_in_bodies_are_422(api: ApiClient, workspace, value: int) -> None:
    conversation = make_conversation(workspace)
    url = f"conversations/{conversation.pk}"
    cases = [
        ("patch", url, {"assignee": value}),
        ("patch", url, {"team": value}),
        ("patch", url, {"followers": [value]}),
        ("post", f"{url}/merge", {"into": value}),
        ("post", f"customers/{conversation.customer_id}/merge", {"into": value}),
    ]
    for method, path, body in cases:
        r = getattr(api, method)(path, body)
        assert r.status_code == 422, (path, body, r.content)
        assert r.json()["code"] in {"validation_error", "invalid_assignee", "invalid_team"}
