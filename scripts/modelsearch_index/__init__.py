"""The guides as `modelsearch` indexes them, for scripts/measure_modelsearch.py only: never
installed by the site's settings (scripts/modelsearch_settings.py adds it)."""
