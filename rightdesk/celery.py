"""The Celery application: Redis in production, a local SQLite transport by default.

Configured from Django settings (`CELERY_*`), including the beat schedule.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightdesk.settings")

app = Celery("rightdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A task is acknowledged after it ran, and given back if its worker dies; tasks
    # are idempotent, so running one twice is safe.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
)
app.autodiscover_tasks(
    ["rightdesk.channels", "rightdesk.conversations", "rightdesk.search", "rightdesk.webhooks"]
)
