"""Reading raw mail: charsets, encoded names, quoted history, files, limits and robots.

The corpus is made here, message by message, the way real clients (and broken
ones) write mail; Python's own email test messages are read too where the
interpreter ships them.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightdesk.channels.email import parse
from rightdesk.channels.email.charsets import decode_text
from rightdesk.channels.email.parse import MailRefused, mail_parse
from rightdesk.core.sanitize import clean_text


def _mail(headers: dict[str, str], body: bytes, content_type: str = "text/plain") -> bytes:
    lines = [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Type: {content_type}")
    # Raw UTF-8 in headers is common in the wild (and allowed by RFC 6532).
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


BASE = {
    "From": "Anna Kask <anna@example.ee>",
    "To": "support@desk.example",
    "Subject": "Hello",
    "Message-ID": "<m1@example.ee>",
    "Date": "Mon, 07 Dec 2026 10:15:00 +0200",
    "MIME-Version": "1.0",
}


def test_the_headers_a_thread_needs() -> None:
    raw = _mail(
        {**BASE, "In-Reply-To": "<r1@desk.example>", "References": "<r0@x> <r1@desk.example>"},
        b"Thanks!",
    )
    mail = mail_parse(raw)
    assert (mail.sender_name, mail.sender_email) == ("Anna Kask", "anna@example.ee")
    assert mail.message_id == "m1@example.ee"
    assert mail.in_reply_to == ["r1@desk.example"]
    assert mail.references == ["r0@x", "r1@desk.example"]
    assert mail.to == ["support@desk.example"]
    assert mail.date is not None and mail.date.utcoffset() is not None
    assert mail.text == "Thanks!" and mail.automation is None


CYRILLIC = "Здравствуйте! Где мой заказ? Жду уже неделю, ответьте пожалуйста."
UKRAINIAN = "Добрий день! Пломба випала, чи можна прийти завтра? Дякую, Ївга."
ESTONIAN = "Tere! Palun saatke arve uuesti, õige summa ja käibemaks. Tänan, Jüri Šõmin."


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        (CYRILLIC, "windows-1251"),
        (CYRILLIC, "koi8-r"),
        (UKRAINIAN, "koi8-u"),
        (UKRAINIAN, "windows-1251"),
        (ESTONIAN, "iso-8859-15"),
        (ESTONIAN, "iso-8859-13"),
        (CYRILLIC, "utf-8"),
    ],
)
def test_every_charset_real_mail_uses(text: str, charset: str) -> None:
    raw = _mail(BASE, text.encode(charset), f'text/plain; charset="{charset}"')
    assert mail_parse(raw).text == text


@pytest.mark.parametrize(
    ("text", "written_as", "declared"),
    [
        (CYRILLIC, "windows-1251", "utf-8"),  # a client that lies
        (CYRILLIC, "windows-1251", "x-unknown-charset"),
        (CYRILLIC, "koi8-r", "us-ascii"),
        (UKRAINIAN, "utf-8", "iso-8859-1"),
        (CYRILLIC, "windows-1251", ""),
        (ESTONIAN, "iso-8859-15", ""),
        (ESTONIAN, "windows-1252", "x-unknown-charset"),
    ],
)
def test_a_wrong_or_unknown_charset_falls_back_to_what_the_bytes_say(
    text: str, written_as: str, declared: str
) -> None:
    content_type = f"text/plain; charset={declared}" if declared else "text/plain"
    raw = _mail(BASE, text.encode(written_as), content_type)
    assert mail_parse(raw).text == text


def test_undecodable_bytes_never_crash() -> None:
    assert len(decode_text(bytes(range(256)), "utf-8")) == 256
    assert decode_text(b"ok \xff\xfe\x81", "utf-16-junk").startswith("ok ")


@pytest.mark.parametrize(
    "header",
    [
        "Анна Каск <anna@example.ee>",  # raw UTF-8, as many clients send today
        "=?utf-8?b?0JDQvdC90LAg0JrQsA==?= =?utf-8?q?=D1=81=D0=BA?= <anna@example.ee>",
    ],
)
def test_sender_names_however_they_are_written(header: str) -> None:
    mail = mail_parse(_mail({**BASE, "From": header}, b"hi"))
    assert mail.sender_email == "anna@example.ee"
    assert mail.sender_name == "Анна Каск"


def test_raw_8bit_headers_in_windows_1251_are_read_as_text() -> None:
    head = "From: Иван <ivan@example.ru>\r\nSubject: Где заказ?\r\nTo: a@b.example\r\n"
    raw = head.encode("windows-1251") + b"Content-Type: text/plain\r\n\r\nhi"
    mail = mail_parse(raw)
    assert (mail.sender_name, mail.subject) == ("Иван", "Где заказ?")


def test_encoded_subject_and_names_rfc_2047_and_2231() -> None:
    subject = "=?koi8-r?B?" + base64.b64encode("Где заказ".encode("koi8-r")).decode() + "?="
    body = (
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee file\r\n"
        b"--b\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''%D0%A1%D1%87%D1%91%D1%82.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n"
    )
    raw = _mail(
        {**BASE, "Subject": subject, "From": "=?utf-8?B?0JDQvdC90LA=?= <anna@example.ee>"},
        body,
        'multipart/mixed; boundary="b"',
    )
    mail = mail_parse(raw)
    assert mail.subject == "Где заказ"
    assert mail.sender_name == "Анна"
    assert [a.filename for a in mail.attachments] == ["Счёт.pdf"]
    assert mail.attachments[0].data == b"%PDF-"


@pytest.mark.parametrize(
    "history",
    [
        "On Mon, 7 Dec 2026 at 10:00, Rightdesk <support@desk.example> wrote:\n> Hello",
        "7 декабря 2026 г., в 10:00, Служба поддержки <support@desk.example> пишет:\n> Привет",
        "пн, 7 груд. 2026 о 10:00 Підтримка <support@desk.example> пише:\n> Вітаю",
        "E, 7. dets 2026 kell 10:00 kirjutas Tugi <support@desk.example>:\n> Tere",
        "-----Original Message-----\nFrom: Support\nSent: Monday\nSubject: Re: x",
        "From: Support <support@desk.example>\nSent: Monday, 7 December 2026\nTo: Anna",
        "> only quoted lines\n> till the end",
    ],
)
def test_quoted_history_is_folded_away_but_kept(history: str) -> None:
    text = f"Yes, that works for me.\n\n{history}"
    mail = mail_parse(_mail(BASE, text.encode(), "text/plain; charset=utf-8"))
    assert mail.visible_text == "Yes, that works for me."
    assert history.splitlines()[-1] in mail.text


def test_a_signature_is_folded_away() -> None:
    mail = mail_parse(_mail(BASE, b"Call me back.\n-- \nAnna\n+372 555 0000", "text/plain"))
    assert mail.visible_text == "Call me back."


def test_a_message_that_is_all_quote_shows_all_of_it() -> None:
    mail = mail_parse(_mail(BASE, b"> forwarded words only", "text/plain"))
    assert mail.visible_text == "> forwarded words only"


def _multipart(boundary: str, parts: list[bytes], subtype: str = "mixed") -> bytes:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts)
    return body + b"--" + boundary.encode() + b"--\r\n"


def test_html_with_inline_images_forwards_calendar_and_tnef() -> None:
    related = _multipart(
        "r",
        [
            b'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Look <img src="cid:pic1"></p>',
            b"Content-Type: image/png\r\nContent-ID: <pic1>\r\nContent-Disposition: inline\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=",
        ],
    )
    alternative = _multipart(
        "a",
        [
            b"Content-Type: text/plain; charset=utf-8\r\n\r\nLook",
            b'Content-Type: multipart/related; boundary="r"\r\n\r\n' + related,
        ],
    )
    raw = _mail(
        BASE,
        _multipart(
            "m",
            [
                b'Content-Type: multipart/alternative; boundary="a"\r\n\r\n' + alternative,
                b"Content-Type: message/rfc822\r\n\r\nFrom: x@y.z\r\nSubject: Old\r\n\r\nold body",
                b"Content-Type: text/calendar; method=REQUEST\r\n\r\n"
                b"BEGIN:VCALENDAR\r\nEND:VCALENDAR",
                b"Content-Type: application/ms-tnef\r\nContent-Disposition: attachment; "
                b'filename="winmail.dat"\r\n\r\nxx',
            ],
        ),
        'multipart/mixed; boundary="m"',
    )
    mail = mail_parse(raw)
    assert mail.text == "Look"
    assert 'src="cid:pic1"' in mail.html
    by_type = {a.content_type: a for a in mail.attachments}
    assert by_type["image/png"].content_id == "pic1" and by_type["image/png"].inline
    assert by_type["message/rfc822"].filename == "message.eml"
    assert b"old body" in by_type["message/rfc822"].data
    assert "text/calendar" in by_type
    assert by_type["application/ms-tnef"].filename == "winmail.dat"


def test_an_html_only_message_gets_a_readable_text() -> None:
    html = b"<html><style>p{x:y}</style><p>Hello&nbsp;there</p><div>Second line</div></html>"
    mail = mail_parse(_mail(BASE, html, "text/html; charset=utf-8"))
    assert mail.text == "Hello there\nSecond line"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("/absolute/path.txt", "path.txt"),
        ("C:\\\\Windows\\\\evil.exe", "evil.exe"),
        ("in\u202egpj.exe", "ingpj.exe"),
        ("", "attachment"),
    ],
)
def test_attachment_names_are_never_paths(name: str, shown: str) -> None:
    part = (
        "Content-Type: application/octet-stream\r\n"
        f'Content-Disposition: attachment; filename="{name}"\r\n\r\ndata'
    ).encode()
    raw = _mail(BASE, _multipart("m", [part]), 'multipart/mixed; boundary="m"')
    assert [a.filename for a in mail_parse(raw).attachments] == [shown]


def test_nul_and_controls_in_headers_and_body_are_dropped() -> None:
    raw = _mail({**BASE, "Subject": "Hi\x00 there\x07"}, b"bo\x00dy\x1b", "text/plain")
    mail = mail_parse(raw)
    assert mail.subject == "Hi there" and mail.text == "body"


def test_limits_are_refused_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    many = _multipart("m", [b"Content-Type: text/plain\r\n\r\nx"] * (parse.MAX_PARTS + 1))
    with pytest.raises(MailRefused) as refused:
        mail_parse(_mail(BASE, many, 'multipart/mixed; boundary="m"'))
    assert refused.value.reason == "too_many_parts"
    deep = b"Content-Type: text/plain\r\n\r\nx"
    for level in range(parse.MAX_DEPTH + 2):
        deep = f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n'.encode() + _multipart(
            f"b{level}", [deep]
        )
    head, body = deep.split(b"\r\n\r\n", 1)
    with pytest.raises(MailRefused) as refused:
        mail_parse(_mail(BASE, body, head.decode().split(": ", 1)[1]))
    assert refused.value.reason == "too_deep"
    crowd = ", ".join(f"p{i}@example.org" for i in range(parse.MAX_RECIPIENTS + 1))
    with pytest.raises(MailRefused) as refused:
        mail_parse(_mail({**BASE, "To": crowd}, b"hi"))
    assert refused.value.reason == "too_many_recipients"
    monkeypatch.setattr(parse, "MAX_BYTES", 100)
    with pytest.raises(MailRefused) as refused:
        mail_parse(_mail(BASE, b"x" * 200))
    assert refused.value.reason == "too_large"
    with pytest.raises(MailRefused) as refused:
        mail_parse(b"  \r\n")
    assert refused.value.reason == "empty"


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"Auto-Submitted": "auto-replied"}, "auto-reply"),
        ({"Subject": "Automatic reply: Hello"}, "auto-reply"),
        ({"Subject": "Автоответ: Re: заказ"}, "auto-reply"),
        ({"X-Autoreply": "yes"}, "auto-reply"),
        ({"Precedence": "bulk"}, "bulk"),
        ({"List-Id": "<news.example.org>"}, "list"),
        ({"From": "MAILER-DAEMON@mx.example.org"}, "bounce"),
        ({"Return-Path": "<>"}, "bounce"),
        ({"Auto-Submitted": "no"}, None),
    ],
)
def test_robots_are_recognised(headers: dict[str, str], kind: str | None) -> None:
    assert mail_parse(_mail({**BASE, **headers}, b"text")).automation == kind


def test_a_delivery_report_is_a_bounce() -> None:
    report = _multipart(
        "d",
        [
            b"Content-Type: text/plain\r\n\r\nDelivery failed",
            b"Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1",
        ],
    )
    raw = _mail(BASE, report, 'multipart/report; report-type=delivery-status; boundary="d"')
    assert mail_parse(raw).automation == "bounce"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_are_read_or_refused_never_crash(raw: bytes) -> None:
    try:
        mail = mail_parse(raw)
    except MailRefused:
        return
    assert isinstance(mail.text, str) and isinstance(mail.subject, str)


@settings(max_examples=200, deadline=None)
@given(
    subject=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=200),
    body=st.text(max_size=2000),
    charset=st.sampled_from(["utf-8", "windows-1251", "koi8-r", "iso-8859-15", "bogus"]),
)
def test_generated_messages_keep_their_text(subject: str, body: str, charset: str) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "anna@example.ee"
    message["Subject"] = subject
    message.set_content(body, charset="utf-8")
    raw = message.as_bytes()
    mail = mail_parse(raw.replace(b'charset="utf-8"', f'charset="{charset}"'.encode()))
    assert isinstance(mail.visible_text, str)
    if charset == "utf-8":
        lines = clean_text(body.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
        assert mail.text.split() == "\n".join(lines).split()


PYTHON_CORPUS = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
PYTHON_CORPUS = PYTHON_CORPUS / "test" / "test_email" / "data"


@pytest.mark.skipif(not PYTHON_CORPUS.is_dir(), reason="this Python ships no email test data")
def test_pythons_own_email_test_messages() -> None:
    read = 0
    for path in sorted(PYTHON_CORPUS.glob("msg_*.txt")):
        try:
            mail_parse(path.read_bytes())
        except MailRefused:
            continue
        read += 1
    assert read >= 40
