"""The guide list: filters by operator, channel and region, text search, pages, bad input."""

import pytest
from django.core.cache import cache

from guides.models import Channel, Guide, Operator, Region


@pytest.fixture
def catalogue(make_region, make_operator, make_channel, make_guide):
    """Two regions, three operators, two channels and five published guides (plus a draft)."""
    cn, ph = make_region(code="CN"), make_region(code="PH")
    mobile = make_operator(region=cn, slug="china-mobile", name_en="China Mobile")
    unicom = make_operator(region=cn, slug="china-unicom", name_en="China Unicom")
    globe = make_operator(region=ph, slug="globe", name_en="Globe")
    app = make_channel(slug="operator-app", name_en="Operator app")
    hotline = make_channel(slug="hotline", name_en="Hotline")
    make_guide(slug="mobile-app", operator=mobile, channel=app, title_en="Mobile app top-up")
    make_guide(slug="mobile-hotline", operator=mobile, channel=hotline, title_en="Call 10086")
    make_guide(slug="unicom-app", operator=unicom, channel=app, title_en="Unicom app top-up")
    make_guide(
        slug="globe-app",
        operator=globe,
        channel=app,
        title_en="GlobeOne load",
        title_zh_hans="用GlobeOne充值",
    )
    make_guide(slug="globe-hotline", operator=globe, channel=hotline, title_en="Globe hotline")
    make_guide(slug="draft", operator=globe, channel=app, status=Guide.Status.DRAFT)


def listed(client, query, language="en"):
    cache.clear()  # rendered, not served from the page cache: the test reads its context
    response = client.get(f"/{language}/guides/", query)
    assert response.status_code == 200
    return response, sorted(guide.slug for guide in response.context["guides"])


def option_counts(response, name):
    return {option.slug: option.count for option in response.context["filters"][name].options}


def test_list_shows_published_guides_only(client, catalogue):
    _, slugs = listed(client, {})
    assert slugs == ["globe-app", "globe-hotline", "mobile-app", "mobile-hotline", "unicom-app"]


def test_filter_by_operator(client, catalogue):
    _, slugs = listed(client, {"operator": "china-mobile"})
    assert slugs == ["mobile-app", "mobile-hotline"]


def test_operator_filter_is_repeatable(client, catalogue):
    _, slugs = listed(client, {"operator": ["china-mobile", "globe"]})
    assert slugs == ["globe-app", "globe-hotline", "mobile-app", "mobile-hotline"]


def test_filter_by_channel(client, catalogue):
    _, slugs = listed(client, {"channel": "hotline"})
    assert slugs == ["globe-hotline", "mobile-hotline"]


def test_filter_by_region(client, catalogue):
    _, slugs = listed(client, {"region": "ph"})
    assert slugs == ["globe-app", "globe-hotline"]
    _, slugs = listed(client, {"region": ["ph", "cn"]})
    assert len(slugs) == 5


def test_filters_combine(client, catalogue):
    _, slugs = listed(client, {"region": "cn", "channel": "operator-app"})
    assert slugs == ["mobile-app", "unicom-app"]
    _, slugs = listed(client, {"operator": "globe", "channel": "hotline", "region": "ph"})
    assert slugs == ["globe-hotline"]
    _, slugs = listed(client, {"operator": "globe", "region": "cn"})
    assert slugs == []


def test_text_search_finds_guides_whichever_language_the_reader_types(client, catalogue):
    _, slugs = listed(client, {"q": "GlobeOne"})
    assert slugs == ["globe-app"]
    _, slugs = listed(client, {"q": "用GlobeOne"}, language="zh-hans")
    assert slugs == ["globe-app"]
    _, slugs = listed(client, {"q": "用GlobeOne"}, language="en")
    assert slugs == ["globe-app"]


def test_text_search_combines_with_filters(client, catalogue):
    _, slugs = listed(client, {"q": "app", "region": "cn"})
    assert slugs == ["mobile-app", "unicom-app"]


def test_option_counts_follow_the_other_filters(client, catalogue):
    response, _ = listed(client, {"channel": "hotline"})
    assert option_counts(response, "operator") == {
        "china-mobile": 1,
        "china-unicom": 0,
        "globe": 1,
    }
    # The channel counts ignore the channel filter itself, so other channels stay choosable.
    assert option_counts(response, "channel")["operator-app"] == 3
    assert option_counts(response, "region") == {"cn": 1, "ph": 1}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"operator": ["globe", "china-unicom"]},
        {"channel": "hotline", "region": "cn"},
        {"operator": "globe", "channel": "operator-app", "region": ["cn", "ph"]},
        {"operator": ["globe", "china-mobile"], "channel": ["hotline", "operator-app"]},
        {"operator": ["globe", "china-unicom"], "region": "ph", "channel": "hotline"},
        {"q": "app"},
        {"q": "top-up", "region": "cn", "channel": "operator-app"},
    ],
)
def test_each_option_counts_the_guides_choosing_it_would_list(client, catalogue, query):
    response, _ = listed(client, query)
    for name in ("operator", "channel", "region"):
        for slug, count in option_counts(response, name).items():
            _, slugs = listed(client, {**query, name: slug})
            assert count == len(slugs), (name, slug)


def test_counts_and_active_filters_are_shown(client, catalogue):
    response, _ = listed(client, {"operator": "globe"})
    html = response.content.decode()
    assert 'value="globe" checked' in html
    assert "(2)" in html
    assert "Remove filter: Globe" in html
    assert "2 guides" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"operator": "no-such-operator"}, "We do not know this operator"),
        ({"channel": "<script>alert(1)</script>"}, "We do not know this channel"),
        ({"region": "zz"}, "We do not know this region"),
    ],
)
def test_unknown_filter_values_get_a_clear_message(client, catalogue, query, message):
    response, slugs = listed(client, query)
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert len(slugs) == 5


