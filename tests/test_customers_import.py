from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightdesk.core.models import AuditEvent, Interface
from rightdesk.customers import csvio
from rightdesk.customers.csvimport import customers_import
from rightdesk.customers.csvio import ImportFailed
from rightdesk.customers.models import Customer
from rightdesk.search.index import search
from tests.customers_helpers import emails_of, make_customer, make_fields
from tests.factories import actor_for

pytestmark = pytest.mark.django_db

HAPPY = (
    "name,email,phone,organisations,tags,language,preferred_channel,timezone,notes,"
    "plan,custom:seats,renewal\n"
    "Anna Kask,anna@example.org,+372 5555 1234,Acme; Beta,vip;floors,et,email,Europe/Tallinn,"
    '"Likes oak,\nnot pine",pro,12,2027-01-31\n'
    "Bob,bob@example.org; BOB2@example.org,,,,English,,,,,,\n"
)


def run(workspace, text: str | bytes):  # type: ignore[no-untyped-def]
    data = text.encode() if isinstance(text, str) else text
    return customers_import(actor=actor_for(workspace, interface=Interface.CLI), data=data)


def reasons(exc: pytest.ExceptionInfo[ImportFailed]) -> list[tuple[int, str, str]]:
    return [(e.line, e.name, e.reason) for e in exc.value.errors]


def test_import_creates_customers_with_every_field(workspace) -> None:
    # given
    make_fields(workspace)
    # when
    result = run(workspace, HAPPY)
    # then
    assert (result.created, result.updated) == (2, 0)
    anna = Customer.objects.get(workspace=workspace, name="Anna Kask")
    assert emails_of(anna) == ["anna@example.org"]
    assert list(anna.contacts.filter(kind="phone").values_list("value", flat=True)) == [
        "+37255551234"
    ]
    assert sorted(anna.organisations.values_list("name", flat=True)) == ["Acme", "Beta"]
    assert sorted(anna.tags.values_list("name", flat=True)) == ["floors", "vip"]
    assert (anna.language, anna.preferred_channel, anna.timezone) == (
        "et",
        "email",
        "Europe/Tallinn",
    )
    assert anna.notes == "Likes oak,\nnot pine"
    assert anna.custom_fields == {"plan": "pro", "seats": "12", "renewal": "2027-01-31"}
    bob = Customer.objects.get(workspace=workspace, name="Bob")
    assert emails_of(bob) == ["bob2@example.org", "bob@example.org"]
    assert bob.language == "en"
    assert AuditEvent.objects.filter(verb="customers.imported", interface="cli").count() == 1


def test_reimport_updates_instead_of_duplicating(workspace) -> None:
    # given
    make_fields(workspace)
    run(workspace, HAPPY)
    # when
    result = run(
        workspace,
        "email;name;plan;tags;organisations\nanna@example.org;Anna K.;basic;gold;Gamma\n",
    )
    again = run(workspace, HAPPY)
    # then
    assert (result.created, result.updated) == (0, 1)
    assert (again.created, again.updated) == (0, 2)
    assert Customer.objects.filter(workspace=workspace).count() == 2
    anna = Customer.objects.get(workspace=workspace, contacts__value="anna@example.org")
    assert anna.name == "Anna Kask"
    assert anna.custom_fields["plan"] == "pro"
    # A file adds organisations; it does not take them away.
    assert sorted(anna.organisations.values_list("name", flat=True)) == ["Acme", "Beta", "Gamma"]


def test_reimport_matches_by_phone(workspace) -> None:
    # given
    make_customer(workspace, name="Carl", phones=["+372 5000 0000"])
    # when
    result = run(workspace, "phone,email\n+37250000000,carl@example.org\n")
    # then
    assert result.updated == 1
    assert Customer.objects.filter(workspace=workspace).count() == 1


def test_windows_1251_file(workspace) -> None:
    # given
    data = "Имя;Email;Теги\n".replace("Имя", "name").replace("Теги", "tags").encode("cp1251")
    data += "Анна Петрова;anna@example.ru;постоянный клиент\n".encode("cp1251")
    # when
    run(workspace, data)
    # then
    anna = Customer.objects.get(workspace=workspace)
    assert anna.name == "Анна Петрова"
    assert list(anna.tags.values_list("name", flat=True)) == ["постоянный клиент"]


def test_utf8_with_bom_and_tabs(workspace) -> None:
    # when
    run(workspace, "\ufeffname\temail\nОлена\tolena@example.ua\n".encode())
    # then
    assert Customer.objects.get(workspace=workspace).name == "Олена"


def test_undecodable_and_binary_files_are_refused(workspace) -> None:
    for data in (b"name,email\n\x98\x98,a@b.cd\n", b"\x89PNG\r\n\x1a\n\x00\x00"):
        with pytest.raises(ImportFailed) as exc:
            run(workspace, data)
        assert "not CSV text" in exc.value.errors[0].reason
    assert not Customer.objects.exists()


