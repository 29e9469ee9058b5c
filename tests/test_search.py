"""Search rules: stored documents, Chinese without spaces, whole Latin words, synonyms, ranking,
and the same results on SQLite and PostgreSQL."""

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from guides.models import Guide, GuideStep, SearchPlan, SearchSynonym, SearchWord
from guides.models.search import SearchWordQuerySet
from guides.models.search_plan import vocabulary
from guides.search import engine, reading, snapshot

from .searching import found

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


def slugs(found):
    return set(found)


def ranked(found, count=3):
    return found[:count]


def test_search_matches_title_summary_body_and_steps_in_either_language(make_guide):
    make_guide(slug="t", title_en="Top up with GCash", title_zh_hans="用GCash充值")
    make_guide(slug="s", summary_en="Pay with a GCash wallet", summary_zh_hans="钱包")
    make_guide(slug="b", body_en="Keep the GCash reference", body_zh_hans="保留参考号")
    stepped = make_guide(slug="st", steps=0)
    GuideStep.objects.create(guide=stepped, order=1, text_zh_hans="打开钱包", text_en="Open GCash")
    make_guide(slug="other", title_en="Call the hotline")
    assert slugs(found("GCash")) == {"t", "s", "b", "st"}
    assert slugs(found("参考号")) == {"b"}
    assert slugs(found("用GCash")) == {"t", "s", "b", "st"}
    assert slugs(found("钱包")) == {"s", "st"}


def test_every_word_must_match(make_guide):
    make_guide(slug="both", title_en="GCash hotline")
    make_guide(slug="one", title_en="GCash only")
    assert slugs(found("GCash hotline")) == {"both"}


def test_with_partial_the_guides_with_most_words_come_first(make_guide):
    make_guide(slug="one", title_en="GCash only")
    make_guide(slug="two", title_en="GCash hotline")
    make_guide(slug="none", title_en="Something else")
    assert ranked(found("GCash hotline kiosk", partial=True)) == ["two", "one"]


def test_latin_words_match_whole_words_so_smart_is_not_smartone(make_guide, make_operator):
    smart = make_operator(slug="smart", name_en="Smart", name_zh_hans="Smart")
    smartone = make_operator(slug="smartone", name_en="SmarTone", name_zh_hans="数码通")
    make_guide(slug="smart-guide", operator=smart, title_en="Load Smart")
    make_guide(slug="smartone-guide", operator=smartone, title_en="Top up SmarTone")
    assert slugs(found("Smart")) == {"smart-guide"}
    assert slugs(found("smartone")) == {"smartone-guide"}


def test_english_plurals_find_the_singular_and_back(make_guide):
    make_guide(slug="cards", title_en="Top-up cards for sale at stores")
    assert slugs(found("card")) == {"cards"}
    assert slugs(found("stores")) == {"cards"}
    assert slugs(found("selling store")) == set()


def test_chinese_without_spaces_is_cut_into_the_readers_words(make_guide, make_operator):
    make_guide(slug="ph", title_zh_hans="在菲律宾充值", body_zh_hans="核对号码")
    make_guide(slug="cn", title_zh_hans="在中国充值", body_zh_hans="核对号码")
    # 给 / 菲律宾 / 号码 / 充值: "菲律宾" is the word that tells the guides apart.
    assert [t.text for t in reading.parse("给菲律宾号码充值")] == ["菲律宾", "号码", "充值"]
    assert slugs(found("给菲律宾号码充值")) == {"ph"}


def test_a_lone_chinese_character_ranks_but_never_excludes(make_guide):
    make_guide(slug="smart", title_en="Load Smart", title_zh_hans="给 Smart 充值")
    [smart, card, top_up] = reading.parse("Smart卡充值")
    assert (smart.text, smart.narrows) == ("smart", True)
    assert (card.text, card.narrows) == ("卡", False)
    assert top_up.narrows
    assert slugs(found("Smart卡充值")) == {"smart"}


def test_full_width_letters_and_digits_are_read_as_plain_ones(make_guide):
    make_guide(slug="hotline", title_zh_hans="拨打10086咨询")
    assert slugs(found("１００８６")) == {"hotline"}
    assert slugs(found("ＧＣＡＳＨ")) == set()


