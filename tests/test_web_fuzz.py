"""Whatever a browser (or a stranger) sends to the forms, the answer is never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_conversation
from tests.webclient import member_client

pytestmark = pytest.mark.django_db

# Text as a form may carry it: any characters (NUL and control characters
# included) except lone surrogates, which cannot be encoded in a request.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
values = st.one_of(text, st.sampled_from(["", "0", "-1", "1", "me", "none", "open", "9" * 30]))
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def desk(workspace):  # type: ignore[no-untyped-def]
    client, _user = member_client(workspace)
    return client, workspace, make_conversation(workspace)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "status", "assignee", "team", "tag", "after"]), values
    )
)
def test_inbox_filters_never_fail(desk, params) -> None:  # type: ignore[no-untyped-def]
    client, workspace, _conv = desk
    r = client.get(f"/w/{workspace.slug}/", params)
    assert r.status_code in {200, 400}


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["status", "priority", "assignee", "team", "tags"]), values
    )
)
def test_change_form_never_fails(desk, data) -> None:  # type: ignore[no-untyped-def]
    client, workspace, conv = desk
    r = client.post(f"/w/{workspace.slug}/c/{conv.pk}/change/", data)
    assert r.status_code in {302, 400, 409, 422}


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["direction", "body", "attachment"]), values))
def test_message_form_never_fails(desk, data) -> None:  # type: ignore[no-untyped-def]
    client, workspace, conv = desk
    r = client.post(f"/w/{workspace.slug}/c/{conv.pk}/messages/", data)
    assert r.status_code in {302, 400, 422}


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["name", "language", "preferred_channel", "timezone", "tags", "notes"]),
        values,
    )
)
def test_customer_form_never_fails(desk, data) -> None:  # type: ignore[no-untyped-def]
    client, workspace, conv = desk
    r = client.post(f"/w/{workspace.slug}/customers/{conv.customer_id}/edit/", data)
    assert r.status_code in {302, 400, 422}


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "after"]), values))
def test_customer_search_never_fails(desk, params) -> None:  # type: ignore[no-untyped-def]
    client, workspace, _conv = desk
    assert client.get(f"/w/{workspace.slug}/customers/", params).status_code in {200, 400}
