"""`rightdesk mailbox add|list`: the same action as the API and the page, from the shell."""

from __future__ import annotations

import json

import pytest

from rightdesk.accounts.actions import team_create
from rightdesk.channels.models import Mailbox
from rightdesk.core.models import AuditEvent
from tests.conftest import run_cli
from tests.factories import actor_for

pytestmark = pytest.mark.django_db


def test_add_then_list(capsys: pytest.CaptureFixture[str], workspace) -> None:
    # given
    team_create(actor=actor_for(workspace), name="Returns")
    # when
    code, out, err = run_cli(
        capsys,
        "mailbox",
        "add",
        "--workspace",
        workspace.slug,
        "--address",
        "Help@Acme.Example",
        "--name",
        "Acme Support",
        "--team",
        "Returns",
        "--acknowledge",
    )
    # then: the id and address are the last line
    assert (code, err) == (0, "")
    mailbox = Mailbox.objects.get()
    assert out.strip().splitlines()[-1] == f"{mailbox.pk}\thelp@acme.example"
    assert (mailbox.name, mailbox.team.name, mailbox.acknowledge) == (  # type: ignore[union-attr]
        "Acme Support",
        "Returns",
        True,
    )
    assert AuditEvent.objects.get(verb="mailbox.created").interface == "cli"
    code, out, _err = run_cli(capsys, "mailbox", "list", "--workspace", workspace.slug)
    assert code == 0
    header, row = out.strip().splitlines()
    assert "Address" in header
    assert row.split()[:2] == [str(mailbox.pk), "help@acme.example"]
    assert "Returns" in row and "yes" in row
    code, out, _err = run_cli(capsys, "mailbox", "list", "--workspace", workspace.slug, "--json")
    assert json.loads(out) == {
        "id": mailbox.pk,
        "address": "help@acme.example",
        "name": "Acme Support",
        "team": "Returns",
        "acknowledge": True,
    }


def test_no_acknowledge_is_the_default(capsys: pytest.CaptureFixture[str], workspace) -> None:
    code, _out, _err = run_cli(
        capsys, "mailbox", "add", "--workspace", workspace.slug, "--address", "a@acme.example"
    )
    assert code == 0 and Mailbox.objects.get().acknowledge is False
    code, _out, _err = run_cli(capsys, "mailbox", "list", "--workspace", "nope")
    assert code == 2


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--address", "not an address"], "not a valid email address"),
        (["--address", "a@acme.example", "--team", "Nobody"], "no team Nobody"),
        (["--address", "a@acme.example", "--name", "bell\x07"], "control characters"),
        (["--address", "taken@shared.example"], "already used"),
    ],
)
def test_refusals_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], workspace, other_workspace, extra, words: str
) -> None:
    # given: another workspace holds an address
    code, _out, _err = run_cli(
        capsys,
        *["mailbox", "add", "--workspace", other_workspace.slug],
        *["--address", "taken@shared.example"],
    )
    assert code == 0
    # when
    code, out, err = run_cli(capsys, "mailbox", "add", "--workspace", workspace.slug, *extra)
    # then
    assert code == 2, (out, err)
    assert err.startswith("rightdesk: error: ") and err.count("\n") == 1
    assert words in err
    assert other_workspace.slug not in err
    assert Mailbox.objects.filter(workspace=workspace).count() == 0
