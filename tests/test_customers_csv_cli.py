from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from rightdesk.core.models import AuditEvent
from rightdesk.customers.models import Customer
from rightdesk.flows.customers import customer_merge
from tests.conftest import run_cli
from tests.customers_helpers import emails_of, make_customer, make_fields
from tests.factories import actor_for

pytestmark = pytest.mark.django_db


def test_import_then_export_round_trips(workspace, capsys, tmp_path: Path) -> None:
    # given
    make_fields(workspace)
    source = tmp_path / "in.csv"
    source.write_text(
        "name,email,phone,tags,plan,seats,notes\n"
        'Anna,anna@example.org,+372 5555 1234,vip;floors,pro,-5,=HYPERLINK("http://x")\n'
        "Bob,bob@example.org,,,,,@SUM(A1)\n",
        encoding="utf-8",
    )
    # when
    code, out, err = run_cli(
        capsys, "customers", "import", "--workspace", workspace.slug, str(source)
    )
    # then
    assert (code, err) == (0, "")
    assert out == "Imported 2 customers: 2 created, 0 updated.\n"

    # when
    exported = tmp_path / "out.csv"
    code, out, err = run_cli(
        capsys, "customers", "export", "--workspace", workspace.slug, "--output", str(exported)
    )
    # then
    assert (code, out, err) == (0, "", "")
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    anna = next(r for r in rows if r["name"] == "Anna")
    assert anna["notes"] == '\'=HYPERLINK("http://x")'
    assert anna["phones"] == "'+37255551234"
    assert anna["custom:seats"] == "'-5"
    assert anna["tags"] == "floors; vip"
    assert next(r for r in rows if r["name"] == "Bob")["notes"] == "'@SUM(A1)"

    # when: the export goes back in
    code, out, err = run_cli(
        capsys, "customers", "import", "--workspace", workspace.slug, str(exported)
    )
    # then
    assert code == 0, err
    assert out == "Imported 2 customers: 0 created, 2 updated.\n"
    anna_row = Customer.objects.get(workspace=workspace, name="Anna")
    assert anna_row.notes == '=HYPERLINK("http://x")'
    assert anna_row.custom_fields["seats"] == "-5"
    assert Customer.objects.filter(workspace=workspace).count() == 2


def test_every_exported_cell_is_safe(workspace, capsys) -> None:
    # given
    make_fields(workspace)
    for i, value in enumerate(["=1+1", "+1", "-1", "@A1", "\tTab", "\rCR", "Plain"]):
        make_customer(
            workspace,
            name=value,
            notes=value,
            tags=[value],
            organisations=[value],
            custom_fields={"account": value},
            emails=[f"n{i}@example.org"],
        )
    # when
    code, out, _err = run_cli(capsys, "customers", "export", "--workspace", workspace.slug)
    # then
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert len(rows) == 8
    column = rows[0].index("custom:account")
    accounts = [r[column] for r in rows[1:]]
    assert accounts == ["'=1+1", "'+1", "'-1", "'@A1", "'\tTab", "'\rCR", "Plain"]


def test_export_leaves_out_other_workspaces_and_merged_customers(
    workspace, other_workspace, capsys
) -> None:
    # given
    keep = make_customer(workspace, name="Keeper", emails=["keep@example.org"])
    gone = make_customer(workspace, name="Gone", emails=["gone@example.org"])
    make_customer(other_workspace, name="Stranger", emails=["stranger@example.org"])
    customer_merge(actor=actor_for(workspace), source_id=gone.pk, target_id=keep.pk)
    # when
    code, out, _err = run_cli(capsys, "customers", "export", "--workspace", workspace.slug)
    # then
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], r["emails"]) for r in rows] == [
        ("Keeper", "keep@example.org; gone@example.org")
    ]
    assert "Stranger" not in out
    exported = AuditEvent.objects.get(verb="customers.exported")
    assert (exported.workspace_id, exported.interface) == (workspace.pk, "cli")


def test_export_reads_in_chunks_not_per_customer(
    workspace, capsys, django_assert_max_num_queries
) -> None:
    # given
    for i in range(30):
        make_customer(workspace, name=f"C{i}", emails=[f"c{i}@example.org"], tags=["t"])
    # then: the check that the database is migrated, a workspace lookup, the audit,
    # the fields, one chunk and its three prefetches
    with django_assert_max_num_queries(9):
        code, out, _err = run_cli(capsys, "customers", "export", "--workspace", workspace.slug)
    assert code == 0
    assert len(out.splitlines()) == 31


def test_failed_import_prints_the_report_and_writes_nothing(workspace, capsys, tmp_path) -> None:
    # given
    make_customer(workspace, name="Existing", emails=["existing@example.org"])
    source = tmp_path / "bad.csv"
    source.write_text(
        "name,email,language\nFine,fine@example.org,en\nBad,nope,klingon\n", encoding="utf-8"
    )
    # when
    code, out, err = run_cli(
        capsys, "customers", "import", "--workspace", workspace.slug, str(source)
    )
    # then
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{source}: line 3, column 2 (email): ")
    assert lines[1] == f"{source}: line 3, column 3 (language): Unknown language."
    assert lines[-1] == "rightdesk: error: Nothing was imported: the file has 2 problems."
    assert list(Customer.objects.values_list("name", flat=True)) == ["Existing"]


def test_progress_bar_goes_to_stderr(workspace, capsys, tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name\n" + "".join(f"P{i}\n" for i in range(5)), encoding="utf-8")
    code, out, err = run_cli(
        capsys, "customers", "import", "--progress", "--workspace", workspace.slug, str(source)
    )
    assert code == 0
    assert "5/5" in err
    assert "5/5" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["customers", "import", "x.csv"],
        ["customers", "import", "--workspace"],
        ["customers", "export", "--workspace", "acme", "--nope"],
        ["customers", "frobnicate"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv: list[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


def test_missing_file_and_unknown_workspace_exit_2(workspace, capsys, tmp_path) -> None:
    code, _out, err = run_cli(
        capsys, "customers", "import", "--workspace", workspace.slug, str(tmp_path / "no.csv")
    )
    assert code == 2
    assert err.startswith("rightdesk: error: cannot read")
    code, _out, err = run_cli(capsys, "customers", "export", "--workspace", "no-such-place")
    assert code == 2
    assert err == "rightdesk: error: there is no workspace no-such-place\n"


def test_help(capsys) -> None:
    code, out, _err = run_cli(capsys, "customers", "import", "--help")
    assert code == 0
    assert "--workspace SLUG" in out
    assert "FILE.csv" in out


def test_merged_email_in_a_reimport_updates_the_remaining_customer(workspace, capsys, tmp_path):  # type: ignore[no-untyped-def]
    # given
    keep = make_customer(workspace, name="Keep", emails=["keep@example.org"])
    gone = make_customer(workspace, name="Gone", emails=["gone@example.org"])
    customer_merge(actor=actor_for(workspace), source_id=gone.pk, target_id=keep.pk)
    source = tmp_path / "in.csv"
    source.write_text(f"id,email,tags\n{gone.pk},,moved\n", encoding="utf-8")
    # when
    code, _out, err = run_cli(
        capsys, "customers", "import", "--workspace", workspace.slug, str(source)
    )
    # then
    assert code == 0, err
    keep.refresh_from_db()
    assert list(keep.tags.values_list("name", flat=True)) == ["moved"]
    assert emails_of(keep) == ["gone@example.org", "keep@example.org"]
