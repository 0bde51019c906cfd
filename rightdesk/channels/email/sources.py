"""Messages in files: single .eml files, mbox files and Maildir folders (for `import-mail`).

Each message is yielded once with a label that says where it came from. A
file that cannot be read is yielded as a problem rather than skipped, so an
import can count every input exactly once.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MBOX_START = b"From "
MAX_FILE_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class FoundMessage:
    """One message of the input, or (`problem` set) an input that could not be read."""

    label: str
    raw: bytes = b""
    problem: str = ""


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _is_mbox(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MBOX_START)) == MBOX_START


def mail_sources(paths: list[Path]) -> Iterator[FoundMessage]:
    """Every message in these files and folders, in a stable order."""
    for path in paths:
        if not path.exists():
            yield FoundMessage(str(path), problem="not_found")
        elif path.is_dir() and _is_maildir(path):
            yield from _maildir(path)
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    yield from _file(child)
        else:
            yield from _file(path)


def _file(path: Path) -> Iterator[FoundMessage]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            yield FoundMessage(str(path), problem="too_large")
            return
        if _is_mbox(path):
            yield from _mbox(path)
            return
        yield FoundMessage(str(path), raw=path.read_bytes())
    except OSError as exc:
        yield FoundMessage(str(path), problem=f"unreadable: {exc.strerror or exc}")


def _mbox(path: Path) -> Iterator[FoundMessage]:
    box = mailbox.mbox(path, create=False)
    try:
        for n, key in enumerate(box.iterkeys(), start=1):
            label = f"{path}#{n}"
            try:
                yield FoundMessage(label, raw=box.get_bytes(key))
            except (OSError, KeyError, ValueError) as exc:
                yield FoundMessage(label, problem=f"unreadable: {exc}")
    finally:
        box.close()


def _maildir(path: Path) -> Iterator[FoundMessage]:
    for sub in ("new", "cur"):
        folder = path / sub
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue
            yield from _file(folder / name)
