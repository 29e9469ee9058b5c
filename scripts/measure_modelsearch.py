"""modelsearch (Wagtail's search as a package) measured behind our search plan, against our
engine, on the public query set (tests/search_queries.py): issue 29, point 0. docs/search.md
("Why not modelsearch") has the figures and the decision.

modelsearch is not one of the site's requirements, so this runs in a virtualenv of its own:

    python3.11 -m venv /tmp/ms-venv
    /tmp/ms-venv/bin/pip install -r requirements.txt modelsearch==1.3.2
    DATABASE_URL=sqlite:////tmp/modelsearch.sqlite3 /tmp/ms-venv/bin/python \
        scripts/measure_modelsearch.py [--bulk]

It loads the demo content (and with `--bulk` the 20,000 generated guides), indexes every public
guide with modelsearch's database backend (SQLite FTS5, or PostgreSQL full-text search with a
postgres DATABASE_URL) and asks both engines every query of the set. modelsearch gets what ours
gets: the same plan (`SearchPlan.of`: jieba-cut Chinese, the editors' synonyms, place words),
Chinese cut into words by jieba in the indexed text too (neither database cuts Chinese), each
synonym's term added to the text of the guides that have one of its meanings, the same field
weights as boosts, the same safety notes above the results and the same fallback to guides
with some of the words. Its time is the plan and the search (a count and the first page of
results), not a rendered page as ours is in scripts/search_quality.py: in its favour.
"""

import argparse
import functools
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUALITY_TARGET = 0.9
LATENCY_TARGET_MS = 100
PAGE_SIZE = 20
BATCH = 500
LANGUAGES = ("zh_hans", "en")
NAMES = ("name_zh_hans", "name_en")


def cut(*texts):
    """`texts` as our documents read them (guides/search/reading.py: NFKC, lower case, stems),
    with each Chinese run cut into words by jieba's search mode (its words and their shorter
    words)."""
    from guides.search import reading

    tokenizer = reading.jieba_tokenizer()
    words = []
    for token in reading.tokens(" ".join(text or "" for text in texts)):
        if reading.LATIN.match(token):
            words.append(token)
        else:
            words += [word for word in tokenizer.cut_for_search(token) if word.strip()]
    return " ".join(words)


def ensure_table():
    from django.db import connection
    from modelsearch_index.models import IndexedGuide

    if IndexedGuide._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(IndexedGuide)


def indexed_guides():
    """Every public guide as an `IndexedGuide`, in batches."""
    from modelsearch_index.models import IndexedGuide

    from guides.models import Guide
    from guides.models.facts import works_from_abroad
    from guides.models.search_plan import thesaurus
    from guides.search import reading

    synonyms = [
        (term, entry.text_patterns)
        for term, entry in thesaurus().entries.items()
        if entry.kind == reading.WORDS
    ]
    guides = (
        Guide.objects.public()
        .select_related("operator__region", "channel")
        .prefetch_related("steps")
        .annotate(abroad=works_from_abroad())
        .order_by("pk")
    )
    for guide in guides.iterator(chunk_size=BATCH):
        operator, channel, region = guide.operator, guide.channel, guide.operator.region
        has = [term for term, patterns in synonyms if any(p in guide.search_text for p in patterns)]
        texts = [getattr(guide, f"{n}_{s}") for n in Guide.TRANSLATED_FIELDS for s in LANGUAGES]
        texts += [getattr(step, f"text_{s}") for step in guide.steps.all() for s in LANGUAGES]
        yield IndexedGuide(
            guide=guide,
            slug=guide.slug,
            operator_pk=operator.pk,
            works_from_abroad=guide.abroad,
            operator=cut(
                *(getattr(operator, n) for n in NAMES),
                operator.short_name_zh_hans,
                operator.short_name_en,
                operator.slug,
            ),
            channel=cut(*(getattr(channel, n) for n in NAMES), channel.slug),
            region=cut(*(getattr(region, n) for n in NAMES), region.code),
            title=cut(guide.title_zh_hans, guide.title_en),
            text=cut(*texts, *has),
        )


def build_index():
    """Index every public guide; returns the seconds it took (our table, then modelsearch's)."""
    from django.core.management import call_command
    from modelsearch_index.models import IndexedGuide

    start = time.perf_counter()
    ensure_table()
    IndexedGuide.objects.all().delete()
    batch = []
    for indexed in indexed_guides():
        batch.append(indexed)
        if len(batch) == BATCH:
            IndexedGuide.objects.bulk_create(batch)
            batch = []
    IndexedGuide.objects.bulk_create(batch)
    call_command("rebuild_modelsearch_index", verbosity=0)
    return time.perf_counter() - start


