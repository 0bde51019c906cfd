"""Background work about the search index."""

from __future__ import annotations

import time

from celery import shared_task

from rightdesk.flows.reindex import search_refresh

# Batches until this much time has passed, so one run stays well inside the minute.
BUDGET_SECONDS = 20


@shared_task(name="rightdesk.search.tasks.refresh_search")
def refresh_search() -> int:
    """Bring documents made by an older version of the terms up to date, batch by batch."""
    started, done = time.monotonic(), 0
    while time.monotonic() - started < BUDGET_SECONDS:
        rebuilt = search_refresh()
        done += rebuilt
        if not rebuilt:
            break
    return done
