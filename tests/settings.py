"""Test settings: production settings with fast password hashing and plain static storage.

The production-mode checks in `site_config.settings` need a secret key and allowed hosts, so the
tests provide harmless ones. DATABASE_URL and REDIS_URL still apply, so the same suite runs on
SQLite with the local-memory cache and on PostgreSQL with Redis.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from site_config.settings import *  # noqa: E402, F403
from site_config.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
