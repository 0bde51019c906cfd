"""The `rightdesk` command as an administrator uses it: names, output and exit codes."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from rightdesk.accounts.models import ApiToken, Team, User
from rightdesk.cli import build_parser, terminal_language
from rightdesk.core.models import AuditEvent, Workspace
from tests.conftest import ApiClient, run_cli
from tests.factories import make_member, make_workspace

BIN = Path(sys.executable).with_name("rightdesk")


def _subcommands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((*prefix, name))
                found += _subcommands(child, (*prefix, name))
    return found


def test_every_subcommand_has_help() -> None:
    commands = _subcommands(build_parser())
    assert {("workspace", "create"), ("token", "create"), ("serve",), ("demo",)} <= set(commands)
    for command in commands:
        if command == ("manage",):
            continue
        result = subprocess.run(
            [str(BIN), *command, "--help"], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, (command, result.stderr)
        assert "usage: rightdesk" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["no-such-command"],
        ["serve", "--port", "eighty"],
        ["workspace", "create", "--name", "X"],
        ["workspace", "create", "--name", "X", "--owner-email", "a@b.c", "--language", "de"],
        ["token", "create", "--workspace", "x"],
    ],
)
def test_bad_arguments_end_in_one_line_and_exit_2(argv: list[str]) -> None:
    result = subprocess.run([str(BIN), *argv], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "error" in result.stderr


@pytest.mark.django_db
def test_workspace_create_prints_the_slug_last(capsys: pytest.CaptureFixture[str]) -> None:
    # when
    code, out, _err = run_cli(
        capsys,
        "workspace",
        "create",
        "--name",
        "Паркет и Ко",
        "--owner-email",
        "Boss@Example.org",
        "--language",
        "ru",
        "--timezone",
        "Europe/Tallinn",
    )
    # then
    assert code == 0
    slug = out.strip().splitlines()[-1]
    workspace = Workspace.objects.get(slug=slug)
    assert slug == "parket-i-ko"
    assert (workspace.language, workspace.timezone) == ("ru", "Europe/Tallinn")
    assert User.objects.filter(email="boss@example.org", memberships__role="owner").exists()
    assert AuditEvent.objects.filter(workspace=workspace, verb="workspace.created").exists()
    # a second business with the same name gets its own slug
    _code, out2, _err = run_cli(
        capsys, "workspace", "create", "--name", "Паркет и Ко", "--owner-email", "x@example.org"
    )
    assert out2.strip().splitlines()[-1] == "parket-i-ko-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--name", " ", "--owner-email", "a@example.org"], "name"),
        (["--name", "Shop", "--owner-email", "not-an-email"], "email"),
        (["--name", "Shop", "--owner-email", "a@example.org", "--timezone", "Mars/Base"], "zone"),
    ],
)
def test_workspace_create_refuses_bad_values(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _out, err = run_cli(capsys, "workspace", "create", *argv)
    assert code == 2
    assert err.count("\n") == 1 and fragment in err
    assert not Workspace.objects.exists()


@pytest.mark.django_db
def test_token_create_gives_a_working_token(capsys: pytest.CaptureFixture[str]) -> None:
    # given
    workspace = make_workspace("Acme")
    agent = make_member(workspace, email="agent@example.org")
    # when
    code, out, _err = run_cli(
        capsys, "token", "create", "--workspace", workspace.slug, "--email", "Agent@example.org"
    )
    # then
    assert code == 0
    raw = out.strip().splitlines()[-1]
    assert ApiClient(raw).get("conversations").status_code == 200
    token = ApiToken.objects.get(user=agent)
    assert raw not in (token.digest, token.prefix)  # only a hash is kept


@pytest.mark.django_db
def test_token_create_refuses_strangers_and_unknown_workspaces(
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace = make_workspace("Acme")
    other = make_workspace("Other")
    stranger = make_member(other, email="stranger@example.org")
    code, _out, err = run_cli(
        capsys, "token", "create", "--workspace", workspace.slug, "--email", stranger.email
    )
    assert code == 2 and err.count("\n") == 1
    code, _out, err = run_cli(
        capsys, "token", "create", "--workspace", "nope", "--email", stranger.email
    )
    assert code == 2 and "nope" in err
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_set_password_lets_the_owner_log_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace("Acme", owner="owner@example.org")
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-secret\n"))
    code, _out, _err = run_cli(
        capsys, "user", "set-password", "--email", "owner@example.org", "--stdin"
    )
    assert code == 0
    assert User.objects.get(email="owner@example.org").check_password("a-long-enough-secret")
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    code, _out, err = run_cli(
        capsys, "user", "set-password", "--email", "owner@example.org", "--stdin"
    )
    assert code == 2 and err.count("\n") == 1
    assert User.objects.get(email="owner@example.org").check_password("a-long-enough-secret")


@pytest.mark.django_db
def test_member_add_then_team_create(capsys: pytest.CaptureFixture[str]) -> None:
    # given
    workspace = make_workspace("Acme")
    # when
    code, out, _err = run_cli(
        capsys,
        "member",
        "add",
        "--workspace",
        workspace.slug,
        "--email",
        "New@Example.org",
        "--role",
        "champion",
    )
    # then
    assert code == 0 and "new@example.org" in out
    assert User.objects.get(email="new@example.org").memberships.get().role == "champion"
    code, out, _err = run_cli(
        capsys,
        "team",
        "create",
        "--workspace",
        workspace.slug,
        "--name",
        "Returns",
        "--member",
        "new@example.org",
    )
    assert (code, out.strip()) == (0, "Returns")
    assert [u.email for u in workspace_team(workspace, "Returns").members.all()] == [
        "new@example.org"
    ]


@pytest.mark.django_db
def test_team_refuses_people_from_elsewhere(capsys: pytest.CaptureFixture[str]) -> None:
    workspace = make_workspace("Acme")
    stranger = make_member(make_workspace("Other"), email="stranger@example.org")
    for email in (stranger.email, "nobody@example.org"):
        code, _out, err = run_cli(
            capsys,
            "team",
            "create",
            "--workspace",
            workspace.slug,
            "--name",
            "Returns",
            "--member",
            email,
        )
        assert code == 2 and err.count("\n") == 1
    code, _out, err = run_cli(
        capsys,
        "member",
        "add",
        "--workspace",
        workspace.slug,
        "--email",
        "x@example.org",
        "--role",
        "boss",
    )
    assert code == 2 and "role" in err
    assert not Team.objects.filter(workspace=workspace).exists()


def workspace_team(workspace: Workspace, name: str) -> Team:
    return Team.objects.get(workspace=workspace, name=name)


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "uk_UA.UTF-8"}, "uk"),
        ({"LC_ALL": "et_EE.UTF-8", "LANG": "ru_RU.UTF-8"}, "et"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_DE.UTF-8"}, "en"),
        ({"RIGHTDESK_LANGUAGE": "uk", "LANG": "et_EE.UTF-8"}, "uk"),
        ({"RIGHTDESK_LANGUAGE": "xx", "LANG": "et_EE"}, "et"),
        ({}, "en"),
    ],
)
def test_the_command_speaks_the_terminal_language(environ: dict[str, str], language: str) -> None:
    assert terminal_language(environ) == language


@pytest.mark.django_db
def test_help_and_errors_in_russian(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: a Russian terminal
    for name in ("RIGHTDESK_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    # when
    code, out, _err = run_cli(capsys, "token", "create", "--help")
    # then
    assert code == 0
    assert "использование: rightdesk token create" in out
    assert "идентификатор рабочего пространства" in out
    # and the desk's own errors are Russian too
    code, _out, err = run_cli(capsys, "token", "create", "--workspace", "nope", "--email", "a@b.c")
    assert code == 2 and "nope" in err
    assert re.search(r"[а-я]", err), err
    # and the language ends with the command
    assert translation.get_language() == "en"
