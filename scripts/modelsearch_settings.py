"""The site's settings with `modelsearch` and the measured index (scripts/modelsearch_index)
installed, for scripts/measure_modelsearch.py; the database comes from DATABASE_URL as usual,
and modelsearch picks its database backend for it (PostgreSQL full-text search, SQLite FTS5)."""

from site_config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch", "modelsearch_index"]  # noqa: F405
MODELSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