def test_operator_or_channel_rank_before_title_before_body(make_guide, make_operator, make_channel):
    plain = make_operator(slug="plain-op", name_en="Plain", name_zh_hans="普通")
    kiosk_op = make_operator(slug="kiosk-op", name_en="Kiosk Mobile", name_zh_hans="亭")
    kiosk_channel = make_channel(slug="kiosk", name_en="Kiosk", name_zh_hans="自助亭")
    make_guide(slug="a-body", operator=plain, body_en="Find a kiosk")
    make_guide(slug="b-title", operator=plain, title_en="At the kiosk")
    make_guide(slug="c-channel", operator=plain, channel=kiosk_channel)
    make_guide(slug="d-operator", operator=kiosk_op)
    assert ranked(found("kiosk"), 4) == ["d-operator", "c-channel", "b-title", "a-body"]


def test_region_names_find_the_regions_guides(make_guide, make_region, make_operator):
    region = make_region(code="PH", name_zh_hans="菲律宾", name_en="Philippines")
    make_guide(slug="ph-guide", operator=make_operator(slug="ph-op", region=region))
    make_guide(slug="other")
    assert slugs(found("philippines")) == {"ph-guide"}
    assert slugs(found("菲律宾")) == {"ph-guide"}


def test_editors_synonyms_read_readers_words(make_guide):
    make_guide(slug="abroad", title_en="Top up from abroad", title_zh_hans="在境外充值")
    make_guide(slug="home", title_en="Top up at home")
    assert slugs(found("OFW")) == set()
    SearchSynonym.objects.create(term="OFW", meaning="abroad, 境外")
    assert slugs(found("ofw")) == {"abroad"}
    assert slugs(found("我是OFW")) == {"abroad"}


def test_a_synonym_term_is_read_before_the_query_is_cut(make_guide):
    make_guide(slug="smart", title_en="Load Smart", title_zh_hans="给 Smart 充值")
    SearchSynonym.objects.create(term="smart卡", meaning="smart")
    thesaurus = reading.Thesaurus.of([("smart卡", "smart", True)])
    assert [t.text for t in reading.parse("Smart卡充值", thesaurus)] == ["smart卡", "充值"]
    assert slugs(found("Smart卡")) == {"smart"}


def test_words_every_guide_is_about_rank_but_never_empty_a_search(make_guide):
    make_guide(slug="smart", title_en="Load Smart")
    SearchSynonym.objects.create(term="充值", meaning="充值, top up, load", narrows=False)
    assert slugs(found("Smart 充值")) == {"smart"}
    # Alone, such a word is all the reader asked for, so it must be found.
    assert slugs(found("充值")) == {"smart"}


def test_synonym_terms_are_stored_normalised_and_unique(db):
    SearchSynonym.objects.create(term="  Keep  My Number ", meaning="balance")
    assert SearchSynonym.objects.get().term == "keep my number"
    duplicate = SearchSynonym(term="KEEP MY NUMBER", meaning="validity")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "term" in refused.value.message_dict


def test_search_documents_follow_every_edit_of_a_guide_and_its_steps(make_guide):
    guide = make_guide(slug="edited", title_en="Top up at a kiosk")
    assert slugs(found("kiosk")) == {"edited"}
    guide.title_en = "Top up at a counter"
    guide.save()
    assert slugs(found("kiosk")) == set()
    step = GuideStep.objects.create(guide=guide, order=9, text_zh_hans="找柜台", text_en="Voucher")
    assert slugs(found("voucher")) == {"edited"}
    step.delete()
    assert slugs(found("voucher")) == set()


def test_bulk_written_guides_get_their_documents_refreshed(make_guide):
    guide = make_guide(slug="bulk")
    Guide.objects.filter(pk=guide.pk).update(title_en="Kiosk", search_title="")
    assert slugs(found("kiosk")) == set()
    assert Guide.objects.filter(pk=guide.pk).refresh_search_documents() == 1
    assert slugs(found("kiosk")) == {"bulk"}


