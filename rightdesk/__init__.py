"""Rightdesk, the customer-care desk.

The Celery app is loaded with the package so that every process (web, worker,
command line) sends tasks through the configured broker, not Celery's default.
"""

from rightdesk.celery import app as celery_app

__all__ = ["celery_app"]
