"""Text search: the reader's language; full-text with an index on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, OuterRef, Subquery

from guides.models import Guide, Operator

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
SIMPLE_QUERIES = ["GCash", "Globe", "hotline", "card", "ATM", "roaming", "SmarTone", "receipt"]


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_search_matches_title_summary_and_body_in_the_readers_language(make_guide):
    title = make_guide(slug="t", title_en="Top up with GCash", title_zh_hans="用GCash充值")
    summary = make_guide(slug="s", summary_en="Pay with a GCash wallet", summary_zh_hans="钱包")
    body = make_guide(slug="b", body_en="Keep the GCash reference", body_zh_hans="保留参考号")
    make_guide(slug="other", title_en="Call the hotline")
    assert slugs(Guide.objects.search("GCash", "en")) == {title.slug, summary.slug, body.slug}
    assert slugs(Guide.objects.search("参考号", "zh-hans")) == {body.slug}
    assert slugs(Guide.objects.search("用GCash", "zh-hans")) == {title.slug}


def test_every_word_must_match(make_guide):
    make_guide(slug="both", title_en="GCash hotline")
    make_guide(slug="one", title_en="GCash only")
    assert slugs(Guide.objects.search("GCash hotline", "en")) == {"both"}


def test_demo_content_is_searchable_in_both_languages(demo):
    assert slugs(Guide.objects.published().search("GCash", "en"))
    assert slugs(Guide.objects.published().search("中国移动", "zh-hans"))


@on_postgres
def test_full_text_search_stems_english_words(make_guide):
    make_guide(slug="cards", title_en="Top-up cards for sale at stores")
    assert slugs(Guide.objects.search("card", "en")) == {"cards"}
    assert slugs(Guide.objects.search("selling store", "en")) == set()
    assert slugs(Guide.objects.search("stores", "en")) == {"cards"}


@on_postgres
@pytest.mark.parametrize("query", SIMPLE_QUERIES)
def test_full_text_search_agrees_with_the_simple_match_on_demo_content(demo, query):
    published = Guide.objects.published()
    assert slugs(published.full_text_search(query)) == slugs(
        published.substring_search(query, "en")
    )


@on_postgres
@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Guide.objects.full_text_search("gcash"), "guide_search_en_document"),
        (lambda: Guide.objects.substring_search("中国移动", "zh_hans"), "guide_trgm_title_zh_hans"),
    ],
)
def test_search_uses_its_index(demo, queryset, index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert index in queryset().order_by().explain()


@on_postgres
def test_the_stored_search_document_follows_every_edit(make_guide):
    guide = make_guide(slug="edited", title_en="Top up at a kiosk")
    assert slugs(Guide.objects.search("kiosk", "en")) == {"edited"}
    guide.title_en = "Top up at a counter"
    guide.save()
    assert slugs(Guide.objects.search("kiosk", "en")) == set()
    Guide.objects.filter(pk=guide.pk).update(body_en="Bring a voucher")
    assert slugs(Guide.objects.search("voucher", "en")) == {"edited"}


@on_postgres
def test_search_reads_the_stored_document_instead_of_computing_one(demo):
    sql = str(Guide.objects.published().full_text_search("GCash").in_reading_order().query)
    assert '"guides_guide"."search_en" @@' in sql
    assert "to_tsvector" not in sql


@on_postgres
def test_search_works_inside_a_subquery(demo):
    matches = Guide.objects.full_text_search("GCash")
    outer = Guide.objects.exclude(status=Guide.Status.ARCHIVED).filter(pk__in=matches.values("pk"))
    assert slugs(outer) == slugs(matches)
    assert slugs(outer)


@on_postgres
def test_search_document_in_a_subquery_of_another_model_reads_the_guide_table(demo):
    matches = Guide.objects.full_text_search("GCash").annotate(document=F("search_document"))
    latest = matches.filter(operator=OuterRef("pk")).order_by("-pk")
    operators = Operator.objects.annotate(document=Subquery(latest.values("document")[:1]))
    sql = str(operators.query)
    assert 'U0."search_en"' in sql
    assert '"guides_operator"."search_en"' not in sql
    found = {operator.slug for operator in operators if operator.document}
    assert found == set(matches.values_list("operator__slug", flat=True))
