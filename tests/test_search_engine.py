"""The in-process search engine: sets of guides as bits, scores in bit planes, pages read off
groups of equal score, and counts that agree with the database's."""

import random

import pytest
from django.http import QueryDict

from guides.models import Guide, SearchPlan, search_plan
from guides.search import engine, snapshot
from guides.search.bitsets import Scores, bits_of, bits_of_truths, descending, positions_of
from guides.search.engine import Ranking
from guides.search.help import safety_leads
from guides.web.filters import GuideFilter, Tally


def test_a_set_of_positions_survives_the_round_trip_through_bits():
    positions = sorted(random.Random(7).sample(range(5000), 300))
    assert positions_of(bits_of(positions)) == positions
    assert bits_of([]) == 0
    assert positions_of(0) == []


def test_a_boolean_for_each_position_reads_as_the_same_set():
    draw = random.Random(7).random
    truths = [draw() < 0.3 for _ in range(5000)]
    assert bits_of_truths(iter(truths)) == bits_of(i for i, true in enumerate(truths) if true)
    assert bits_of_truths([]) == 0
    assert bits_of_truths([False, False]) == 0


def test_scores_in_bit_planes_add_up_like_plain_numbers():
    rng = random.Random(3)
    expected = [0] * 200
    scores = Scores()
    for _ in range(40):
        weight = rng.choice([1, 2, 4, 6, 8])
        chosen = [p for p in range(200) if rng.random() < 0.4]
        scores.add(bits_of(chosen), weight)
        for position in chosen:
            expected[position] += weight
    planes = scores.planes
    got = [sum(1 << i for i, plane in enumerate(planes) if plane >> p & 1) for p in range(200)]
    assert got == expected


def test_groups_come_highest_score_first_and_each_in_reading_order():
    scores = Scores()
    scores.add(bits_of([1, 3, 5]), 4)
    scores.add(bits_of([3, 8]), 1)
    groups = descending(bits_of([0, 1, 3, 5, 8, 9]), scores.most_significant_first)
    assert [positions_of(group) for group in groups] == [[3], [1, 5], [8], [0, 9]]


class FakeSnapshot:
    ids = tuple(range(100, 200))


def test_a_ranking_reads_any_slice_across_groups():
    groups = [bits_of([4, 2]), bits_of([0, 1, 9]), bits_of([3])]
    ranking = Ranking(FakeSnapshot(), groups)
    everything = [102, 104, 100, 101, 109, 103]
    assert len(ranking) == 6
    assert list(ranking) == everything
    for start in range(7):
        for stop in range(start, 8):
            assert ranking[start:stop] == everything[start:stop]
    assert ranking[-1] == 103
    assert ranking[::-1] == everything[::-1]
    assert ranking[1::2] == everything[1::2]
    with pytest.raises(IndexError):
        ranking[6]


def test_search_counts_and_lists_what_the_database_counts_and_filters(demo):
    for text in ["GCash", "充值", "smart 漫游", "卡", "10086", "csl GCash"]:
        for filters in ["", "region=ph", "operator=smart&abroad=1", "channel=gcash&region=cn"]:
            query = QueryDict(filters, mutable=True)
            query["q"] = text
            guide_filter = GuideFilter(query)
            guide_filter.count_options()
            ids = list(guide_filter.found.ranked())
            in_database = Tally.of(Guide.objects.public().filter(pk__in=ids))
            in_memory = Tally.of_search(guide_filter.found)
            assert in_memory.totals == in_database.totals, (text, filters)
            for name, chosen in [("channel", {"operator": {"smart"}}), ("region", {})]:
                assert in_memory.counts(name, chosen) == in_database.counts(name, chosen)
            listed = guide_filter.guides()[:]
            kept = guide_filter._filtered(Guide.objects.public().filter(pk__in=ids))
            assert set(listed) == set(kept.values_list("pk", flat=True)), (text, filters)
            assert len(listed) == guide_filter.total()


def found_ids(text):
    return list(engine.search(SearchPlan.of(text)).ranked())


def test_a_retired_operators_guides_leave_search(demo):
    guide = Guide.objects.public().get(slug="smart-gigalife-app")
    assert guide.pk in found_ids("smart")
    guide.operator.is_active = False
    guide.operator.save()
    assert guide.pk not in found_ids("smart")


def test_a_site_without_public_guides_searches_without_error(client, make_guide):
    make_guide(slug="draft", title_en="GCash refund", status=Guide.Status.DRAFT)
    assert found_ids("GCash refund") == []
    response = client.get("/en/guides/", {"q": "GCash refund"})
    assert response.status_code == 200


def test_queries_of_lone_characters_read_the_text_once(demo, django_assert_num_queries):
    plan = SearchPlan.of("卡 号 发")  # reads the operators', channels' and regions' names
    snapshot.snapshot()
    with django_assert_num_queries(1):
        ids = list(engine.search(plan).ranked())
    assert ids
    with django_assert_num_queries(0):
        assert list(engine.search(plan).ranked()) == ids


def test_a_partial_search_reuses_the_requests_snapshot(demo, monkeypatch):
    loads = []
    load = snapshot.GuideSnapshot.load
    monkeypatch.setattr(snapshot.GuideSnapshot, "load", lambda: loads.append(1) or load())
    monkeypatch.setattr(snapshot, "kept_in_process", lambda name, load, values: load())
    guide_filter = GuideFilter(QueryDict("q=csl+GCash"))
    guide_filter.count_options()
    assert guide_filter.partial
    assert len(loads) == 1


def test_a_search_page_plans_its_query_once_and_asks_the_engine_once(client, demo, monkeypatch):
    plans, searches = [], []
    plan_of = SearchPlan.of.__func__
    monkeypatch.setattr(
        SearchPlan, "of", classmethod(lambda cls, query: plans.append(query) or plan_of(cls, query))
    )
    search = engine.search
    monkeypatch.setattr(engine, "search", lambda plan: searches.append(plan) or search(plan))
    # No guide has both words: the engine falls back to the guides with one of them itself.
    response = client.get("/en/guides/", {"q": "csl GCash"})
    assert response.context["filters"].partial
    assert len(plans) == 1
    assert len(searches) == 1


def test_the_engine_and_the_help_read_the_plan_not_what_it_was_made_from(demo, monkeypatch):
    plan = SearchPlan.of("load smart in china 诈骗")
    assert plan.away_operators and plan.safety_terms

    def read_again():
        raise AssertionError("the plan's sources were read again")

    monkeypatch.setattr(search_plan, "vocabulary", read_again)
    monkeypatch.setattr(search_plan, "thesaurus", read_again)
    assert list(engine.search(plan).ranked())
    assert safety_leads(plan)
