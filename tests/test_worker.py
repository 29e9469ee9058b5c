"""A worker process is readied before it serves: jieba loaded, long-lived objects frozen."""

import gc
import runpy
from pathlib import Path

from guides import search
from site_config import wsgi

ROOT = Path(__file__).resolve().parent.parent


def test_preparing_a_worker_loads_jieba_and_freezes_what_lives_as_long_as_it():
    search.jieba_tokenizer.cache_clear()
    try:
        wsgi.prepare_worker()
        assert search.jieba_tokenizer.cache_info().currsize == 1
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_gunicorn_prepares_each_worker(monkeypatch):
    prepared = []
    monkeypatch.setattr(wsgi, "prepare_worker", lambda: prepared.append(True))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert prepared == [True]
