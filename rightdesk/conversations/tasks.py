"""Background work about conversations."""

from __future__ import annotations

from celery import shared_task

from rightdesk.conversations.sweep import attachment_orphans_remove


@shared_task(name="rightdesk.conversations.tasks.sweep_attachments")
def sweep_attachments() -> int:
    """Delete attachment files left behind by changes that were rolled back."""
    return attachment_orphans_remove()
