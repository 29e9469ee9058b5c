"""Search quality on the public query set (tests/search_queries.py): the share of readers'
queries with an expected guide in the top 3 (`make search-quality`). Loads the demo content into
the configured database first (SQLite by default; DATABASE_URL for PostgreSQL).

`--show` prints every query's top 3. `--compare` measures the choices guides/search/reading.py
explains: jieba or character bigrams for Chinese, with and without the editors' synonyms. `--bulk`
adds 20,000 generated guides (`manage.py generate_bulk_content`, unless they are there) and times
every query of the set as the guide list renders it, page cache off, one request at a time: the
latency a reader waits for at one connection per worker, without gunicorn and the network.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.9
LATENCY_TARGET_MS = 100


def top_three(text):
    """The first three answers the guide list shows for the search `text`, and whether they
    have all its words (rather than the most of them): the safety notes that lead a search for
    scam words ("safety:<slug>", shown above the guides), then the guides."""
    from django.http import QueryDict

    from guides.models import Guide
    from guides.search.help import safety_leads
    from guides.web.filters import GuideFilter

    query = QueryDict(mutable=True)
    query["q"] = text
    filters = GuideFilter(query)
    filters.count_options()
    notes = [f"safety:{note.slug}" for note in safety_leads(filters.search_plan)]
    top = Guide.objects.only("slug").in_order_of(filters.guides()[:3])
    return (notes + [guide.slug for guide in top])[:3], not filters.missed


def measure(queries, show=False):
    """The share of `queries` ((language, text, expected slugs) each) answered in the top 3,
    and the share answered by guides with every word of the query."""
    from django.utils import translation

    answered = fully = 0
    for language, text, expected in queries:
        with translation.override(language):
            found, all_words = top_three(text)
        hit = bool(expected & set(found))
        answered += hit
        fully += hit and all_words
        if show:
            some = "" if all_words else "(some words) "
            print(f"{'ok  ' if hit else 'MISS'} {some}{text!r}: {found}")
    return answered / len(queries), fully / len(queries)


def compare(queries):
    """Each segmenter, with the synonyms and without (removed in a transaction rolled back)."""
    from django.db import transaction

    from guides.caching.content import bump_content_version
    from guides.models import SearchSynonym
    from guides.search import reading

    for name, segmenter in [("jieba", reading.jieba_words), ("bigrams", reading.bigram_words)]:
        reading.segmenter = segmenter
        with_synonyms = measure(queries)
        with transaction.atomic():
            SearchSynonym.objects.all().delete()
            without = measure(queries)
            transaction.set_rollback(True)
        bump_content_version()
        print(
            f"  {name:8} top 3 (with every word): with synonyms {with_synonyms[0]:4.0%} "
            f"({with_synonyms[1]:4.0%}), without {without[0]:4.0%} ({without[1]:4.0%})"
        )
    reading.segmenter = reading.jieba_words


def latency(queries, rounds=5, first_time=False):
    """p50 and p99 in milliseconds of the guide list answering each of `queries`, rendered.

    With `first_time`, as if no one had searched since the last content change: the words each
    query looks up are read from the database every time (the snapshot of the guides is kept;
    `snapshot_load` times that)."""
    from django.test import Client

    from guides.search import snapshot
    from site_config.wsgi import prepare_worker

    prepare_worker()  # as gunicorn readies each worker
    client = Client(SERVER_NAME="127.0.0.1")
    for language, text, _expected in queries:  # once each, to load jieba and the shared reads
        client.get(f"/{language}/guides/", {"q": text})
    times = []
    for _ in range(rounds):
        for language, text, _expected in queries:
            if first_time:
                snapshot.snapshot().derived.clear()
            start = time.perf_counter()
            response = client.get(f"/{language}/guides/", {"q": text})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, text
    percentiles = statistics.quantiles(times, n=100)
    return percentiles[49], percentiles[98]


def snapshot_load(rounds=5):
    """The median time in milliseconds to load the snapshot of the public guides search reads,
    once per content version in each app server process."""
    from guides.search.snapshot import GuideSnapshot

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        GuideSnapshot.load()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every query's top 3")
    parser.add_argument("--compare", action="store_true", help="measure the alternatives")
    parser.add_argument("--bulk", action="store_true", help="time the queries on bulk content")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    # Every request renders its page, as a search no one made before does.
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"

    import django

    django.setup()
    from django.core.management import call_command

    from tests.search_queries import QUERIES

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if args.compare:
        compare(QUERIES)
    share, _fully = measure(QUERIES, show=args.show)
    print(
        f"Search quality: {share:.0%} of {len(QUERIES)} readers' queries have an expected guide "
        f"in the top 3 (target {TARGET:.0%}): {'met' if share >= TARGET else 'NOT met'}"
    )
    met = share >= TARGET
    if args.bulk:
        from guides.models import Guide

        if not Guide.objects.filter(slug__startswith="bulk-").exists():
            call_command("generate_bulk_content", verbosity=0)
        count = Guide.objects.public().count()
        for label, first_time in [("searched before", False), ("first time", True)]:
            p50, p99 = latency(QUERIES, first_time=first_time)
            verdict = "met" if p99 < LATENCY_TARGET_MS else "NOT met"
            print(
                f"Search latency with {count:,} guides, {label}: p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms (target p99 {LATENCY_TARGET_MS} ms): {verdict}"
            )
            met = met and p99 < LATENCY_TARGET_MS
        print(
            f"Snapshot of the guides, read once per content change in each process: "
            f"{snapshot_load():.0f} ms"
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
