"""Test settings: the base settings with a test secret and fast password hashing.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from victimcare.config.settings.base import *  # noqa: F403
from victimcare.config.settings.base import STATIC_ROOT, STORAGES

# Tests (and `make test`, SECRET_KEY=test-only) may use a short key; production may not
# (core/secret_key.py). Only this module turns the check off.
VCH_SECRET_KEY_CHECK = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production: Argon2
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve assets from build/static through the finders, as under `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
