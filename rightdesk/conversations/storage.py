"""Attachment bytes on disk, under the data dir, by generated key."""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings


def _path(key: str) -> Path:
    if not key.isalnum():
        raise ValueError("bad storage key")
    return Path(settings.ATTACHMENTS_DIR) / key[:2] / key


def blob_store(data: bytes) -> tuple[str, str]:
    """Write bytes atomically; returns (key, sha256)."""
    key = secrets.token_hex(20)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return key, hashlib.sha256(data).hexdigest()


def blob_open(key: str) -> BinaryIO:
    return open(_path(key), "rb")


def blob_delete(key: str) -> None:
    _path(key).unlink(missing_ok=True)


def blob_files_older_than(seconds: float) -> Iterator[tuple[str, Path]]:
    """(key, path) of every stored file, and every unfinished write, older than this."""
    root = Path(settings.ATTACHMENTS_DIR)
    if not root.is_dir():
        return
    cutoff = time.time() - seconds
    for shard in root.iterdir():
        if not shard.is_dir():
            continue
        for path in shard.iterdir():
            try:
                old = path.stat().st_mtime < cutoff
            except FileNotFoundError:
                continue
            if old and path.is_file():
                yield path.name.removesuffix(".part"), path
