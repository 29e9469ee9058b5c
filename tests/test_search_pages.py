"""Search as readers meet it: never a dead end, numbers lead to the checker, the tasks on the
home page, and the searches that found nothing counted for editors (the query only)."""

import re

from django.core.cache import cache

from guides.models import MissedSearch, SearchSynonym


def search_page(client, text, language="en", **params):
    cache.clear()
    response = client.get(f"/{language}/guides/", {"q": text, **params})
    assert response.status_code == 200
    return response


def found(response):
    return [guide.slug for guide in response.context["guides"]]


def test_a_reader_typing_chinese_without_spaces_reaches_a_smart_guide(client, demo):
    response = search_page(client, "Smart卡充值", language="zh-hans")
    assert found(response)[0].startswith(("smart-", "gcash-load-smart"))
    assert not any("smartone" in slug for slug in found(response))


def test_search_results_are_ranked_not_in_reading_order(client, demo):
    response = search_page(client, "Smart")
    slugs = found(response)
    assert slugs[:2] == ["smart-gigalife-app", "smart-reload-online-my-smart"]
    # "Smart" is Smart's own name, and only inside TNT's ("TNT, Smart's prepaid brand").
    assert "tnt-call-and-text-card" not in slugs


def test_a_search_that_finds_nothing_offers_a_way_on(client, demo):
    response = search_page(client, "globbe")
    html = response.content.decode()
    assert found(response) == []
    assert response.context["search_help"].spelling == "globe"
    assert 'href="/en/guides/?q=globe"' in html
    assert 'data-task="didnt-arrive"' in html
    assert 'href="/en/operators/"' in html
    assert "?operator=smart" in html
    assert 'id="check-number-search"' in html


def test_a_search_with_no_guide_having_every_word_shows_the_closest(client, demo):
    response = search_page(client, "csl GCash")
    assert found(response)
    assert response.context["filters"].partial
    assert "No guide has every word of" in response.content.decode()


def test_each_word_of_a_missed_search_can_be_searched_alone(client, demo):
    response = search_page(client, "globe unicom", region="hk")
    words = [term for term, _url in response.context["search_help"].term_searches]
    assert words == ["globe", "unicom"]


def test_a_number_in_a_search_shows_what_the_checker_says(client, demo):
    response = search_page(client, "10086")
    html = response.content.decode()
    assert "china-mobile-hotline" in found(response)
    assert "is an official contact of China Mobile" in html
    assert 'href="/en/check/?number=10086"' in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not MissedSearch.objects.exists()


def test_a_code_with_nothing_on_record_still_says_so_and_links_the_checker(client, demo):
    response = search_page(client, "*999999#")
    html = response.content.decode()
    assert "We have no record of" in html
    assert "No record is not the same as safe." in html
    assert "/en/check/?number=" in html


def test_searches_that_found_nothing_are_counted_normalised_and_nothing_else(client, demo):
    for text in ["Prepaid  Hamster", "prepaid hamster", "ＰＲＥＰＡＩＤ hamster"]:
        response = search_page(client, text)
        assert found(response) == []
        assert "no-store" in response["Cache-Control"]
    [missed] = MissedSearch.objects.all()
    assert (missed.query, missed.times) == ("prepaid hamster", 3)
    fields = {field.name for field in MissedSearch._meta.get_fields()}
    assert fields == {"id", "query", "times", "first_seen", "last_seen", "is_handled"}


def test_a_missed_search_page_is_counted_every_time_not_served_from_the_cache(client, demo):
    for _ in range(2):
        client.get("/en/guides/", {"q": "hamster"})
    assert MissedSearch.objects.get().times == 2


def test_searches_that_may_hold_a_phone_number_are_never_counted(client, demo):
    search_page(client, "0917 123 4567 hamster")
    search_page(client, "me@example.org")
    assert not MissedSearch.objects.exists()


def test_searches_that_found_guides_are_not_counted(client, demo):
    search_page(client, "GCash")
    search_page(client, "csl GCash")  # the closest guides are not every word: counted
    assert list(MissedSearch.objects.values_list("query", flat=True)) == ["csl gcash"]


def test_missed_searches_seen_three_times_reach_the_attention_panel(editor_client, demo):
    MissedSearch.objects.record("hamster")
    MissedSearch.objects.record("hamster")
    MissedSearch.objects.record("rare")
    label = "Searches that found nothing, seen 3 times or more"

    def count():
        items = editor_client.get("/admin/").context["needs_attention"]
        return {str(item[0]): item[1] for item in items}[label]

    assert count() == 0
    MissedSearch.objects.record("Hamster")
    assert count() == 1
    MissedSearch.objects.filter(query="hamster").update(is_handled=True)
    assert count() == 0


def test_editors_keep_synonyms_in_the_admin(editor_client, demo):
    response = editor_client.post(
        "/admin/guides/searchsynonym/add/",
        {
            "term": "Load  Card",
            "meaning": "top up card, 充值卡",
            "kind": "words",
            "narrows": "on",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchSynonym.objects.filter(term="load card").exists()
    assert editor_client.get("/admin/guides/searchsynonym/").status_code == 200


def test_editors_see_missed_searches_but_cannot_invent_them(editor_client, demo):
    MissedSearch.objects.record("hamster")
    response = editor_client.get("/admin/guides/missedsearch/")
    assert response.status_code == 200
    assert "hamster" in response.content.decode()
    assert editor_client.get("/admin/guides/missedsearch/add/").status_code == 403


def test_the_home_page_offers_the_readers_tasks_and_each_leads_somewhere(client, demo):
    for language in ["en", "zh-hans"]:
        html = client.get(f"/{language}/").content.decode()
        tasks = re.findall(r'<a href="([^"]+)" data-task="([a-z-]+)"', html)
        assert {key for _url, key in tasks} == {
            "didnt-arrive",
            "suspicious",
            "abroad",
            "keep-number",
        }
        for url, key in tasks:
            cache.clear()
            response = client.get(url.replace("&amp;", "&"))
            assert response.status_code == 200, url
            # The others land on pages that answer them (tests/test_task_pages.py).
            if key == "abroad":
                assert response.context["guides"], (language, key)
                assert not response.context["filters"].missed, (language, key)


# The table of missed searches is bounded: a reader cannot make it grow without end.


def test_the_missed_searches_table_holds_at_most_its_cap(db, monkeypatch):
    monkeypatch.setattr(MissedSearch, "MAX_ROWS", 5)
    counted = [MissedSearch.objects.record(f"hamster {word}") for word in "abcdefghij"]
    assert counted == [True] * 5 + [False] * 5
    assert MissedSearch.objects.count() == 5


def test_a_full_table_still_counts_the_searches_it_holds(db, monkeypatch):
    monkeypatch.setattr(MissedSearch, "MAX_ROWS", 2)
    for text in ["hamster", "gerbil", "ferret", "hamster"]:
        MissedSearch.objects.record(text)
    assert dict(MissedSearch.objects.values_list("query", "times")) == {"hamster": 2, "gerbil": 1}


def test_one_search_is_counted_up_to_its_cap(db, monkeypatch):
    """The count stays within the column's range (PostgreSQL's integer ends at 2,147,483,647)."""
    monkeypatch.setattr(MissedSearch, "MAX_TIMES", 3)
    for _ in range(5):
        MissedSearch.objects.record("hamster")
    assert MissedSearch.objects.get().times == 3


def test_the_caps_fit_the_table():
    assert MissedSearch.MAX_TIMES <= 2_147_483_647
    assert MissedSearch._meta.get_field("query").max_length == 100
