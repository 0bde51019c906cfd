"""Fuzz API v1 from its own OpenAPI spec: no server errors, every answer as documented.

Runs in-process through the WSGI application with a real token and the real
database. Random ids almost never name a real row, so a share of the path ids
(and merge targets) is drawn from rows made for the run: the fuzzer then also
reaches the code behind a successful lookup.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Attachment
from rightdesk.wsgi import application
from tests.factories import make_conversation, make_token, make_workspace

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Ids of rows made for the current test; read while examples are drawn.
REAL_IDS: dict[str, list[int]] = {}
PENDING = "token-of-the-running-test"


@schema.auth(refresh_interval=None)
class BearerToken:
    """Through schemathesis' own auth hook, so that cases which deliberately drop
    the header are sent without it (and must be a 401)."""

    def get(self, case: Any, ctx: Any) -> str:
        return PENDING

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _valid(value: Any) -> bool:
    """An id the spec allows (a negative case's id is out of range, or not a number)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 2**63 - 1


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    # Only valid ids are swapped, so a deliberately invalid one stays invalid.
    known = {
        k: REAL_IDS[k] for k, v in (path_parameters or {}).items() if REAL_IDS.get(k) and _valid(v)
    }
    if not known:
        return st.just(path_parameters)
    real = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in known.items()})
    # Real rows first: Hypothesis leans towards the first choice.
    return st.one_of(real.map(lambda r: {**path_parameters, **r}), st.just(path_parameters))


@schema.hook
def flatmap_body(context: Any, body: Any) -> Any:
    if not (isinstance(body, dict) and _valid(body.get("into"))):
        return st.just(body)
    targets = st.sampled_from(REAL_IDS.get("conversation_id") or [1])
    return st.one_of(targets.map(lambda pk: {**body, "into": pk}), st.just(body))


@pytest.fixture
def in_test_transaction():  # type: ignore[no-untyped-def]
    """Requests reach the WSGI app directly, as in production; Django would then close
    the connection at the end of each request, and with it the test's transaction
    (django.test.Client detaches the same handlers for the same reason)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, in_test_transaction) -> str:  # type: ignore[no-untyped-def]
    workspace = make_workspace("Fuzzed Floors")
    conversations = [
        make_conversation(
            workspace,
            subject=f"Conversation {i}",
            attachments=[NewAttachment(f"note{i}.txt", "text/plain", b"hello")],
        )
        for i in range(4)
    ]
    REAL_IDS.clear()
    REAL_IDS["conversation_id"] = [c.pk for c in conversations]
    REAL_IDS["customer_id"] = [c.customer_id for c in conversations]
    REAL_IDS["attachment_id"] = list(
        Attachment.objects.filter(workspace=workspace).values_list("pk", flat=True)
    )
    return make_token(workspace)


@schema.parametrize()
@settings(
    # Small by default so the suite stays quick; RIGHTDESK_FUZZ_EXAMPLES=500 digs deeper.
    max_examples=int(os.environ.get("RIGHTDESK_FUZZ_EXAMPLES", "25")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_follows_its_spec(case, token: str) -> None:  # type: ignore[no-untyped-def]
    # Every check runs except "schema-valid data is accepted": an opaque cursor,
    # a move off the status graph or a duplicate email is well-formed and still
    # wrong, and the API rightly answers those with a documented 4xx.
    # Some cases are built while tests are collected, before any token exists:
    # the real token goes in now, and only where the auth hook put one.
    if (case.headers or {}).get("Authorization") == f"Bearer {PENDING}":
        case.headers["Authorization"] = f"Bearer {token}"
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_api_follows_its_spec_along_its_links(token: str) -> None:
    """The stateful phase: chains that the spec's links describe (create -> get -> change)."""
    from hypothesis.stateful import run_state_machine_as_test

    class Chains(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            # Only where the auth hook put one: some cases drop or spoil it on purpose.
            if (case.headers or {}).get("Authorization") == f"Bearer {PENDING}":
                case.headers["Authorization"] = f"Bearer {token}"

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

    run_state_machine_as_test(
        Chains,
        settings=settings(
            max_examples=int(os.environ.get("RIGHTDESK_FUZZ_EXAMPLES", "25")) // 8 or 1,
            stateful_step_count=4,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
