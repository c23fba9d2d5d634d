"""WSGI entry point for production servers (e.g. gunicorn victimcare.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "victimcare.config.settings.base")
application = get_wsgi_application()
