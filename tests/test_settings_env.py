"""A setting the desk cannot read stops start-up with one clear line, not a silent default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_rightdesk(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTDESK_")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(RIGHTDESK_DATA_DIR=str(tmp_path), RIGHTDESK_LANGUAGE="en", **env)
    return subprocess.run(
        [str(Path(sys.executable).parent / "rightdesk"), "migrate", "--help"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "raw", "accepted"),
    [
        ("RIGHTDESK_DEBUG", "ture", "true, yes, on, 1 or false, no, off, 0"),
        ("RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE", "maybe", "true, yes, on, 1 or false, no, off, 0"),
        ("RIGHTDESK_DB_CONN_MAX_AGE", "abc", "a whole number from 0"),
        ("RIGHTDESK_LOGIN_FAILURES", "-3", "a whole number from 0"),
        ("RIGHTDESK_SWEEP_SECONDS", "0", "a whole number from 1"),
        ("PORT", "http", "a whole number from 1"),
    ],
)
def test_an_unreadable_value_stops_start_up_with_one_line(
    tmp_path: Path, name: str, raw: str, accepted: str
) -> None:
    # when
    done = run_rightdesk(tmp_path, **{name: raw})
    # then
    assert done.returncode == 2
    assert done.stderr == f"rightdesk: error: {name}={raw!r} is not readable; use {accepted}\n"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("raw", ["TRUE", " yes ", "0", "Off"])
def test_readable_spellings_start(tmp_path: Path, raw: str) -> None:
    done = run_rightdesk(tmp_path, RIGHTDESK_DEBUG=raw)
    assert done.returncode == 0, done.stderr
