"""The desk's own mail leaves: to a real SMTP server, or as .eml files in the outbox."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from rightdesk import settings as desk_settings
from rightdesk.core import outbox
from rightdesk.core.outbox import OutboxEmailBackend
from tests.smtpsink import SmtpSink
from tests.test_settings_env import run_rightdesk


def _message(to: str = "ana@example.org") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "Über den Auftrag", "Hello Ana,\nyour order is on its way.", to=[to]
    )
    message.attach_alternative("<p>Hello Ana, your order is <b>on its way</b>.</p>", "text/html")
    return message


def _read(path: Path) -> ParsedMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(parsed, ParsedMessage)
    return parsed


def test_the_outbox_backend_writes_a_complete_message_a_mail_client_opens(tmp_path: Path) -> None:
    # when
    sent = OutboxEmailBackend(folder=tmp_path).send_messages([_message()])
    # then
    assert sent == 1
    files = list(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".eml"]
    parsed = _read(files[0])
    assert parsed["To"] == "ana@example.org"
    assert parsed["Subject"] == "Über den Auftrag"
    assert parsed["Message-ID"] and parsed["Date"]
    plain = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert plain is not None and "your order is on its way" in plain.get_content()
    assert html is not None and "<b>on its way</b>" in html.get_content()


def test_the_outbox_never_overwrites_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the clock stands still and the first random name is one already taken
    class Still(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Still:  # type: ignore[override]
            return cls(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    names: Iterator[str] = iter(["taken", "taken", "fresh"])
    monkeypatch.setattr(outbox, "datetime", Still)
    monkeypatch.setattr(outbox.secrets, "token_hex", lambda n: next(names))
    backend = OutboxEmailBackend(folder=tmp_path)
    backend.send_messages([_message("first@example.org")])
    # when
    backend.send_messages([_message("second@example.org")])
    # then: both are there, each whole; no temporary file is left
    files = sorted(tmp_path.iterdir())
    assert [f.name.rsplit("-", 1)[1] for f in files] == ["fresh.eml", "taken.eml"]
    assert _read(files[1])["To"] == "first@example.org"
    assert _read(files[0])["To"] == "second@example.org"


def test_the_desk_writes_to_the_outbox_in_its_data_dir_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (
        "RIGHTDESK_EMAIL_URL",
        *(f"RIGHTDESK_SMTP_{n}" for n in ("HOST", "PORT", "USER", "PASSWORD", "TLS")),
    ):
        monkeypatch.delenv(name, raising=False)
    assert desk_settings._email_settings()["backend"] == "rightdesk.core.outbox.OutboxEmailBackend"
    assert desk_settings.OUTBOX_DIR == desk_settings.DATA_DIR / "outbox"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("mail.example.org", 25, "", "", False, False)),
        (
            "smtp+starttls://desk%40shop.example:p%40ss%3Aw%2Frd@mail.example.org",
            ("mail.example.org", 587, "desk@shop.example", "p@ss:w/rd", True, False),
        ),
        ("smtps://u:p@mail.example.org:2465", ("mail.example.org", 2465, "u", "p", False, True)),
        ("SMTP://[::1]:2525/", ("::1", 2525, "", "", False, False)),
    ],
)
def test_email_urls_are_read(
    monkeypatch: pytest.MonkeyPatch, url: str, expected: tuple[object, ...]
) -> None:
    monkeypatch.setenv("RIGHTDESK_EMAIL_URL", url)
    read = desk_settings._email_settings()
    assert read["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (
        read["host"],
        read["port"],
        read["user"],
        read["password"],
        read["starttls"],
        read["ssl"],
    ) == expected


def test_the_superseded_smtp_variables_still_work_when_no_url_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("RIGHTDESK_EMAIL_URL", raising=False)
    monkeypatch.setenv("RIGHTDESK_SMTP_HOST", "relay.example.org")
    monkeypatch.setenv("RIGHTDESK_SMTP_PORT", "587")
    monkeypatch.setenv("RIGHTDESK_SMTP_TLS", "true")
    read = desk_settings._email_settings()
    assert read["backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (read["host"], read["port"], read["starttls"]) == ("relay.example.org", 587, True)


ACCEPTED = (
    "smtp://user:password@host:port, smtp+starttls://... or smtps://..."
    " (provider URLs are not supported yet)"
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("mailgun://key@example.org", "mailgun://key@example.org"),
        ("anymail+sendgrid://key", "anymail+sendgrid://key"),
        ("smtp://", "smtp://"),
        ("smtp://user:s3cret@mail.example.org:99999", "smtp://user:***@mail.example.org:99999"),
        ("smtp://user:s3cret@mail.example.org:port", "smtp://user:***@mail.example.org:port"),
        ("smtp://mail.example.org/path", "smtp://mail.example.org/path"),
        ("smtp://mail.example.org?timeout=5", "smtp://mail.example.org?timeout=5"),
        ("mail.example.org", "mail.example.org"),
    ],
)
def test_a_malformed_email_url_stops_start_up_with_one_line(
    tmp_path: Path, raw: str, shown: str
) -> None:
    # when
    done = run_rightdesk(tmp_path, RIGHTDESK_EMAIL_URL=raw)
    # then: one line, and never the password
    assert done.returncode == 2
    assert done.stderr == (
        f"rightdesk: error: RIGHTDESK_EMAIL_URL={shown!r} is not readable; use {ACCEPTED}\n"
    )
    assert "s3cret" not in done.stderr


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


def test_mail_reaches_a_real_smtp_server_named_by_the_url(
    sink: SmtpSink, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    # given: the settings the desk reads from RIGHTDESK_EMAIL_URL
    monkeypatch.setenv("RIGHTDESK_EMAIL_URL", f"smtp://127.0.0.1:{sink.port}")
    read = desk_settings._email_settings()
    connection = mail.get_connection(
        read["backend"],
        host=read["host"],
        port=read["port"],
        username=read["user"],
        password=read["password"],
        use_tls=read["starttls"],
        use_ssl=read["ssl"],
        timeout=10,
    )
    # when
    sent = connection.send_messages([_message()])
    # then
    assert sent == 1
    assert [m.recipients for m in sink.messages] == [["ana@example.org"]]
    parsed = email.message_from_bytes(sink.messages[0].data, policy=policy.default)
    assert parsed["Subject"] == "Über den Auftrag"
    assert parsed.get_body(("html",)) is not None


def _rightdesk(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTDESK_")}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.pop("DATABASE_URL", None)
    environ.update(
        RIGHTDESK_DATA_DIR=str(tmp_path),
        RIGHTDESK_LANGUAGE="en",
        RIGHTDESK_LEMMA_CACHE=os.environ["RIGHTDESK_LEMMA_CACHE"],
        **env,
    )
    return subprocess.run(
        [str(Path(sys.executable).parent / "rightdesk"), *argv],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_desk_started_with_an_email_url_sends_an_invitation_to_that_server(
    sink: SmtpSink, tmp_path: Path
) -> None:
    # given: a desk of its own, in its own data dir, told to use the sink
    url = {"RIGHTDESK_EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
    assert _rightdesk(tmp_path, "migrate", **url).returncode == 0
    # when
    done = _rightdesk(
        tmp_path,
        "workspace",
        "create",
        "--name",
        "Sink Shop",
        "--owner-email",
        "o@example.org",
        **url,
    )
    # then: the invitation went over SMTP, and nothing to the outbox
    assert done.returncode == 0, done.stderr
    assert [m.recipients for m in sink.messages] == [["o@example.org"]]
    parsed = email.message_from_bytes(sink.messages[0].data, policy=policy.default)
    assert parsed["Subject"] == "You are invited to Sink Shop on Rightdesk"
    assert not (tmp_path / "outbox").exists()
