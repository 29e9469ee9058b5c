"""The benchmark's definitions: what "first render" forgets, and that docs/benchmark.md shows the
results files the scripts write, verbatim."""

import importlib
import pkgutil
import re
from pathlib import Path

import guides
from guides import markup
from guides.caching.content import LocalValues, cached_for_content, content_version
from guides.markup import render_markdown
from scripts.first_render import forget_process_memos, kept_memos, process_memos

ROOT = Path(__file__).resolve().parent.parent


def memos_in_guides():
    """Every lru_cache and LocalValues that a module of `guides` holds at module level, and the
    Markdown memo (a plain dict, guides.markup)."""
    found = []
    for module_info in pkgutil.walk_packages(guides.__path__, "guides."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            defined_here = getattr(value, "__module__", None) == module.__name__
            if (defined_here and hasattr(value, "cache_clear")) or isinstance(value, LocalValues):
                found.append(value)
    found.append(markup._formatted)
    return {id(memo): memo for memo in found}


def test_first_render_forgets_every_per_process_memo_of_content(db):
    memos = {id(memo) for memo in process_memos()}
    assert set(memos_in_guides()) == memos | {id(memo) for memo in kept_memos()}
    render_markdown("**warm**")
    cached_for_content("warm", lambda: "value")
    forget_process_memos()
    for memo in process_memos():
        if isinstance(memo, LocalValues):
            assert memo.get("warm", content_version()) is None
        elif isinstance(memo, dict):
            assert memo == {}
        else:
            assert memo.cache_info().currsize == 0, memo


def test_benchmark_doc_shows_each_results_file_verbatim():
    """The figures in docs/benchmark.md are the scripts' own output: each results file under
    docs/bench appears whole between its markers, and each block names a file that exists."""
    readme = (ROOT / "docs" / "benchmark.md").read_text(encoding="utf-8")
    blocks = dict(
        re.findall(r"<!-- bench-results (\S+) -->\n(.*?)<!-- end bench-results -->", readme, re.S)
    )
    files = {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in (ROOT / "docs" / "bench").glob("*.md")
    }
    assert blocks == files