def query_of(plan, partial=False):
    """The modelsearch query of our plan: every required term (with `partial` any of them), each
    answered by its text or any of its text patterns, jieba-cut as the index is."""
    from modelsearch.query import And, Or, PlainText

    conditions = []
    for term in plan.required_terms:
        alternatives = {cut(text) for text in (term.text, *term.text_patterns)} - {""}
        if alternatives:
            conditions.append(Or([PlainText(text, operator="and") for text in alternatives]))
    if not conditions:
        return None
    return (Or if partial else And)(conditions)


@functools.cache
def search_backend():
    """modelsearch's default backend, made once, as a server process would."""
    from modelsearch.backends import get_search_backend

    return get_search_backend()


def searched(plan):
    """The guides modelsearch finds for `plan`: the total and the first page's slugs."""
    from modelsearch_index.models import IndexedGuide

    guides = IndexedGuide.objects.all()
    if plan.away_operators:
        theirs = guides.filter(operator_pk__in=plan.away_operators)
        abroad = theirs.filter(works_from_abroad=True)
        guides = abroad if abroad.exists() else theirs
    backend = search_backend()
    for partial in (False, True):
        if partial and len(plan.required_terms) < 2:
            break
        query = query_of(plan, partial)
        if query is None:
            break
        results = backend.search(query, guides)
        total = results.count()
        if total:
            return total, [indexed.slug for indexed in results[:PAGE_SIZE]]
    return 0, []


def modelsearch_top_three(text):
    """The first three answers for `text`, as scripts/search_quality.py reads ours: the safety
    notes that lead a search for scam words, then modelsearch's guides."""
    from guides.models.search_plan import SearchPlan
    from guides.search.help import safety_leads

    plan = SearchPlan.of(text)
    notes = [f"safety:{note.slug}" for note in safety_leads(plan)]
    _total, slugs = searched(plan)
    return (notes + slugs)[:3]


def quality(queries, top_three, show=False):
    """The share of `queries` with an expected guide in `top_three`'s answer."""
    from django.utils import translation

    answered = 0
    for language, text, expected in queries:
        with translation.override(language):
            found = top_three(text)
        answered += bool(expected & set(found))
        if show and not expected & set(found):
            print(f"  MISS {text!r}: {found}")
    return answered / len(queries)


def latency(queries, rounds, give_up_ms):
    """modelsearch's p50 and p99 in milliseconds: each query's first search since the index was
    built ("first time"), then `rounds` more of each ("searched before"). If one search takes
    longer than `give_up_ms`, (None, (that query, its time)) instead."""
    from django.utils import translation

    times = {"first time": [], "searched before": []}
    for round_number in range(rounds + 1):
        label = "first time" if round_number == 0 else "searched before"
        for language, text, _expected in queries:
            with translation.override(language):
                start = time.perf_counter()
                modelsearch_top_three(text)
                took = (time.perf_counter() - start) * 1000
            if took > give_up_ms:
                return None, (text, took)
            times[label].append(took)
    return {
        label: (statistics.median(found), statistics.quantiles(found, n=100)[98])
        for label, found in times.items()
    }, None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulk", action="store_true", help="add the 20,000 generated guides")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of searches run before")
    parser.add_argument("--give-up-after", type=float, default=60, help="seconds for one search")
    parser.add_argument("--show", action="store_true", help="print modelsearch's misses")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "modelsearch_settings"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from search_quality import top_three as our_top_three

    from guides.models import Guide
    from tests.search_queries import QUERIES

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if args.bulk and not Guide.objects.filter(slug__startswith="bulk-").exists():
        call_command("generate_bulk_content", verbosity=0)
    count = Guide.objects.public().count()
    print(f"{connection.vendor}, {count:,} public guides, {len(QUERIES)} queries")
    print(f"modelsearch index built in {build_index():.0f} s")
    # Timed first, so that "first time" is each query's first search since the index was built.
    timings, gave_up = latency(QUERIES, args.rounds, args.give_up_after * 1000)
    if gave_up:
        text, took = gave_up
        print(f"modelsearch latency: gave up, {text!r} took {took / 1000:.0f} s")
        return 1
    ours = quality(QUERIES, lambda text: our_top_three(text)[0])
    theirs = quality(QUERIES, modelsearch_top_three, show=args.show)
    print(f"top 3: ours {ours:.0%}, modelsearch {theirs:.0%} (target {QUALITY_TARGET:.0%})")
    met = theirs >= QUALITY_TARGET
    for label, (p50, p99) in timings.items():
        met = met and p99 < LATENCY_TARGET_MS
        print(f"modelsearch latency, {label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"modelsearch meets the targets (top 3 and p99 < {LATENCY_TARGET_MS} ms): {met}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
