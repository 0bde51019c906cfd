"""Rightdesk settings: one file, configured from the environment.

Every variable a deployment may set is read here through the typed helpers
below, and listed in the README. The embedded default needs none of them.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_unreadable(name: str, raw: str, accepted: str) -> NoReturn:
    """Stop start-up with one line naming the variable and what it accepts.

    Settings are read before translations can be, so this line is English.
    """
    sys.stderr.write(f"rightdesk: error: {name}={raw!r} is not readable; use {accepted}\n")
    raise SystemExit(2)


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum or (maximum is not None and value > maximum):
        upto = f" to {maximum}" if maximum is not None else ""
        env_unreadable(name, raw, f"a whole number from {minimum}{upto}")
    return value


_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    env_unreadable(name, raw, " or ".join((", ".join(_TRUE), ", ".join(_FALSE))))


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "")
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


_SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+starttls": (587, True, False),
    "smtps": (465, False, True),
}
_EMAIL_URL_ACCEPTED = (
    "smtp://user:password@host:port, smtp+starttls://... or smtps://..."
    " (provider URLs are not supported yet)"
)
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def _email_url(raw: str) -> dict[str, Any]:
    """Read RIGHTDESK_EMAIL_URL; anything else than a plain SMTP URL stops start-up."""
    parts = urlsplit(raw.strip())
    # The line on stderr never shows the password.
    shown = raw.replace(f":{parts.password}@", ":***@") if parts.password else raw
    try:
        port = parts.port
        host = parts.hostname
    except ValueError:
        env_unreadable("RIGHTDESK_EMAIL_URL", shown, _EMAIL_URL_ACCEPTED)
    scheme = parts.scheme.lower()
    if (
        scheme not in _SMTP_SCHEMES
        or not host
        or port == 0
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or any(ch.isspace() or ord(ch) < 32 for ch in raw.strip())
    ):
        env_unreadable("RIGHTDESK_EMAIL_URL", shown, _EMAIL_URL_ACCEPTED)
    default_port, starttls, ssl = _SMTP_SCHEMES[scheme]
    return {
        "backend": _SMTP_BACKEND,
        "host": host,
        "port": port or default_port,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "starttls": starttls,
        "ssl": ssl,
    }


def _email_settings() -> dict[str, Any]:
    raw = env_str("RIGHTDESK_EMAIL_URL").strip()
    if raw:
        return _email_url(raw)
    if any(
        os.environ.get(f"RIGHTDESK_SMTP_{n}") for n in ("HOST", "PORT", "USER", "PASSWORD", "TLS")
    ):
        return {
            "backend": _SMTP_BACKEND,
            "host": env_str("RIGHTDESK_SMTP_HOST", "127.0.0.1"),
            "port": env_int("RIGHTDESK_SMTP_PORT", 25, minimum=1, maximum=65535),
            "user": env_str("RIGHTDESK_SMTP_USER"),
            "password": env_str("RIGHTDESK_SMTP_PASSWORD"),
            "starttls": env_bool("RIGHTDESK_SMTP_TLS", False),
            "ssl": False,
        }
    return {
        "backend": "rightdesk.core.outbox.OutboxEmailBackend",
        "host": "127.0.0.1",
        "port": 25,
        "user": "",
        "password": "",
        "starttls": False,
        "ssl": False,
    }


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("RIGHTDESK_DATA_DIR", "var")).resolve()
ATTACHMENTS_DIR = DATA_DIR / "attachments"
# Every inbound message as received, by the SHA-256 of its bytes, before it is read.
RAW_MAIL_DIR = DATA_DIR / "mail"


def _secret_key() -> str:
    """The key comes from the environment, or is made once and kept in the data dir."""
    configured = env_str("RIGHTDESK_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("RIGHTDESK_DEBUG", False)
ALLOWED_HOSTS = env_list("RIGHTDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("RIGHTDESK_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("RIGHTDESK_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Only for its static files: the API docs page loads Swagger UI from the desk.
    "ninja",
    "rightdesk.core",
    "rightdesk.search",
    "rightdesk.accounts",
    "rightdesk.customers",
    "rightdesk.conversations",
    "rightdesk.webhooks",
    "rightdesk.channels",
    "rightdesk.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rightdesk.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rightdesk.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rightdesk.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "rightdesk.urls"
WSGI_APPLICATION = "rightdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    # Connections are kept between requests: opening one costs more than most requests.
    conn_max_age = env_int("RIGHTDESK_DB_CONN_MAX_AGE", 60)
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
        config["CONN_HEALTH_CHECKS"] = True
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "rightdesk.core.sqlite",
            "NAME": str(DATA_DIR / "rightdesk.sqlite3"),
            "CONN_MAX_AGE": conn_max_age,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids
                # lock upgrades that fail under concurrent writers.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
# Per address and quarter of an hour: failed sign-ins before more are refused,
# and password reset emails before more are quietly not sent.
LOGIN_FAILURES_PER_WINDOW = env_int("RIGHTDESK_LOGIN_FAILURES", 10)
PASSWORD_RESETS_PER_WINDOW = env_int("RIGHTDESK_PASSWORD_RESETS", 3)
# On the embedded database, seconds a sign-in waits for another change to finish
# writing before it answers "busy" (a change otherwise waits up to 20 s).
SIGN_IN_WRITER_WAIT = 2.0
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("et", _("Estonian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Requests larger than this are refused before they are read into memory.
# 28 MiB: a largest attachment (20 MiB) sent as base64 in JSON is about 26.7 MiB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("RIGHTDESK_MAX_REQUEST_BYTES", 28 * 1024 * 1024, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_ATTACHMENT_BYTES = env_int("RIGHTDESK_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024, minimum=1)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Behind TLS (a proxy that terminates HTTPS): cookies only over HTTPS, browsers
# told to use nothing else, and the proxy's X-Forwarded-Proto trusted for the scheme.
HTTPS = env_bool("RIGHTDESK_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None

# The desk's own mail (password reset, invitations): RIGHTDESK_EMAIL_URL, else the
# superseded RIGHTDESK_SMTP_* variables when any is set, else .eml files in the outbox.
OUTBOX_DIR = DATA_DIR / "outbox"
_email = _email_settings()
EMAIL_BACKEND = env_str("RIGHTDESK_EMAIL_BACKEND") or _email["backend"]
EMAIL_HOST = _email["host"]
EMAIL_PORT = _email["port"]
EMAIL_HOST_USER = _email["user"]
EMAIL_HOST_PASSWORD = _email["password"]
EMAIL_USE_TLS = _email["starttls"]
EMAIL_USE_SSL = _email["ssl"]
# A mail server that accepts the connection and then says nothing must not hold a request.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("RIGHTDESK_FROM_EMAIL", "desk@localhost")

# Celery: Redis in production; a durable local transport under the data dir
# otherwise, so the embedded default needs no other server.
CELERY_BROKER_URL = env_str("RIGHTDESK_BROKER_URL", f"sqla+sqlite:///{DATA_DIR / 'broker.sqlite3'}")
CELERY_TASK_ALWAYS_EAGER = env_bool("RIGHTDESK_TASKS_EAGER", False)
if CELERY_BROKER_URL.startswith("sqla+sqlite:"):
    # kombu hands these to SQLAlchemy's create_engine: wait for the web and worker
    # processes' writes instead of failing with "database is locked".
    CELERY_BROKER_TRANSPORT_OPTIONS = {"connect_args": {"timeout": 30}}
CELERY_BEAT_SCHEDULE = {
    "webhook-sweeper": {
        "task": "rightdesk.webhooks.tasks.sweep_deliveries",
        "schedule": float(env_int("RIGHTDESK_SWEEP_SECONDS", 30, minimum=1)),
    },
    "attachment-sweeper": {
        "task": "rightdesk.conversations.tasks.sweep_attachments",
        "schedule": 3600.0,
    },
    # Inbound mail whose receiver stopped between storing and reading it.
    "inbound-mail-sweeper": {
        "task": "rightdesk.channels.tasks.sweep_inbound_mail",
        "schedule": 60.0,
    },
    # After an upgrade that changes how search terms are made: 500 documents a minute.
    "search-refresher": {
        "task": "rightdesk.search.tasks.refresh_search",
        "schedule": 60.0,
    },
}

# Webhooks may not point at private or local addresses unless this is set (see README).
WEBHOOKS_ALLOW_PRIVATE = env_bool("RIGHTDESK_WEBHOOKS_ALLOW_PRIVATE", False)

# Remote images in messages, fetched by the desk when an agent asks (web/remote_images.py).
# A customer chooses these URLs, so private addresses have a switch of their own.
REMOTE_IMAGES_ALLOW_PRIVATE = env_bool("RIGHTDESK_REMOTE_IMAGES_ALLOW_PRIVATE", False)
REMOTE_IMAGES_SECONDS = env_int("RIGHTDESK_REMOTE_IMAGES_TIMEOUT", 5, minimum=1, maximum=30)
REMOTE_IMAGES_MAX_BYTES = 5 * 1024 * 1024

# Lemma dictionaries: tries built once per simplemma version and mapped by every process.
LEMMA_CACHE_DIR = Path(env_str("RIGHTDESK_LEMMA_CACHE") or DATA_DIR / "lemmas").resolve()
# "pickled" loads simplemma's default dictionaries into each process (~400 MB):
# kept only to compare against (bench/processes.py).
LEMMA_BACKEND = env_str("RIGHTDESK_LEMMA_BACKEND", "trie").strip().lower()
if LEMMA_BACKEND not in {"trie", "pickled"}:
    env_unreadable("RIGHTDESK_LEMMA_BACKEND", LEMMA_BACKEND, "trie or pickled")

# One webhook attempt ends after this many seconds in all (connect, send, answer).
WEBHOOKS_TIMEOUT_SECONDS = env_int("RIGHTDESK_WEBHOOKS_TIMEOUT", 10, minimum=1, maximum=60)
# Deliveries one workspace may have in flight at once, on all workers together; kept
# below the workers' concurrency, a slow receiver cannot hold every worker.
WEBHOOKS_IN_FLIGHT = env_int("RIGHTDESK_WEBHOOKS_IN_FLIGHT", 1, minimum=1, maximum=100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RIGHTDESK_LOG_LEVEL", "WARNING")},
}
