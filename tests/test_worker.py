"""A worker process is readied before it serves: jieba loaded, long-lived objects frozen."""

import gc
import runpy
from pathlib import Path

from guides.search import reading
from site_config import wsgi

ROOT = Path(__file__).resolve().parent.parent


def test_preparing_a_worker_loads_jieba_and_freezes_what_lives_as_long_as_it(monkeypatch):
    # Not frozen for real: that would freeze the whole test session's objects.
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    reading.jieba_tokenizer.cache_clear()
    wsgi.prepare_worker()
    assert reading.jieba_tokenizer.cache_info().currsize == 1
    assert frozen == [True]


def test_gunicorn_prepares_each_worker(monkeypatch):
    prepared = []
    monkeypatch.setattr(wsgi, "prepare_worker", lambda: prepared.append(True))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert prepared == [True]
