"""Readers away from home find their answer first: an operator's page leads with its roaming
guide that works from abroad, and a search the editors gave an answer-first guide (境外, abroad:
the home page's "I'm abroad") links that guide above the results."""

import re

import pytest
from django.core.cache import cache

from guides.models import Channel, Guide, GuideFact, SearchSynonym
from guides.models.facts import abroad_answer

SMART_ROAMING = "/guides/smart-reload-while-roaming/"


def lead_links(html):
    return re.findall(r'class="lead-answer__title"><a href="([^"]+)"', html)


def abroad_fact(guide, works=True):
    return GuideFact.objects.create(
        guide=guide,
        topic=GuideFact.Topic.ABROAD,
        text_en="Works while roaming.",
        text_zh_hans="漫游时能用。",
        source_url="https://example.org/official",
        works_from_abroad=works,
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_abroad_task_leads_with_the_smart_guide_for_mainland_china(client, demo, language):
    home = client.get(f"/{language}/").content.decode()
    task_url = re.search(r'<a href="([^"]+)" data-task="abroad"', home).group(1)
    html = client.get(task_url.replace("&amp;", "&")).content.decode()
    assert lead_links(html) == [f"/{language}{SMART_ROAMING}"]
    assert html.index('class="lead-answer"') < html.index('class="cards"')
    assert "中国大陆" in html if language == "zh-hans" else "mainland China" in html


def test_a_search_naming_another_operator_is_not_led_by_smart(client, demo):
    for query in ("中国移动 境外", "China Mobile abroad", "globe overseas"):
        cache.clear()
        assert lead_links(client.get("/en/guides/", {"q": query}).content.decode()) == [], query


def test_a_search_naming_the_answers_operator_keeps_its_lead(client, demo):
    html = client.get("/zh-hans/guides/", {"q": "Smart 境外"}).content.decode()
    assert lead_links(html) == [f"/zh-hans{SMART_ROAMING}"]


def test_a_chosen_filter_replaces_the_editors_lead(client, demo):
    html = client.get("/en/guides/", {"q": "abroad", "region": "cn"}).content.decode()
    assert lead_links(html) == []


def test_an_unpublished_answer_is_not_linked(client, make_guide):
    guide = make_guide(slug="roaming-answer")
    SearchSynonym.objects.create(term="far away", meaning="roaming", leads_to=guide)
    assert lead_links(client.get("/en/guides/", {"q": "far away"}).content.decode()) == [
        "/en/guides/roaming-answer/"
    ]
    guide.status = Guide.Status.ARCHIVED
    guide.save()  # the cached page and the cached leads go with the content change
    assert lead_links(client.get("/en/guides/", {"q": "far away"}).content.decode()) == []


def test_an_operator_page_leads_with_its_roaming_guide_that_works_from_abroad(
    client, make_operator, make_channel, make_guide
):
    operator = make_operator()
    app = make_guide(operator=operator, channel=make_channel(), slug="app-abroad")
    roaming = make_guide(
        operator=operator, channel=make_channel(kind=Channel.Kind.ROAMING_ESIM), slug="roam"
    )
    abroad_fact(app)
    abroad_fact(roaming)
    html = client.get(operator.get_absolute_url()).content.decode()
    assert lead_links(html) == [roaming.get_absolute_url()]
    assert html.index('class="lead-answer"') < html.index('id="guides-title"')


def test_an_operator_whose_roaming_guide_does_not_work_from_abroad_has_no_lead(
    client, make_operator, make_channel, make_guide
):
    operator = make_operator()
    roaming = make_guide(operator=operator, channel=make_channel(kind=Channel.Kind.ROAMING_ESIM))
    abroad_fact(roaming, works=False)
    assert lead_links(client.get(operator.get_absolute_url()).content.decode()) == []


def test_abroad_answer_is_the_first_roaming_guide_in_reading_order(make_channel, make_guide):
    app, roaming, second = (
        make_guide(channel=make_channel()),
        make_guide(channel=make_channel(kind=Channel.Kind.ROAMING_ESIM)),
        make_guide(channel=make_channel(kind=Channel.Kind.ROAMING_ESIM)),
    )
    assert abroad_answer([app, roaming, second]) == roaming
    assert abroad_answer([app]) is None


def test_the_smart_operator_page_leads_with_the_mainland_china_answer(client, demo):
    for language, words in (("zh-hans", "中国大陆"), ("en", "mainland China")):
        html = client.get(f"/{language}/operators/smart/").content.decode()
        assert lead_links(html) == [f"/{language}{SMART_ROAMING}"]
        lead = html[html.index('class="lead-answer"') : html.index('id="guides-title"')]
        assert words in lead
