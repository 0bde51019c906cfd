"""Celery entry points for webhooks (thin: the work is in actions)."""

from __future__ import annotations

from celery import shared_task

from rightdesk.webhooks.actions import deliveries_due, delivery_attempt


@shared_task(name="rightdesk.webhooks.tasks.deliver")
def deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)


@shared_task(name="rightdesk.webhooks.tasks.sweep_deliveries")
def sweep_deliveries() -> int:
    """Send what is due: retries, and anything a lost task never sent."""
    due = deliveries_due()
    for delivery_id in due:
        delivery_attempt(delivery_id=delivery_id)
    return len(due)
