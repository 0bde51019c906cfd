"""Inbound mail exactly as it arrived, on disk before anything reads it.

Raw first: a message's bytes are stored and synced before it is parsed, so a
crash at any later point loses nothing, and reading it again later (after a
fix, from the quarantine) reads the very same bytes. Files are named by the
SHA-256 of their content, so storing the same message twice writes once.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

from django.conf import settings

_DIGEST = re.compile(r"[0-9a-f]{64}")


class RawMailMissing(Exception):
    """No stored message has this digest, or its file no longer matches it."""


def _path(digest: str) -> Path:
    if not _DIGEST.fullmatch(digest):
        raise RawMailMissing(digest[:80])
    return Path(settings.RAW_MAIL_DIR) / digest[:2] / digest[2:4] / f"{digest}.eml"


def _sync_directory(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # not every file system syncs directories
    finally:
        os.close(fd)


def raw_store(data: bytes) -> str:
    """Store the bytes durably (written, synced, renamed into place); their SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    path = _path(digest)
    if path.is_file() and path.stat().st_size == len(data):
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per writer: two processes storing the same message at
    # once each write a whole file, and the second rename replaces like with like.
    tmp = path.with_name(f".{digest}.{secrets.token_hex(6)}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_directory(path.parent)
    return digest


def raw_read(digest: str) -> bytes:
    """The stored bytes; RawMailMissing when they are gone or no longer what was stored."""
    try:
        data = _path(digest).read_bytes()
    except OSError as exc:
        raise RawMailMissing(digest) from exc
    if hashlib.sha256(data).hexdigest() != digest:
        raise RawMailMissing(digest)
    return data
