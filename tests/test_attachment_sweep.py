"""Files left behind by rolled-back changes are removed; files of attachments never are."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from rightdesk.conversations.actions import message_post
from rightdesk.conversations.messages import NewAttachment
from rightdesk.conversations.models import Attachment
from rightdesk.conversations.storage import _path, blob_store
from rightdesk.conversations.sweep import attachment_orphans_remove
from rightdesk.conversations.tasks import sweep_attachments
from tests.factories import actor_for, make_conversation

pytestmark = pytest.mark.django_db


def _stored() -> set[str]:
    return {p.name for p in Path(settings.ATTACHMENTS_DIR).glob("*/*")}


def _age(key: str, hours: float, suffix: str = "") -> None:
    path = _path(key).with_suffix(suffix) if suffix else _path(key)
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def test_only_old_files_that_no_attachment_names_are_removed(workspace) -> None:
    # given: a real attachment, a file of a change that rolled back, and a fresh file
    conv = make_conversation(workspace)
    message_post(
        actor=actor_for(workspace),
        conversation=conv,
        direction="out",
        body_text="The invoice",
        attachments=[NewAttachment("arve.pdf", "application/pdf", b"%PDF kept")],
    )
    kept = Attachment.objects.get().storage_key

    class Refused(Exception):
        pass

    before = _stored()
    with pytest.raises(Refused), transaction.atomic():
        message_post(
            actor=actor_for(workspace),
            conversation=conv,
            direction="out",
            body_text="Never sent",
            attachments=[NewAttachment("x.pdf", "application/pdf", b"%PDF orphan")],
        )
        raise Refused
    (orphan,) = _stored() - before
    young, _digest = blob_store(b"written a minute ago, its transaction may still be open")
    for key in (kept, orphan):
        _age(key, hours=7)
    # when
    removed = sweep_attachments()
    # then
    assert removed == 1
    assert _path(kept).exists()
    assert not _path(orphan).exists()
    assert _path(young).exists()


def test_unfinished_writes_are_removed_when_old(db) -> None:
    # given: a write that stopped half-way (the process died before the rename)
    key, _digest = blob_store(b"complete")
    part = _path(key).with_suffix(".part")
    part.write_bytes(b"half")
    _age(key, hours=7, suffix=".part")
    # when
    attachment_orphans_remove()
    # then: the partial file is gone; the complete one is too young to judge
    assert not part.exists()
    assert _path(key).exists()
