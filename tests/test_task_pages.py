"""The readers' task pages the home page links to: keep your number (every operator's facts) and
"my top-up didn't arrive" (a GET form for operator and channel, then that pair's route)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import translation

from guides.caching.signals import tags_for_change
from guides.caching.tags import HEADER
from guides.models import OperatorFact, ProblemRoute
from guides.search.help import reader_tasks
from tests.cache_entries import stored_pages

SOURCE = {"source_url": "https://operator.example/keep", "source_kind": "operator"}
CHECKED = datetime.date(2026, 12, 2)


def tags(response):
    return set(response[HEADER].split())


def make_route(stage, text, **owner):
    return ProblemRoute.objects.create(
        stage=stage, text_zh_hans=f"{text}（中文）", text_en=text, **SOURCE, **owner
    )


@pytest.fixture
def pair(make_region, make_operator, make_channel, make_provider, make_guide, make_contact):
    """An operator with a keep-your-number fact, a wallet guide for it, and the routes of its
    region and of the wallet."""
    region = make_region(name_en="Taskland", name_zh_hans="任务国")
    operator = make_operator(region=region, slug="task-operator", name_en="Task Mobile")
    channel = make_channel(slug="task-wallet", name_en="Task Wallet")
    provider = make_provider(region=region, slug="task-pay")
    guide = make_guide(
        operator=operator, channel=channel, slug="task-guide", payment_provider=provider
    )
    make_contact(operator=operator, value="10086")
    fact = OperatorFact.objects.create(
        operator=operator,
        topic=OperatorFact.Topic.LOAD_VALIDITY,
        text_zh_hans="话费一年内有效。",
        text_en="Load stays valid for one year.",
        checked_on=CHECKED,
        **SOURCE,
    )
    routes = {
        "provider": make_route(
            ProblemRoute.Stage.PAYMENT_PROVIDER, "Ask Task Pay first.", payment_provider=provider
        ),
        "operator": make_route(
            ProblemRoute.Stage.OPERATOR, "Then ask the operator.", region=region
        ),
        "regulator": make_route(ProblemRoute.Stage.REGULATOR, "Then the regulator.", region=region),
    }
    return {
        "operator": operator,
        "channel": channel,
        "guide": guide,
        "fact": fact,
        "routes": routes,
        "other_channel": make_channel(slug="task-shop", name_en="Task Shop"),
    }


def not_arrived(client, language="en", **query):
    return client.get(f"/{language}/not-arrived/", query)


# Keep your number.


@pytest.mark.parametrize(
    ("language", "heading", "unknown"),
    [
        ("en", "Keep your number", "Unknown: not published"),
        ("zh-hans", "保住你的号码", "未知：运营商没有公布"),
    ],
)
def test_keep_your_number_lists_each_operator_with_its_facts_sources_and_unknowns(
    client, pair, make_operator, language, heading, unknown
):
    silent = make_operator(region=pair["operator"].region, slug="silent-operator")
    html = client.get(f"/{language}/keep-your-number/").content.decode()
    assert heading in html
    assert pair["operator"].region.name in html
    for operator in (pair["operator"], silent):
        assert f'href="/{language}/operators/{operator.slug}/#keep-number"' in html
    assert pair["fact"].text in html
    assert "operator.example" in html
    assert "2026" in html
    # Three topics unknown for Task Mobile, four for the silent one.
    assert html.count(unknown) >= 7


def test_keep_your_number_is_the_operator_pages_section_not_a_copy(client, pair):
    keep = client.get("/en/keep-your-number/").content.decode()
    operator = client.get(f"/en/operators/{pair['operator'].slug}/").content.decode()
    fragment = keep[keep.index('<dl class="facts-box__list">') :]
    fragment = fragment[: fragment.index("</dl>")]
    assert fragment in operator
    assert 'href="/en/keep-your-number/"' in operator


def test_keep_your_number_leaves_out_inactive_operators(client, pair, make_operator):
    make_operator(region=pair["operator"].region, slug="retired-operator", is_active=False)
    assert "retired-operator" not in client.get("/en/keep-your-number/").content.decode()


# My top-up didn't arrive.


@pytest.mark.parametrize(("language", "heading"), [("en", "didn’t arrive"), ("zh-hans", "没到账")])
def test_not_arrived_asks_operator_and_channel_in_a_get_form(client, pair, language, heading):
    response = not_arrived(client, language)
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert f'action="/{language}/not-arrived/"' in html and 'method="get"' in html
    assert '<select id="not-arrived-operator" name="operator" required>' in html
    assert '<select id="not-arrived-channel" name="channel">' in html
    assert '<option value="task-operator">' in html
    assert '<option value="task-wallet">' in html
    assert 'id="if-it-does-not-arrive"' not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_not_arrived_shows_the_providers_route_then_the_operators_then_the_regulators(
    client, pair, language
):
    response = not_arrived(client, language, operator="task-operator", channel="task-wallet")
    html = response.content.decode()
    assert response.status_code == 200
    texts = [route.text for route in pair["routes"].values()]
    positions = [html.index(text) for text in texts]
    assert positions == sorted(positions), texts
    assert f'href="/{language}/guides/task-guide/"' in html
    assert '<option value="task-operator" selected>' in html
    assert '<option value="task-wallet" selected>' in html
    assert "tel:10086" in html


def test_not_arrived_without_a_guide_for_the_pair_shows_the_regions_routes(client, pair):
    html = not_arrived(client, operator="task-operator", channel="task-shop").content.decode()
    assert "We have no guide for topping up Task Mobile through Task Shop" in html
    assert pair["routes"]["operator"].text in html
    assert pair["routes"]["regulator"].text in html
    assert pair["routes"]["provider"].text not in html


def test_not_arrived_with_only_the_operator_asks_for_the_channel_too(client, pair):
    html = not_arrived(client, operator="task-operator").content.decode()
    assert "Choose how you topped up as well" in html
    assert pair["routes"]["operator"].text in html
    assert pair["routes"]["provider"].text not in html


@pytest.mark.parametrize(
    ("query", "language", "message"),
    [
        ({"operator": "no-such-operator"}, "en", "We do not know this operator"),
        ({"operator": "no-such-operator"}, "zh-hans", "我们不认识这家运营商"),
        ({"operator": "task-operator", "channel": "nope"}, "en", "We do not know this way"),
        ({"operator": "task-operator", "channel": "nope"}, "zh-hans", "我们不认识这种充值方式"),
        ({"channel": "task-wallet"}, "en", "Choose your operator."),
        ({"channel": "task-wallet"}, "zh-hans", "请选择你的运营商。"),
        ({"operator": ["task-operator", "other"]}, "en", "Choose one operator only."),
        ({"operator": "task-operator", "channel": ["a", "b"]}, "zh-hans", "只能选一种充值方式"),
    ],
)
def test_bad_choices_get_a_translated_message_and_are_not_stored(
    client, pair, query, language, message
):
    response = not_arrived(client, language, **query)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'id="if-it-does-not-arrive"' not in html
    assert HEADER not in response
    assert stored_pages() == 0


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "TASK-OPERATOR\u200b",
        "9" * 5000,
        "../../etc/passwd",
        "%ff%fe",
        "\u202eroteraepo-ksat",
    ],
)
def test_hostile_values_never_break_the_not_arrived_page(client, pair, value):
    for name in ("operator", "channel"):
        cache.clear()
        response = not_arrived(client, **{"operator": "task-operator", name: value})
        assert response.status_code == 200, (name, value)
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html


def test_a_value_in_another_spelling_is_the_same_answer(client, pair):
    html = not_arrived(client, operator=" Task-Operator\u200b ").content.decode()
    assert pair["routes"]["operator"].text in html
    assert "We do not know" not in html


# Cached, tagged and invalidated.


@pytest.mark.parametrize(
    "path",
    [
        "/en/keep-your-number/",
        "/zh-hans/keep-your-number/",
        "/en/not-arrived/",
        "/zh-hans/not-arrived/?operator=task-operator&channel=task-wallet",
    ],
)
def test_task_pages_are_served_from_the_page_cache(client, pair, path, django_assert_num_queries):
    first = client.get(path)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_a_changed_fact_is_on_the_keep_your_number_page_at_once(client, pair):
    path = "/en/keep-your-number/"
    client.get(path)
    assert client.get(path)["X-Cache"] == "hit"
    fact = pair["fact"]
    fact.text_en = "Load now stays valid for two years."
    fact.save()
    response = client.get(path)
    assert response["X-Cache"] == "miss"
    assert "two years" in response.content.decode()
    # And Varnish drops its copy: the fact's change purges a tag the page carries.
    assert tags_for_change(fact) & tags(response)


def test_a_changed_route_is_on_the_not_arrived_page_at_once(client, pair):
    path = "/en/not-arrived/?operator=task-operator&channel=task-wallet"
    client.get(path)
    assert client.get(path)["X-Cache"] == "hit"
    for name, route in pair["routes"].items():
        route.text_en = f"Changed {name} route."
        route.save()
        response = client.get(path)
        assert response["X-Cache"] == "miss"
        assert f"Changed {name} route." in response.content.decode()
        assert tags_for_change(route) & tags(response), name


def test_a_guide_for_the_pair_purges_the_not_arrived_page(client, pair, make_guide):
    path = "/en/not-arrived/?operator=task-operator&channel=task-shop"
    page = client.get(path)
    guide = make_guide(operator=pair["operator"], channel=pair["other_channel"], slug="shop-guide")
    assert tags_for_change(guide) & tags(page)
    assert 'href="/en/guides/shop-guide/"' in client.get(path).content.decode()


def test_a_new_operator_purges_the_keep_your_number_page(client, pair, make_operator):
    page = client.get("/en/keep-your-number/")
    operator = make_operator(region=pair["operator"].region, slug="brand-new-operator")
    assert tags_for_change(operator) & tags(page)
    assert "brand-new-operator" in client.get("/en/keep-your-number/").content.decode()


# Linked and listed.


def test_the_home_task_links_land_on_the_task_pages(client, pair):
    with translation.override("en"):
        urls = {task.key: task.url for task in reader_tasks()}
    assert urls["keep-number"] == "/en/keep-your-number/"
    assert urls["didnt-arrive"] == "/en/not-arrived/"
    html = client.get("/zh-hans/").content.decode()
    assert 'href="/zh-hans/keep-your-number/" data-task="keep-number"' in html
    assert 'href="/zh-hans/not-arrived/" data-task="didnt-arrive"' in html


def test_the_sitemap_lists_both_task_pages_in_both_languages(client, pair):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    locations = {el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for language in ["en", "zh-hans"]:
        assert f"http://testserver/{language}/keep-your-number/" in locations
        assert f"http://testserver/{language}/not-arrived/" in locations


# A fixed number of queries however many operators and facts.


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/en/keep-your-number/", 3),
        ("/en/not-arrived/", 3),
        ("/en/not-arrived/?operator=task-operator&channel=task-wallet", 7),
    ],
)
def test_task_pages_read_a_fixed_number_of_queries(
    client, pair, make_operator, path, budget, django_assert_max_num_queries
):
    for number in range(8):
        operator = make_operator(region=pair["operator"].region, slug=f"more-operator-{number}")
        for topic in OperatorFact.KEEP_ALIVE_TOPICS:
            OperatorFact.objects.create(
                operator=operator, topic=topic, text_zh_hans="事实", text_en="A fact.", **SOURCE
            )
    cache.clear()
    with django_assert_max_num_queries(budget):
        assert client.get(path).status_code == 200
