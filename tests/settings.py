"""Test settings: the real settings, with a private data dir and fast password hashing."""

import os
import tempfile

os.environ["RIGHTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="rightdesk-test-")
os.environ.setdefault("RIGHTDESK_SECRET_KEY", "test-secret-key-not-for-production")
# The command speaks the terminal's language; the tests expect English wherever they run.
os.environ["RIGHTDESK_LANGUAGE"] = "en"
# The lemma tries outlive each run's temporary data dir: built once per checkout (about
# 9 s), not once per test process. The same place `make run` keeps them.
os.environ.setdefault(
    "RIGHTDESK_LEMMA_CACHE",
    os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var", "lemmas"),
)

from rightdesk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks published by code under test go to an in-memory broker; tests that
# need a real worker start one on a real broker (tests/test_worker.py).
CELERY_BROKER_URL = "memory://"

if DATABASES["default"]["ENGINE"] == "rightdesk.core.sqlite":  # noqa: F405
    # A file, not memory: tests/test_worker.py shares the test database with a real
    # worker process (pytest-xdist adds a suffix per test process).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["RIGHTDESK_DATA_DIR"], "test.sqlite3")
    }
