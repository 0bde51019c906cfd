import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightdesk.settings")
application = get_wsgi_application()
# Import every view and API router now rather than on the first request: `rightdesk
# serve` preloads this module in gunicorn's master, which does it once before it
# listens, and each forked worker answers its first request at once.
get_resolver().url_patterns  # noqa: B018
