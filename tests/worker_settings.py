"""Settings of a worker process that tests start: the real settings, on the test database.

tests/test_worker.py passes the name of pytest's test database (and, on a shared
Redis, a key prefix of its own) in the environment.
"""

import os

from rightdesk.settings import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["RIGHTDESK_TEST_DATABASE_NAME"]  # noqa: F405
_prefix = os.environ.get("RIGHTDESK_TEST_BROKER_PREFIX")
if _prefix:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": _prefix}
