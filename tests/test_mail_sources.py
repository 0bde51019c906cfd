"""Messages in files as an import finds them: .eml files, mbox files, Maildir folders."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

from rightdesk.channels.email.parse import mail_parse
from rightdesk.channels.email.sources import mail_sources


def _message(n: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"c{n}@example.org"
    message["Subject"] = f"Order {n}"
    message["Message-ID"] = f"<m{n}@example.org>"
    message.set_content(f"Body {n}\nFrom here on it is quoted text.\n")
    return message


def _subjects(paths: list[Path]) -> list[str]:
    return [mail_parse(found.raw).subject for found in mail_sources(paths)]


def test_eml_files_and_a_folder_of_them(tmp_path: Path) -> None:
    for n in (2, 1):
        (tmp_path / f"{n}.eml").write_bytes(_message(n).as_bytes())
    (tmp_path / ".hidden").write_bytes(b"not mail")
    assert _subjects([tmp_path]) == ["Order 1", "Order 2"]
    assert _subjects([tmp_path / "2.eml"]) == ["Order 2"]


def test_an_mbox_file_yields_each_message_once_with_its_body_intact(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    for n in range(3):
        box.add(_message(n))
    box.close()
    found = list(mail_sources([path]))
    assert [f.label for f in found] == [f"{path}#{n}" for n in (1, 2, 3)]
    parsed = [mail_parse(f.raw) for f in found]
    assert [p.subject for p in parsed] == ["Order 0", "Order 1", "Order 2"]
    assert all("quoted text" in p.text for p in parsed)


def test_a_maildir_folder_new_and_seen(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(mailbox.MaildirMessage(_message(1)))
    seen = mailbox.MaildirMessage(_message(2))
    seen.set_subdir("cur")
    seen.set_flags("S")
    box.add(seen)
    assert sorted(_subjects([tmp_path / "Maildir"])) == ["Order 1", "Order 2"]


def test_a_missing_input_is_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    found = list(mail_sources([tmp_path / "missing.eml", tmp_path / "dangling"]))
    assert [f.problem for f in found] == ["not_found", "not_found"]