def test_the_search_documents_are_not_kept_in_the_history(make_guide):
    guide = make_guide(slug="history")
    record = guide.history.first()
    assert not hasattr(record, "search_title")


def test_numbers_and_codes_are_found_in_a_query():
    assert reading.number_in("10086") == "10086"
    assert reading.number_in("Globe *143# balance") == "*143#"
    assert reading.number_in("+63 917 123 4567 is it real") == "+63 917 123 4567"
    assert reading.number_in("Smart卡充值") == ""
    assert reading.number_in("top up 50") == ""


def test_a_query_that_may_name_a_person_is_recognised():
    assert reading.may_name_a_person("call 0917 123 4567")
    assert reading.may_name_a_person("me@example.org")
    assert not reading.may_name_a_person("10086")
    assert not reading.may_name_a_person("保号")


# The same queries give the same guides in the same order on every database: CI runs this on
# SQLite and on PostgreSQL against the same demo content.
SAME_EVERYWHERE = {
    "Smart卡充值": ["smart-gigalife-app", "smart-reload-online-my-smart", "gcash-load-smart"],
    "给菲律宾号码充值": [
        "smart-reload-while-roaming",
        "smart-gigalife-app",
        "smart-reload-online-my-smart",
    ],
    "移动话费微信充值": ["china-mobile-wechat-pay", "china-mobile-hk-online-refill"],
    "Smart": ["smart-gigalife-app", "smart-reload-online-my-smart", "gcash-load-smart"],
    "10086": ["china-mobile-hotline", "china-mobile-app", "china-mobile-website"],
    "没到账": ["gcash-load-smart", "gcash-load-tnt", "gcash-load-globe"],
    "card": ["china-unicom-top-up-card", "china-telecom-top-up-card", "smart-call-and-text-card"],
}


@pytest.mark.parametrize(("query", "expected"), SAME_EVERYWHERE.items())
def test_the_same_query_gives_the_same_top_results_on_every_database(demo, query, expected):
    assert ranked(found(query)) == expected


def test_search_reads_each_word_once_until_the_content_changes(demo, django_assert_num_queries):
    plan = SearchPlan.of("GCash refund")
    # Read once per content version: the public guides, and operators', channels' and regions'
    # names.
    snapshot.snapshot()
    vocabulary()
    with django_assert_num_queries(1):  # the guides of both words, in one query
        first = list(engine.search(plan).ranked())
    with django_assert_num_queries(0):
        assert list(engine.search(plan).ranked()) == first
    # A word no guide has is remembered too, until a guide has it.
    assert found("kumquat") == []
    guide = Guide.objects.get(pk=first[-1])
    guide.title_en = "Kumquat"
    guide.save()
    assert found("kumquat") == [guide.slug]


def test_smart_never_finds_smartone_in_demo_content(demo):
    assert not any("smartone" in slug for slug in slugs(found("Smart")))


def stored_words(guide):
    return set(SearchWord.objects.filter(guide=guide).values_list("word", flat=True))


def test_search_words_are_the_documents_words_after_every_kind_of_write(make_guide):
    guide = make_guide(slug="words", title_en="Top up at a kiosk", body_zh_hans="查看余额")
    guide.refresh_from_db()
    assert stored_words(guide) == reading.search_words(guide.search_text)
    assert {"kiosk", "余额", "查看", "看余"} <= stored_words(guide)
    # Grammar words, lone letters and characters, and longer Chinese runs are not kept.
    assert not {"at", "a", "查看余额"} & stored_words(guide)
    step = GuideStep.objects.create(guide=guide, order=9, text_zh_hans="找柜台", text_en="Voucher")
    assert {"voucher", "柜台"} <= stored_words(guide)
    step.delete()
    assert not {"voucher", "柜台"} & stored_words(guide)
    SearchWord.objects.filter(guide=guide).delete()
    assert Guide.objects.filter(pk=guide.pk).refresh_search_documents() == 1
    guide.refresh_from_db()
    assert stored_words(guide) == reading.search_words(guide.search_text)


