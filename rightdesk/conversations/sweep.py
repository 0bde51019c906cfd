"""Removing attachment files that no attachment row names.

A file is written before its row, inside the transaction that creates the row;
when that transaction rolls back, the file stays behind. Nothing ever points at
it, so it is only a matter of disk space: files older than any transaction
could last, and named by no row, are deleted.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import islice

from rightdesk.conversations.models import Attachment
from rightdesk.conversations.storage import blob_files_older_than

GRACE = timedelta(hours=6)
_BATCH = 500


def attachment_orphans_remove(*, older_than: timedelta = GRACE) -> int:
    """Delete stored files no attachment names (and unfinished writes); returns how many."""
    removed = 0
    files = blob_files_older_than(older_than.total_seconds())
    while batch := list(islice(files, _BATCH)):
        keys = {key for key, _path in batch}
        known = set(
            Attachment.objects.filter(storage_key__in=keys).values_list("storage_key", flat=True)
        )
        for key, path in batch:
            if key not in known or path.suffix == ".part":
                path.unlink(missing_ok=True)
                removed += 1
    return removed
