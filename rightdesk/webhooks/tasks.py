"""Celery entry points for webhooks (thin: the work is in actions)."""

from __future__ import annotations

from celery import shared_task

from rightdesk.webhooks.actions import deliveries_prune, deliveries_sweep, delivery_attempt


@shared_task(name="rightdesk.webhooks.tasks.deliver")
def deliver(delivery_id: int) -> str:
    """Send one delivery now; a no-op if it is not due, held elsewhere, or already sent."""
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(name="rightdesk.webhooks.tasks.sweep_deliveries")
def sweep_deliveries() -> int:
    """Send what is due: retries, and anything a lost task never sent; forget old ones."""
    deliveries_prune()
    return deliveries_sweep()