def test_every_bad_row_is_reported_and_nothing_is_written(workspace) -> None:
    # given
    make_fields(workspace)
    text = (
        "name,email,language,plan,seats,renewal,timezone\n"
        "Good,good@example.org,en,pro,1,2027-01-01,UTC\n"
        "Ragged,ragged@example.org\n"
        "Bad,not-an-email,xx,gold,many,tomorrow,Mars/Olympus\n"
    )
    # when
    with pytest.raises(ImportFailed) as exc:
        run(workspace, text)
    # then
    assert not Customer.objects.filter(workspace=workspace).exists()
    got = [(e.line, e.column, e.name) for e in exc.value.errors]
    assert got == [
        (3, 0, ""),
        (4, 2, "email"),
        (4, 3, "language"),
        (4, 4, "plan"),
        (4, 5, "seats"),
        (4, 6, "renewal"),
        (4, 7, "timezone"),
    ]
    assert "2 cells but the header has 7" in exc.value.errors[0].reason
    assert "not a valid email" in exc.value.errors[1].reason


def test_database_conflicts_roll_back_the_whole_file(workspace) -> None:
    # given: the second row's phone belongs to someone else than its email
    make_customer(workspace, name="Owner", emails=["owner@example.org"])
    make_customer(workspace, name="Other", phones=["+3725000001"])
    text = "name,email,phone\nNew,new@example.org,\nMix,owner@example.org,+3725000001\n"
    # when
    with pytest.raises(ImportFailed) as exc:
        run(workspace, text)
    # then
    assert reasons(exc) == [(3, "email", "These emails and phones belong to different customers.")]
    assert not Customer.objects.filter(workspace=workspace, name="New").exists()


def test_unknown_and_duplicate_columns(workspace) -> None:
    with pytest.raises(ImportFailed) as exc:
        run(workspace, "name,shoe_size,email,Email\nA,42,a@b.cd,a@b.cd\n")
    assert reasons(exc) == [
        (1, "shoe_size", "Unknown column."),
        (1, "Email", "The column appears twice."),
    ]


def test_ten_megabyte_cell_is_an_error_not_a_crash(workspace) -> None:
    # given
    data = b'name,notes\nHuge,"' + b"x" * (10 * 1024 * 1024) + b'"\nSmall,ok\n'
    # when
    with pytest.raises(ImportFailed) as exc:
        run(workspace, data)
    # then
    (error,) = exc.value.errors
    assert (error.line, error.column, error.name) == (2, 2, "notes")
    assert "longer than 10000 characters" in error.reason
    assert len(str(error)) < 200
    assert not Customer.objects.exists()


def test_files_over_the_limit_are_refused_before_parsing(workspace, monkeypatch) -> None:
    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFailed) as exc:
        run(workspace, "name\n" + "x\n" * 100)
    assert "larger than" in exc.value.errors[0].reason


def test_empty_file_and_blank_lines(workspace) -> None:
    with pytest.raises(ImportFailed):
        run(workspace, b"")
    result = run(workspace, "name,email\n\n,\nA,a@example.org\n\n")
    assert result.created == 1


def test_id_column_of_another_workspace_is_unknown(workspace, other_workspace) -> None:
    # given
    foreign = make_customer(other_workspace, name="Foreign")
    # when
    with pytest.raises(ImportFailed) as exc:
        run(workspace, f"id,name\n{foreign.pk},Stolen\n")
    # then
    assert reasons(exc) == [(2, "id", "There is no customer with this id.")]
    foreign.refresh_from_db()
    assert foreign.name == "Foreign"


def test_reimporting_the_same_file_records_no_changes(workspace) -> None:
    # given
    make_fields(workspace)
    run(workspace, HAPPY)
    before = AuditEvent.objects.filter(verb="customer.updated").count()
    stamps = list(Customer.objects.order_by("id").values_list("updated_at", flat=True))
    # when
    with CaptureQueriesContext(connection) as ctx:
        result = run(workspace, HAPPY)
    # then: nothing written, not even the search documents
    assert result.updated == 2
    assert AuditEvent.objects.filter(verb="customer.updated").count() == before
    assert list(Customer.objects.order_by("id").values_list("updated_at", flat=True)) == stamps
    assert not [q for q in ctx.captured_queries if "searchdocument" in q["sql"].lower()]


def test_a_changed_row_is_found_by_its_new_words(workspace) -> None:
    # given
    run(workspace, "name,email\nAnna Tamm,anna@example.ee\n")
    # when
    run(workspace, "name,email\nAnna Kask,anna@example.ee\n")
    # then
    assert search(workspace_id=workspace.pk, q="Kask").customer_ids
    assert not search(workspace_id=workspace.pk, q="Tamm").customer_ids


def test_empty_trailing_columns_are_ignored_unless_they_hold_data(workspace) -> None:
    # when
    result = run(workspace, "Name;E-mail;;\nAnna;anna@example.org;;\n")
    # then
    assert result.created == 1
    with pytest.raises(ImportFailed) as exc:
        run(workspace, "name,email,\nBob,bob@example.org,surprise\n")
    assert reasons(exc) == [(2, "", "This column has no name in the header.")]
    assert exc.value.errors[0].column == 3
