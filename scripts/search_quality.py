"""Search quality on the public query set (tests/search_queries.py): the share of readers'
queries with an expected guide in the top 3 (`make search-quality`). Loads the demo content into
the configured database first (SQLite by default; DATABASE_URL for PostgreSQL).

`--show` prints every query's top 3. `--compare` measures the choices guides/search.py explains:
jieba or character bigrams for Chinese, with and without the editors' synonyms.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.9


def top_three(text):
    """The first three guides the guide list shows for the search `text`, and whether they
    have all its words (rather than the most of them)."""
    from django.http import QueryDict

    from guides.filters import GuideFilter

    query = QueryDict(mutable=True)
    query["q"] = text
    filters = GuideFilter(query)
    filters.count_options()
    return list(filters.guides().values_list("slug", flat=True)[:3]), not filters.missed


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

    from guides import search
    from guides.cache import bump_content_version
    from guides.models import SearchSynonym

    for name, segmenter in [("jieba", search.jieba_words), ("bigrams", search.bigram_words)]:
        search.segmenter = segmenter
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
    search.segmenter = search.jieba_words


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every query's top 3")
    parser.add_argument("--compare", action="store_true", help="measure the alternatives")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")

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
    return 0 if share >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
