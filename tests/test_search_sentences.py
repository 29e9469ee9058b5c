"""Search reads readers' sentences: where they are (place words), words inside other operators'
names, scam and registration words that lead to safety, and honest empty states."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from guides.models import Region, SearchPlan, SearchSynonym
from tests.test_search_pages import found, search_page


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


@pytest.mark.parametrize(
    "text",
    [
        "load smart in china",
        "smart load from china",
        "我在中国大陆怎么给Smart卡充值",
        "smart卡在中国怎么充值",
    ],
)
def test_a_place_word_with_another_regions_operator_is_where_the_reader_is(client, demo, text):
    response = search_page(client, text)
    slugs = found(response)
    assert slugs[0] == "smart-reload-while-roaming"
    assert all(slug.startswith("smart-") for slug in slugs)
    assert response.context["search_help"].place_word


def test_away_from_home_shows_only_guides_that_work_from_abroad(client, demo):
    # China Mobile's own page says 10086 answers from abroad too (+86 10086); roaming comes first.
    assert found(search_page(client, "China Mobile abroad")) == [
        "china-mobile-roaming",
        "china-mobile-hotline",
    ]
    unicom = found(search_page(client, "在菲律宾怎么给联通手机充话费"))
    assert unicom[0] == "china-unicom-roaming"
    assert set(unicom) == {
        "china-unicom-roaming",
        "china-unicom-hotline",
        "china-unicom-top-up-card",
    }


def test_an_operator_with_no_guide_for_abroad_still_shows_its_own_guides(client, demo):
    slugs = found(search_page(client, "load Globe from Hong Kong"))
    assert slugs and all("globe" in slug for slug in slugs)


def test_a_place_word_in_the_operators_own_region_is_read_as_its_meaning(demo):
    plan = SearchPlan.of("china mobile in china")
    assert not plan.away_operators
    assert "in china" in [term.text for term in plan.terms]


def test_editors_keep_place_words_as_synonyms_of_a_kind(make_guide, make_operator, make_region):
    home = make_region(code="PH", name_en="Philippines")
    away = make_region(code="CN", name_en="Mainland China")
    smart = make_operator(slug="smart", name_en="Smart", region=home)
    make_guide(slug="smart-app", operator=smart, title_en="Load Smart in the app")
    assert SearchPlan.of("load smart in china").away_operators == ()
    SearchSynonym.objects.create(
        term="in china", meaning="mainland china", kind=SearchSynonym.Kind.PLACE, region=away
    )
    assert SearchPlan.of("load smart in china").away_operators == (smart.pk,)


def test_editors_add_a_place_word_in_the_admin(editor_client, demo):
    china = Region.objects.get(code="CN")
    response = editor_client.post(
        "/admin/guides/searchsynonym/add/",
        {"term": "In  the Mainland", "meaning": "中国大陆", "kind": "place", "region": china.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchPlan.of("smart load in the mainland").away_operators


def test_only_a_place_word_names_a_region(db):
    synonym = SearchSynonym(term="scam", meaning="fraud", region=Region.objects.create(code="XX"))
    with pytest.raises(ValidationError):
        synonym.clean()


def test_a_word_inside_another_operators_name_does_not_make_it_a_match(client, demo):
    slugs = found(search_page(client, "电信怎么充话费", language="zh-hans"))
    assert slugs
    assert all(slug.startswith("china-telecom-") for slug in slugs)


def test_an_operator_named_in_full_is_still_found(client, demo):
    assert found(search_page(client, "中国移动香港充值", language="zh-hans"))[0] == (
        "china-mobile-hk-online-refill"
    )


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("慢充", "cn-slow-top-up-scam"),
        ("打折充值", "cn-slow-top-up-scam"),
        ("cheap load", "cn-slow-top-up-scam"),
        ("sim registration", "ph-sim-registration-scam"),
        ("香港的电话卡要实名登记吗", "hk-real-name-registration"),
    ],
)
def test_safety_words_lead_with_the_safety_notes_and_the_checker(client, demo, text, note):
    response = search_page(client, text)
    leads = response.context["search_help"].safety
    assert leads[0].slug == note
    page = response.content.decode()
    box = page.index('id="search-safety-title"')
    assert box < page.index(f'href="/en/safety/#{note}"') < page.index('href="/en/check/"')


def test_a_search_without_scam_words_has_no_safety_box(client, demo):
    response = search_page(client, "Smart卡充值")
    assert response.context["search_help"].safety == []
    assert b"search-safety-title" not in response.content


def test_the_remove_a_filter_message_appears_only_when_a_filter_is_set(client, demo):
    alone = search_page(client, "kumquat").content.decode()
    assert "Try removing one" not in alone
    assert "No guide matches “kumquat”" in alone
    filtered = search_page(client, "kumquat", operator="smart").content.decode()
    assert "Try removing one" in filtered


def test_a_misspelt_query_leads_with_its_correction(client, demo):
    page = search_page(client, "smrat").content.decode()
    assert "Did you mean" in page
    assert page.index("Did you mean") < page.index("No guide matches")


def test_a_sentences_grammar_words_do_not_narrow_the_search(demo):
    plan = SearchPlan.of("i paid for load but it was not received")
    assert {term.text for term in plan.required_terms} == {"not received"}
    assert [term.text for term in plan.terms if not term.narrows] == ["paid", "load"]


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("i paid for load but it was not received", "gcash-load-smart"),
        ("how do i check how long my load stays valid", "china-mobile-hotline"),
    ],
)
def test_a_complaint_in_a_sentence_finds_its_guide(client, demo, text, answers):
    assert answers in found(search_page(client, text))[:3]
