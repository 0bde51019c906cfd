"""Background work about channels."""

from __future__ import annotations

from celery import shared_task

from rightdesk.channels.inbound import mail_sweep


@shared_task(name="rightdesk.channels.tasks.sweep_inbound_mail")
def sweep_inbound_mail() -> int:
    """Read inbound messages that were stored but never read (their receiver stopped)."""
    return mail_sweep()
