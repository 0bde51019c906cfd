"""Every `rightdesk` command on a data dir that was never migrated says so in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from rightdesk.cli import build_parser
from tests.test_cli import BIN, _subcommands

# Arguments that pass argparse, so that the command itself runs.
ARGUMENTS: dict[tuple[str, ...], list[str]] = {
    ("serve",): ["--port", "18999"],
    ("workspace", "create"): ["--name", "Oak", "--owner-email", "owner@oak.example"],
    ("token", "create"): ["--workspace", "oak", "--email", "owner@oak.example"],
    ("customers", "import"): ["--workspace", "oak", "customers.csv"],
    ("customers", "export"): ["--workspace", "oak"],
    ("member", "add"): ["--workspace", "oak", "--email", "a@oak.example", "--role", "agent"],
    ("member", "remove"): ["--workspace", "oak", "--email", "a@oak.example"],
    ("team", "create"): ["--workspace", "oak", "--name", "Returns"],
    ("user", "set-password"): ["--email", "a@oak.example", "--stdin"],
    ("mailbox", "add"): ["--workspace", "oak", "--address", "help@oak.example"],
    ("mailbox", "list"): ["--workspace", "oak"],
    ("import-mail",): ["--workspace", "oak", "--to", "help@oak.example", "customers.csv"],
    ("mail", "quarantine", "list"): ["--workspace", "oak"],
    ("mail", "quarantine", "retry"): ["--workspace", "oak", "--all"],
    ("mail", "quarantine", "discard"): ["--workspace", "oak", "1"],
}
ADVICE = "the database is not set up yet: run “rightdesk migrate” first"
# Commands that do not read the desk's tables (migrate makes them).
NO_DATABASE = {("migrate",), ("compilemessages",), ("makemessages",), ("manage",)}


def _commands() -> list[list[str]]:
    leaves = [
        c
        for c in _subcommands(build_parser())
        if not any(other[: len(c)] == c and other != c for other in _subcommands(build_parser()))
    ]
    commands = [[*c, *ARGUMENTS.get(c, [])] for c in leaves if c not in NO_DATABASE]
    return [*commands, ["demo", "--logins"]]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    dropped = {"DATABASE_URL", "LANGUAGE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, "RIGHTDESK_DATA_DIR": str(data_dir), "LANG": "C.UTF-8", **extra}


def test_every_command_on_an_unmigrated_data_dir_says_run_migrate(tmp_path: Path) -> None:
    # given: an empty data dir, and a CSV for the import
    (tmp_path / "customers.csv").write_text("name,email\nAnna,anna@example.org\n")
    commands = _commands()
    assert len(commands) >= 12, commands
    # when: all at once, so the test stays quick
    running = [
        (
            argv,
            subprocess.Popen(
                [str(BIN), *argv],
                cwd=tmp_path,
                env=_env(tmp_path / "var"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for argv in commands
    ]
    # then
    for argv, process in running:
        out, err = process.communicate("a-password-long-enough\n", timeout=120)
        assert process.returncode == 2, (argv, out, err)
        assert err == f"rightdesk: error: {ADVICE}\n", (argv, err)
        assert "Traceback" not in out + err


def test_the_advice_is_in_the_terminals_language(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN), "token", "create", "--workspace", "oak", "--email", "a@oak.example"],
        env=_env(tmp_path, RIGHTDESK_LANGUAGE="ru"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "rightdesk migrate" in result.stderr and "база" in result.stderr.lower()


def test_migrate_then_the_command_runs(tmp_path: Path) -> None:
    env = _env(tmp_path)
    migrate = subprocess.run([str(BIN), "migrate"], env=env, capture_output=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    argv = ["workspace", "create", "--name", "Oak", "--owner-email", "owner@oak.example"]
    result = subprocess.run([str(BIN), *argv], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "oak"