def test_unknown_filter_message_is_translated(client, catalogue):
    response, _ = listed(client, {"operator": "nope"}, language="zh-hans")
    assert "We do not know" not in response.content.decode()
    assert "nope" in response.content.decode()


def test_unknown_value_is_ignored_next_to_known_ones(client, catalogue):
    _, slugs = listed(client, {"operator": ["globe", "nope"]})
    assert slugs == ["globe-app", "globe-hotline"]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "999999"},
        {"page": "-1"},
        {"page": "1e9"},
        {"page": ""},
        {"q": "x" * 5000},
        {"operator": ""},
        {"operator": "x" * 5000},
        {"region": "ÄÖ"},
        {"q": "%", "operator": "_"},
        {"q": "' OR 1=1 --"},
        {"operator": ["globe"] * 200},
    ],
)
def test_bad_input_gives_a_normal_page(client, catalogue, query):
    response = client.get("/en/guides/", query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"q": "top\x00up"}, {"operator": "\x00"}])
def test_a_nul_character_gets_the_400_page(client, catalogue, query):
    """No browser sends one; refused before any view, as everywhere (guides.web.security)."""
    response = client.get("/en/guides/", query)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_out_of_range_page_shows_last_page_with_note(client, catalogue, settings):
    response = client.get("/en/guides/", {"page": "999999"})
    assert response.context["page_obj"].number == 1
    assert "That page does not exist" in response.content.decode()


def test_overlong_search_is_cut_with_note(client, catalogue):
    response = client.get("/en/guides/", {"q": "GlobeOne " + "x" * 5000})
    assert "first 200 characters" in response.content.decode()
    assert len(response.context["filters"].q) <= 200


def test_pagination_keeps_the_filters(client, make_guide, make_operator, settings):
    operator = make_operator(slug="many")
    for _ in range(25):
        make_guide(operator=operator)
    response = client.get("/en/guides/", {"operator": "many"})
    html = response.content.decode()
    assert response.context["page_obj"].paginator.num_pages == 2
    assert 'href="?operator=many&amp;page=2"' in html
    response = client.get("/en/guides/", {"operator": "many", "page": "2"})
    assert len(response.context["guides"]) == 5


def test_filter_form_works_without_javascript(client, catalogue):
    html = client.get("/en/guides/").content.decode()
    assert '<form class="filters" method="get" action="/en/guides/"' in html
    assert "<script" not in html


@pytest.fixture
def ordered(catalogue):
    """The catalogue with its editors' order: CN before PH, app before hotline."""
    for model, orders in [
        (Region, {"CN": 1, "PH": 2}),
        (Operator, {"china-mobile": 1, "china-unicom": 2, "globe": 1}),
        (Channel, {"operator-app": 1, "hotline": 2}),
    ]:
        for item in model.objects.all():
            item.order = orders[getattr(item, "code", None) or item.slug]
            item.save()


def listed_in_order(client):
    cache.clear()
    return [guide.slug for guide in client.get("/en/guides/").context["guides"]]


def test_list_reads_by_region_operator_and_channel_order(client, ordered):
    assert listed_in_order(client) == [
        "mobile-app",
        "mobile-hotline",
        "unicom-app",
        "globe-app",
        "globe-hotline",
    ]


@pytest.mark.parametrize(
    ("model", "lookup", "expected"),
    [
        (Region, {"code": "PH"}, ["globe-app", "globe-hotline", "mobile-app"]),
        (Operator, {"slug": "china-unicom"}, ["unicom-app", "mobile-app", "mobile-hotline"]),
        (Channel, {"slug": "hotline"}, ["mobile-hotline", "mobile-app", "unicom-app"]),
    ],
)
def test_an_order_changed_by_an_editor_reorders_the_list(client, ordered, model, lookup, expected):
    item = model.objects.get(**lookup)
    item.order = 0
    item.save()
    assert listed_in_order(client)[:3] == expected


def test_a_guide_moved_to_another_operator_moves_in_the_list(client, ordered):
    guide = Guide.objects.get(slug="mobile-app")
    guide.operator = Operator.objects.get(slug="globe")
    guide.save()
    assert listed_in_order(client) == [
        "mobile-hotline",
        "unicom-app",
        "globe-app",
        "mobile-app",
        "globe-hotline",
    ]


def offered(response, name):
    html = response.content.decode()
    return {
        option.slug
        for option in response.context["filters"][name].options
        if f'id="filter-{name}-{option.slug}"' in html
    }


def test_only_options_that_list_a_guide_are_offered(client, catalogue, make_operator):
    idle = make_operator(region=Region.objects.get(code="PH"), slug="idle", name_en="Idle")
    response, _ = listed(client, {})
    assert "globe" in offered(response, "operator")
    assert idle.slug not in offered(response, "operator")
    response, _ = listed(client, {"region": "ph"})
    assert offered(response, "operator") == {"globe"}
    assert offered(response, "region") == {"cn", "ph"}


def test_a_chosen_option_is_offered_even_when_it_lists_nothing(client, catalogue):
    response, slugs = listed(client, {"region": "ph", "operator": "china-unicom"})
    assert slugs == []
    assert offered(response, "operator") == {"globe", "china-unicom"}
    assert 'value="china-unicom" checked' in response.content.decode()


def test_a_search_that_finds_nothing_shows_no_empty_filter_groups(client, catalogue):
    response, slugs = listed(client, {"q": "nothing-matches-this"})
    html = response.content.decode()
    assert slugs == []
    assert "<legend>Operator</legend>" not in html
    assert "<summary>Channel</summary>" not in html
    assert 'id="filter-q"' in html
