"""Public pages run a fixed number of SQL queries, however much content there is."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from guides.models import Guide, GuideStep, OfficialContact, Operator, SafetyNote

QUERY_BUDGET = 10


def multiply_content(copies):
    """Add `copies` clones of every operator (with contacts and facts, and guides with steps
    and facts) and note."""
    operators = list(
        Operator.objects.prefetch_related("contacts", "facts", "guides__steps", "guides__facts")
    )
    notes = list(SafetyNote.objects.prefetch_related("channels", "operators"))
    for copy in range(1, copies + 1):
        for operator in operators:
            clone = Operator.objects.get(pk=operator.pk)
            clone.pk = None
            clone.slug = f"{operator.slug}-x{copy}"
            clone.save()
            OfficialContact.objects.bulk_create(
                OfficialContact(
                    operator=clone,
                    kind=c.kind,
                    value=c.value,
                    purpose_zh_hans=c.purpose_zh_hans,
                    purpose_en=c.purpose_en,
                    source_url=c.source_url,
                    verified_on=c.verified_on,
                )
                for c in operator.contacts.all()
            )
            for fact in operator.facts.all():
                fact.pk = None
                fact.operator = clone
                fact.save()
            for guide in operator.guides.all():
                steps = list(guide.steps.all())
                facts = list(guide.facts.all())
                guide.pk = None
                guide.slug = f"{guide.slug}-x{copy}"
                guide.operator = clone
                guide.save()
                GuideStep.objects.bulk_create(
                    GuideStep(
                        guide=guide, order=s.order, text_zh_hans=s.text_zh_hans, text_en=s.text_en
                    )
                    for s in steps
                )
                for fact in facts:
                    fact.pk = None
                    fact.guide = guide
                    fact.save()
        for note in notes:
            clone = SafetyNote.objects.get(pk=note.pk)
            clone.pk = None
            clone.slug = f"{note.slug}-x{copy}"
            clone.save()
            clone.channels.set(note.channels.all())
            clone.operators.set(note.operators.all())


def sample_paths():
    guide = Guide.objects.published().select_related("operator", "channel").first()
    return [
        "/en/",
        "/en/guides/",
        f"/en/guides/?operator={guide.operator.slug}&channel={guide.channel.slug}&q=top",
        "/zh-hans/guides/?region=cn&region=ph&page=2",
        "/en/guides/?abroad=1",
        f"/zh-hans/guides/?abroad=1&operator={guide.operator.slug}&q=top",
        f"/en/guides/{guide.slug}/",
        "/en/operators/",
        f"/en/operators/{guide.operator.slug}/",
        f"/en/channels/{guide.channel.slug}/",
        "/en/safety/",
        "/en/keep-your-number/",
        f"/zh-hans/not-arrived/?operator={guide.operator.slug}&channel={guide.channel.slug}",
    ]


def count_queries(client, django_assert_max_num_queries, paths):
    """Queries of each page as rendered, not as served from the page cache."""
    cache.clear()
    counts = {}
    for path in paths:
        with django_assert_max_num_queries(QUERY_BUDGET) as captured:
            assert client.get(path).status_code == 200, path
        counts[path] = len(captured)
    return counts


def test_page_queries_do_not_grow_with_content(client, demo, django_assert_max_num_queries):
    paths = sample_paths()
    before = count_queries(client, django_assert_max_num_queries, paths)
    multiply_content(9)
    assert Guide.objects.published().count() >= 10 * 24
    after = count_queries(client, django_assert_max_num_queries, paths)
    assert after == before


def test_page_queries_hold_with_bulk_content(client, demo, django_assert_max_num_queries):
    paths = sample_paths() + [
        "/en/guides/?q=GCash",
        "/zh-hans/guides/?q=充值&page=3",
        "/zh-hans/guides/?q=Smart卡充值",
        "/en/guides/?q=10086",
        # No guide has both words: the closest are listed, and the search is counted.
        "/en/guides/?q=csl+GCash",
        # Nothing at all: suggestions instead.
        "/en/guides/?q=hamster",
    ]
    before = count_queries(client, django_assert_max_num_queries, paths)
    call_command("generate_bulk_content", operators=20, guides=600, verbosity=0, stdout=None)
    assert Guide.objects.published().count() > 600
    assert count_queries(client, django_assert_max_num_queries, paths) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_queries_a_page_repeats_are_prepared_on_postgresql(client, demo):
    guide = Guide.objects.published().first()
    for _ in range(6):
        cache.clear()
        assert client.get(guide.get_absolute_url()).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "guides_guide"' in statement for statement in prepared)
    assert any('FROM "guides_guidestep"' in statement for statement in prepared)
