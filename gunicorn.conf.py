"""gunicorn settings for production-like serving (`make serve`, `make bench`).

Each value can be overridden with the environment variables named below.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers suit a page cache: most requests are served from memory in well under 1 ms.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Limits that keep oversized or slow requests away from Django.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# The access log records paths only: the number checker's query string is not logged, so what a
# reader checks stays private; and no share link's token (guides/web/log_privacy.py).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "guides.web.log_privacy.AccessLogger"
errorlog = "-"
wsgi_app = "site_config.wsgi:application"


def post_worker_init(worker):
    """Load jieba's dictionary and freeze the objects that live as long as the worker, before
    it serves (see `site_config.wsgi.prepare_worker`)."""
    from site_config.wsgi import prepare_worker

    prepare_worker()
