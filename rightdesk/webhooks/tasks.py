"""Celery entry points for webhooks (thin: the work is in actions)."""

from __future__ import annotations

import logging

from celery import shared_task

from rightdesk.webhooks.actions import (
    deliveries_prune,
    deliveries_sweep,
    delivery_attempt,
    delivery_next,
)

log = logging.getLogger(__name__)


@shared_task(name="rightdesk.webhooks.tasks.deliver")
def deliver(delivery_id: int) -> str:
    """Send one delivery now; a no-op if it is not due, held elsewhere, or already sent.

    When it was sent, its workspace's sending slot is free again: pass it on to the
    workspace's next due delivery, which may have found the slot taken ('busy').
    """
    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome not in {"skipped", "busy"} and not deliver.app.conf.task_always_eager:
        following = delivery_next(delivery_id=delivery_id)
        if following is not None:
            try:
                deliver.delay(following)
            except Exception:  # the sweeper sends it if the broker is away
                log.warning("webhook delivery %s: could not queue", following, exc_info=True)
    return outcome


@shared_task(name="rightdesk.webhooks.tasks.sweep_deliveries")
def sweep_deliveries() -> int:
    """Send what is due: retries, and anything a lost task never sent; forget old ones."""
    deliveries_prune()
    return deliveries_sweep()
