"""A Django email backend that writes each message as an .eml file in the outbox folder.

The default when no mail server is configured (RIGHTDESK_EMAIL_URL unset): the
desk works end to end on a laptop, and the mail a person would have received
opens in any mail client from `$RIGHTDESK_DATA_DIR/outbox/`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


def outbox_dir() -> Path:
    return Path(settings.OUTBOX_DIR)


def outbox_write(*, data: bytes, folder: Path) -> Path:
    """Write one message atomically under a new name; an existing file is never replaced.

    The bytes go to a temporary file in the same folder, reach the disk, and are
    then linked under their final name: a reader never sees half a message, and a
    name that is somehow taken already fails the link instead of overwriting.
    """
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        while True:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            final = folder / f"{stamp}-{secrets.token_hex(6)}.eml"
            try:
                os.link(temporary, final)
            except FileExistsError:
                continue
            return final
    finally:
        os.unlink(temporary)


class OutboxEmailBackend(BaseEmailBackend):
    """Each message becomes one complete RFC 5322 file; nothing is sent over the network."""

    def __init__(self, *, folder: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = Path(folder) if folder is not None else outbox_dir()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                outbox_write(data=message.message().as_bytes(linesep="\r\n"), folder=self.folder)
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
