import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.customers.actions import customer_create, customer_update
from rightdesk.customers.models import Customer, CustomField
from tests.factories import actor_for, make_conversation
from tests.webclient import member_client

pytestmark = pytest.mark.django_db


def _customer(workspace, **fields) -> Customer:  # type: ignore[no-untyped-def]
    return customer_create(actor=actor_for(workspace), **fields)


def test_customer_page_shows_everything_about_them(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    CustomField.objects.create(workspace=workspace, key="plan", label="Plan", kind="text")
    customer = _customer(
        workspace,
        name="Anna Kask",
        emails=["anna@example.org"],
        phones=["+372 5555 1234"],
        organisations=["Kask OÜ"],
        tags=["vip"],
        notes="Prefers mornings",
        language="et",
        preferred_channel="phone",
        timezone="Europe/Tallinn",
        custom_fields={"plan": "Gold"},
    )
    make_conversation(workspace, subject="Her parquet", email="anna@example.org")
    # when
    r = client.get(f"/w/{workspace.slug}/customers/{customer.pk}/")
    # then
    assert r.status_code == 200
    html = r.content.decode()
    for text in [
        "Anna Kask",
        "anna@example.org",
        "+37255551234",
        "Kask OÜ",
        "vip",
        "Prefers mornings",
        "Eesti",
        "Europe/Tallinn",
        "Plan",
        "Gold",
        "Her parquet",
    ]:
        assert text in html, text


def test_customer_list_and_search(workspace, other_workspace) -> None:
    # given
    client, _user = member_client(workspace)
    _customer(workspace, name="Иван Петров", emails=["ivan@example.org"])
    _customer(workspace, name="Mari Tamm", emails=["mari@example.org"])
    _customer(other_workspace, name="Иван Чужой", emails=["ivan@other.org"])
    url = f"/w/{workspace.slug}/customers/"
    # when
    everyone = client.get(url).content.decode()
    found = client.get(url, {"q": "иван"}).content.decode()
    # then
    assert "Иван Петров" in everyone and "Mari Tamm" in everyone
    assert "Чужой" not in everyone
    assert "Иван Петров" in found and "Mari Tamm" not in found and "Чужой" not in found


def test_customer_list_costs_the_same_queries_for_few_and_many(workspace) -> None:
    client, _user = member_client(workspace)
    url = f"/w/{workspace.slug}/customers/"
    for i in range(5):
        _customer(workspace, name=f"c{i}", emails=[f"c{i}@example.org"], tags=["t"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(60):
        _customer(workspace, name=f"d{i:02d}", emails=[f"d{i}@example.org"], tags=["t", "u"])
    with CaptureQueriesContext(connection) as many:
        r = client.get(url)
    assert r.context["next_query"]
    assert len(many) == len(few)


def test_customer_edit(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    customer = _customer(workspace, name="Old", emails=["old@example.org"])
    # when
    r = client.post(
        f"/w/{workspace.slug}/customers/{customer.pk}/edit/",
        {"name": "New Name", "language": "uk", "timezone": "Europe/Kyiv", "tags": "a, b"},
    )
    # then
    assert r.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.language, customer.timezone) == (
        "New Name",
        "uk",
        "Europe/Kyiv",
    )
    assert sorted(t.name for t in customer.tags.all()) == ["a", "b"]


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x" * 201},
        {"language": "klingon"},
        {"preferred_channel": "pigeon"},
        {"timezone": "Mars/Base"},
        {"notes": "n" * 1_000_000},
        {"tags": ",".join(f"t{i}" for i in range(60))},
    ],
)
def test_hostile_customer_edit_changes_nothing(workspace, data: dict[str, str]) -> None:
    client, _user = member_client(workspace)
    customer = _customer(workspace, name="Keep", emails=["keep@example.org"])
    r = client.post(f"/w/{workspace.slug}/customers/{customer.pk}/edit/", data)
    assert r.status_code == 400
    assert b'class="errors"' in r.content
    customer.refresh_from_db()
    assert customer.name == "Keep"
    assert customer.tags.count() == 0


def test_customer_edit_saves_only_what_was_changed(workspace) -> None:
    # given: the edit form as the page shows it
    client, _user = member_client(workspace)
    customer = _customer(workspace, name="Anna", emails=["anna@example.org"], notes="old notes")
    form = client.get(f"/w/{workspace.slug}/customers/{customer.pk}/").context["form"]
    seen = {}
    for name in form.fields:
        seen[name] = seen[f"initial-{name}"] = form[name].value() or ""
    # and meanwhile someone else rewrites the notes
    customer_update(actor=actor_for(workspace), customer=customer, notes="new notes")
    # when
    r = client.post(
        f"/w/{workspace.slug}/customers/{customer.pk}/edit/", {**seen, "name": "Anna K."}
    )
    # then
    assert r.status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.notes) == ("Anna K.", "new notes")


def test_customer_page_costs_the_same_queries_for_few_and_many_conversations(workspace) -> None:
    # given
    client, _user = member_client(workspace)
    CustomField.objects.create(workspace=workspace, key="plan", label="Plan", kind="text")
    customer = _customer(workspace, name="Busy", emails=["busy@example.org"], tags=["a"])
    url = f"/w/{workspace.slug}/customers/{customer.pk}/"
    make_conversation(workspace, email="busy@example.org")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # when
    for i in range(30):
        make_conversation(workspace, subject=f"again {i}", email="busy@example.org")
    with CaptureQueriesContext(connection) as many:
        r = client.get(url)
    # then
    assert "again 29" in r.content.decode()
    assert len(many) == len(few)
