from datetime import UTC, datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from rightdesk.accounts.actions import team_create
from rightdesk.conversations.actions import conversation_update
from rightdesk.conversations.models import Conversation
from tests.factories import actor_for, make_conversation, make_member, make_workspace
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _subjects(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_inbox_lists_the_columns_a_desk_needs(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    make_conversation(workspace, subject="Parquet creaks", email="anna@example.org")
    # when
    html = _subjects(client.get(f"/w/{workspace.slug}/"))
    # then
    assert "Parquet creaks" in html
    assert "anna" in html
    for column in ["Subject", "Customer", "Status", "Priority", "Assignee", "Last activity"]:
        assert column in html


def test_filters_by_status_assignee_team_and_tag(workspace) -> None:
    # given
    client, me = member_client(workspace)
    colleague = make_member(workspace)
    team = team_create(actor=actor_for(workspace), name="Returns")
    mine = make_conversation(workspace, subject="Assigned to me")
    theirs = make_conversation(workspace, subject="Assigned to colleague")
    nobody = make_conversation(workspace, subject="Nobody has it")
    actor = actor_for(workspace)
    conversation_update(actor=actor, conversation=mine, assignee=me.pk, status="open")
    conversation_update(
        actor=actor, conversation=theirs, assignee=colleague.pk, team=team.pk, tags=["vip"]
    )
    url = f"/w/{workspace.slug}/"
    # when / then
    html = _subjects(client.get(url, {"assignee": "me"}))
    assert "Assigned to me" in html and "colleague" not in html and "Nobody has it" not in html
    html = _subjects(client.get(url, {"assignee": "none"}))
    assert "Nobody has it" in html and "Assigned to me" not in html
    html = _subjects(client.get(url, {"assignee": str(colleague.pk)}))
    assert "Assigned to colleague" in html and "Nobody has it" not in html
    html = _subjects(client.get(url, {"status": "open"}))
    assert "Assigned to me" in html and "Nobody has it" not in html
    html = _subjects(client.get(url, {"team": str(team.pk)}))
    assert "Assigned to colleague" in html and "Assigned to me" not in html
    html = _subjects(client.get(url, {"tag": "vip"}))
    assert "Assigned to colleague" in html and "Nobody has it" not in html
    assert nobody.pk


def test_search_finds_words_in_any_form(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    make_conversation(workspace, subject="Паркет", body="Мы перестелили паркет в квартирах")
    make_conversation(workspace, subject="Invoice", body="The invoice is wrong")
    # when
    html = _subjects(client.get(f"/w/{workspace.slug}/", {"q": "квартира"}))
    # then
    assert "Паркет" in html
    assert "Invoice" not in html


def test_pages_walk_every_conversation_once(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    for i in range(53):
        make_conversation(workspace, subject=f"Subject number {i:03d}")
    seen: list[str] = []
    url = f"/w/{workspace.slug}/"
    params: dict[str, str] = {}
    # when
    for _page in range(5):
        r = client.get(url, params)
        html = _subjects(r)
        seen += [f"{i:03d}" for i in range(53) if f"Subject number {i:03d}" in html]
        nxt = r.context["next_query"]
        if not nxt:
            break
        params = QueryDict(nxt).dict()
    # then
    assert sorted(seen) == [f"{i:03d}" for i in range(53)]
    assert len(seen) == 53


def test_list_costs_the_same_queries_for_10_and_1000_conversations(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    for i in range(10):
        make_conversation(workspace, subject=f"s{i}")
    url = f"/w/{workspace.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # when
    for i in range(990):
        make_conversation(workspace, subject=f"t{i}", email=f"same{i % 3}@example.org")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"assignee": "none", "q": "t1"}).status_code == 200
    with CaptureQueriesContext(connection) as many_plain:
        assert client.get(url).status_code == 200
    # then
    assert len(many_plain) == len(few)
    # the full-text match is part of the list's own query
    assert len(many) == len(few)


def test_other_workspace_never_appears_in_inbox_or_search(workspace, other_workspace) -> None:
    # given
    client, _user = member_client(workspace)
    make_conversation(other_workspace, subject="Secret of the other shop", body="secret parquet")
    make_conversation(workspace, subject="Ours", body="our parquet")
    # when
    plain = _subjects(client.get(f"/w/{workspace.slug}/"))
    found = _subjects(client.get(f"/w/{workspace.slug}/", {"q": "parquet"}))
    # then
    assert "Secret" not in plain and "Secret" not in found
    assert "Ours" in found


def test_inbox_of_a_workspace_one_does_not_belong_to_is_404(workspace, other_workspace) -> None:
    client, _user = member_client(workspace)
    assert client.get(f"/w/{other_workspace.slug}/").status_code == 404
    assert client.get("/w/no-such-place/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"status": "exploded"},
        {"assignee": "abc"},
        {"assignee": "99999999999999999999999"},
        {"team": "1; drop table"},
        {"tag": "no such tag"},
        {"q": "x" * 5000},
        {"after": "not-a-cursor"},
        {"after": "WyJ4IiwgMV0"},
    ],
)
def test_malformed_filters_are_a_clear_400(workspace, params: dict[str, str]) -> None:
    client, _user = member_client(workspace)
    r = client.get(f"/w/{workspace.slug}/", params)
    assert r.status_code == 400
    assert b'class="errors"' in r.content


def test_another_workspaces_assignee_or_team_is_refused(workspace, other_workspace) -> None:
    # given
    client, _user = member_client(workspace)
    stranger = make_member(other_workspace)
    team = team_create(actor=actor_for(other_workspace), name="Theirs")
    # when / then
    assert client.get(f"/w/{workspace.slug}/", {"assignee": stranger.pk}).status_code == 400
    assert client.get(f"/w/{workspace.slug}/", {"team": team.pk}).status_code == 400


def test_htmx_filtering_returns_only_the_result_list(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    make_conversation(workspace, subject="Only the list")
    # when
    partial = client.get(f"/w/{workspace.slug}/", headers={"HX-Request": "true"})
    restore = client.get(
        f"/w/{workspace.slug}/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    # then
    html = partial.content.decode()
    assert partial.status_code == 200
    assert "Only the list" in html
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="inbox-results"')
    assert "<html" in restore.content.decode()


def test_htmx_is_served_from_our_own_static_files(workspace) -> None:
    client, _user = member_client(workspace)
    html = client.get(f"/w/{workspace.slug}/").content.decode()
    assert "/static/web/vendor/htmx-2.0.11.min.js" in html
    assert "https://" not in html
    script = client.get("/static/web/vendor/htmx-2.0.11.min.js")
    assert script.status_code == 200


def test_times_are_shown_in_the_workspace_time_zone(db) -> None:
    # given
    tallinn = make_workspace("Tallinn Shop", timezone="Europe/Tallinn")
    client, _user = member_client(tallinn)
    conv = make_conversation(tallinn, subject="Timed")
    moment = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    Conversation.objects.filter(pk=conv.pk).update(last_activity_at=moment)
    # when
    html = client.get(f"/w/{tallinn.slug}/").content.decode()
    # then: 10:00 UTC is 12:00 in Tallinn in winter
    assert "2026-01-15T12:00:00+02:00" in html
