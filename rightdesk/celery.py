"""The Celery application: Redis in production, a local SQLite transport by default."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightdesk.settings")

app = Celery("rightdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    beat_schedule={
        "webhook-sweeper": {"task": "rightdesk.webhooks.tasks.sweep_deliveries", "schedule": 30.0},
    },
)
app.autodiscover_tasks(["rightdesk.webhooks"])
