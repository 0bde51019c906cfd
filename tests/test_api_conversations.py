import pytest

from rightdesk.accounts.models import Membership
from tests.conftest import ApiClient
from tests.factories import make_conversation, make_member, make_token

pytestmark = pytest.mark.django_db


def test_create_then_read_conversation(api: ApiClient) -> None:
    # when
    r = api.post(
        "conversations",
        {
            "subject": "Скрипит паркет",
            "customer": {"email": "Anna@Example.org", "name": "Анна"},
            "body": "Паркет скрипит в спальне.",
        },
    )
    # then
    assert r.status_code == 201, r.content
    conv = r.json()
    assert conv["status"] == "new"
    assert conv["customer"]["email"] == "anna@example.org"
    messages = api.get(f"conversations/{conv['id']}/messages").json()["items"]
    assert [m["direction"] for m in messages] == ["in"]
    assert messages[0]["author"]["type"] == "customer"
    assert messages[0]["body_text"] == "Паркет скрипит в спальне."


@pytest.mark.parametrize("known", [False, True])
def test_create_answers_what_a_later_read_returns(api: ApiClient, workspace, known: bool) -> None:
    # given: a customer known by a second, non-primary email address, or nobody yet
    if known:
        made = api.post(
            "customers", {"name": "Mari", "emails": ["mari@example.ee", "mari.tamm@example.ee"]}
        )
        assert made.status_code == 201, made.content
    # when
    r = api.post(
        "conversations",
        {
            "subject": "Arve",
            "customer": {"email": "Mari.Tamm@example.ee", "name": "Mari Tamm"},
            "body": "Palun saatke arve.",
        },
    )
    # then: the answer is the conversation as stored, field for field
    assert r.status_code == 201, r.content
    read = api.get(f"conversations/{r.json()['id']}")
    assert r.json() == read.json()
    primary = "mari@example.ee" if known else "mari.tamm@example.ee"
    assert read.json()["customer"]["email"] == primary
    assert read.json()["message_count"] == 1


def test_reply_and_status_graph(api: ApiClient, workspace) -> None:
    conv = make_conversation(workspace)
    r = api.post(f"conversations/{conv.pk}/messages", {"body": "We are on it."})
    assert r.status_code == 201
    assert r.json()["direction"] == "out"
    assert (
        api.patch(f"conversations/{conv.pk}", {"status": "resolved"}).json()["status"] == "resolved"
    )
    r = api.patch(f"conversations/{conv.pk}", {"status": "pending"})
    assert r.status_code == 409
    assert r.json()["code"] == "invalid_transition"


def test_without_token_is_401(db) -> None:
    r = ApiClient(None).get("conversations")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized"


def test_other_workspace_is_404(api: ApiClient, other_workspace) -> None:
    foreign = make_conversation(other_workspace, subject="Secret")
    assert api.get(f"conversations/{foreign.pk}").status_code == 404
    assert api.patch(f"conversations/{foreign.pk}", {"status": "open"}).status_code == 404
    assert api.post(f"conversations/{foreign.pk}/messages", {"body": "x"}).status_code == 404
    assert all(c["id"] != foreign.pk for c in api.get("conversations").json()["items"])
    other_api = ApiClient(make_token(other_workspace))
    assert other_api.get(f"conversations/{foreign.pk}").status_code == 200


def test_cursor_pagination_walks_every_row_once(api: ApiClient, workspace) -> None:
    ids = {make_conversation(workspace, subject=f"n{i}").pk for i in range(7)}
    seen: list[int] = []
    page = api.get("conversations?limit=3").json()
    while True:
        seen += [c["id"] for c in page["items"]]
        if not page["next"]:
            break
        page = api.get(f"conversations?limit=3&cursor={page['next']}").json()
    assert sorted(seen) == sorted(ids)


def test_search_pages_walk_every_match_newest_activity_first(
    api: ApiClient, workspace, other_workspace
) -> None:
    # given seven matches among other conversations, and a match in another workspace
    matches = [make_conversation(workspace, body=f"Arved {i}").pk for i in range(7)]
    make_conversation(workspace, body="Tarne hilineb")
    make_conversation(other_workspace, body="Arved")
    # when the search is read three at a time
    seen: list[int] = []
    page = api.get("conversations?q=arvet&limit=3").json()
    while True:
        seen += [c["id"] for c in page["items"]]
        if not page["next"]:
            break
        page = api.get(f"conversations?q=arvet&limit=3&cursor={page['next']}").json()
    # then every match comes once, the latest activity first
    assert seen == matches[::-1]


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        "[]",
        '{"subject": 5}',
        "null",
        '{"subject":"a","customer":{"email":"x@y.z"},"body":"b","extra":1}',
    ],
)
def test_malformed_bodies_are_clean_4xx(api: ApiClient, raw: str) -> None:
    r = api.post("conversations", raw=raw)
    assert 400 <= r.status_code < 500
    assert set(r.json()) == {"code", "message", "details"}


def test_bad_cursor(api: ApiClient) -> None:
    r = api.get("conversations?cursor=%%%not-a-cursor")
    assert r.status_code == 400
    assert r.json()["code"] == "bad_cursor"


def test_refused_transition_is_explained_in_the_callers_language(api: ApiClient, workspace) -> None:
    # given
    conv = make_conversation(workspace)
    api.patch(f"conversations/{conv.pk}", {"status": "resolved"})
    api.headers["Accept-Language"] = "ru"
    # when
    r = api.patch(f"conversations/{conv.pk}", {"status": "pending"})
    # then
    assert r.status_code == 409
    body = r.json()
    assert body["message"] == "Обращение нельзя перевести из статуса «решено» в «ожидает»."
    assert body["details"] == {"from": "resolved", "to": "pending"}


def test_a_token_stops_working_when_its_person_is_deactivated_or_leaves(workspace) -> None:
    # given
    person = make_member(workspace)
    api = ApiClient(make_token(workspace, person))
    assert api.get("conversations").status_code == 200
    # when the person is deactivated
    person.is_active = False
    person.save(update_fields=["is_active"])
    # then
    assert api.get("conversations").status_code == 401
    # when active again, but no longer a member
    person.is_active = True
    person.save(update_fields=["is_active"])
    Membership.objects.filter(user=person, workspace=workspace).delete()
    # then
    assert api.get("conversations").status_code == 401