def test_a_phrase_is_found_in_a_guide_with_all_its_words(make_guide):
    make_guide(slug="keep", body_en="To keep your number, top up before the validity ends")
    make_guide(slug="number-only", body_en="Check the number")
    SearchSynonym.objects.create(term="keep my number", meaning="keep your number")
    assert slugs(found("keep my number")) == {"keep"}
    # A longer Chinese word is found through its two-character pieces.
    make_guide(slug="validity", body_zh_hans="查看有效期")
    make_guide(slug="effective", body_zh_hans="有效")
    assert slugs(found("有效期")) == {"validity"}


def test_a_lone_character_alone_is_looked_for_in_the_text(make_guide):
    make_guide(slug="card", title_zh_hans="充值卡", title_en="Card", summary_zh_hans="刮开卡片")
    make_guide(slug="other", title_zh_hans="热线", title_en="Hotline", summary_zh_hans="拨打")
    assert slugs(found("卡")) == {"card"}


def test_words_that_say_too_little_are_not_looked_up():
    assert reading.words_to_find(" keep my number ") == ("keep", "number")
    assert reading.words_to_find("有效期") == ("有效", "效期")
    assert reading.words_to_find(" smart 卡") == ("smart",)
    assert reading.words_to_find("卡") == ()
    assert reading.words_to_find(" " + "x" * 60 + " ") == ()


@on_postgres
def test_search_reads_guides_and_words_from_indexes_alone_on_postgresql(data_migration_rows):
    # Outside a transaction, so that VACUUM can mark the pages all-visible, as autovacuum does:
    # only then does PostgreSQL read an index without the rows behind it. (Content types may
    # have been made again by a test that migrates, so none is taken from the cache.)
    ContentType.objects.clear_cache()
    call_command("load_demo_content", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE guides_guide, guides_searchword")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
    try:
        words_plan = SearchWord.objects.guides_with(["gcash", "refund"]).explain()
        guides_plan = snapshot.snapshot_rows().explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
    assert "Index Only Scan using guides_searchword_pkey" in words_plan
    assert "Index Only Scan using guide_search_ranking" in guides_plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'guides_guide'")
        indexes = {name for (name,) in cursor.fetchall()}
    assert "guide_search_text_trgm" not in indexes


def test_a_guide_with_the_longest_titles_saves_and_is_found(make_guide):
    # Both titles at their longest, in Chinese: the title document the ranking index holds is
    # cut, so PostgreSQL does not refuse the index row; the text still has every word.
    title = "在菲律宾给手机号码充值" * 18 + "最后"
    guide = make_guide(slug="long", title_zh_hans=title[:200], title_en=title[:200])
    guide.refresh_from_db()
    assert len(guide.search_title) <= reading.MAX_TITLE_DOCUMENT_LENGTH
    assert guide.search_title.endswith(" ")
    assert slugs(found("最后")) == {"long"}


def test_a_failed_save_leaves_the_version_as_loaded(make_guide, monkeypatch):
    guide = make_guide(slug="versioned")
    version = guide.version

    def refuse(queryset, guides):
        raise RuntimeError("the words could not be written")

    monkeypatch.setattr(SearchWordQuerySet, "store", refuse)
    guide.title_en = "Changed"
    with pytest.raises(RuntimeError):
        guide.save()
    assert guide.version == version
    assert Guide.objects.get(pk=guide.pk).version == version


def test_grammar_words_are_not_stored_and_their_old_rows_are_deleted(make_guide):
    guide = make_guide(title_en="It was paid but never arrived")
    stored = set(SearchWord.objects.filter(guide=guide).values_list("word", flat=True))
    assert {"paid", "never", "arrived"} <= stored
    assert not stored & {"was", "but"}
    SearchWord.objects.create(guide=guide, word="but")  # as stored before they were grammar words
    migration = import_module("guides.migrations.0027_grammar_words_are_not_search_words")
    migration.delete_their_rows(apps, SimpleNamespace(connection=connection))
    assert not SearchWord.objects.filter(word="but").exists()
    assert SearchWord.objects.filter(guide=guide, word="paid").exists()
