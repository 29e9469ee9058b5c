"""WSGI entry point, used by gunicorn in production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")

application = get_wsgi_application()


def prepare_worker():
    """Ready a worker process before it serves (gunicorn.conf.py's `post_worker_init`).

    Loads jieba's dictionary (about a second) now rather than on a reader's first search
    (guides/search/reading.py), then freezes every object made so far: Django, the app and that
    dictionary of 350,000 words live as long as the process, and a full garbage collection
    would otherwise walk them all, in the middle of whichever request it falls on. Measured on
    the bulk content (scripts/search_quality.py --bulk), such collections took up to 195 ms;
    after the freeze, about a fifth of that.
    """
    from guides.search.reading import jieba_tokenizer

    jieba_tokenizer()
    gc.freeze()
