"""Raw inbound mail is on disk, whole and synced, before anything reads it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from rightdesk.channels.email.rawstore import RawMailMissing, raw_read, raw_store

MAIL = b"From: anna@example.ee\r\nSubject: Hi\r\n\r\nHello\r\n"


@pytest.fixture
def mail_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RAW_MAIL_DIR = tmp_path / "mail"
    return Path(settings.RAW_MAIL_DIR)


def test_a_message_is_stored_once_by_its_content(mail_dir: Path) -> None:
    first = raw_store(MAIL)
    again = raw_store(MAIL)
    assert first == again == hashlib.sha256(MAIL).hexdigest()
    assert raw_read(first) == MAIL
    assert [p.name for p in mail_dir.rglob("*") if p.is_file()] == [f"{first}.eml"]


def test_writers_storing_the_same_message_at_once_leave_one_whole_file(mail_dir: Path) -> None:
    big = MAIL + b"x" * 2_000_000
    digests: list[str] = []
    threads = [threading.Thread(target=lambda: digests.append(raw_store(big))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(digests)) == 1
    assert raw_read(digests[0]) == big
    assert [p for p in mail_dir.rglob("*") if p.is_file() and p.suffix != ".eml"] == []


def test_a_half_written_file_is_replaced_not_trusted(mail_dir: Path) -> None:
    digest = raw_store(MAIL)
    path = next(mail_dir.rglob("*.eml"))
    path.write_bytes(MAIL[:10])  # a crash of an older writer, or a damaged disk
    assert raw_store(MAIL) == digest
    assert raw_read(digest) == MAIL


@pytest.mark.parametrize("digest", ["", "../../etc/passwd", "A" * 64, "0" * 63, "0" * 64 + "/x"])
def test_only_a_digest_names_a_file(mail_dir: Path, digest: str) -> None:
    with pytest.raises(RawMailMissing):
        raw_read(digest)


def test_a_file_that_no_longer_matches_its_digest_is_not_read(mail_dir: Path) -> None:
    digest = raw_store(MAIL)
    next(mail_dir.rglob("*.eml")).write_bytes(MAIL.replace(b"Hello", b"Hallo"))
    with pytest.raises(RawMailMissing):
        raw_read(digest)
