"""Search quality, measured on the public set of readers' queries (tests/search_queries.py)."""

from scripts.search_quality import TARGET, measure
from tests.search_queries import QUERIES


def test_the_query_set_is_public_bilingual_and_large_enough():
    languages = [language for language, _text, _expected in QUERIES]
    assert len(QUERIES) >= 40
    assert languages.count("zh-hans") >= 20
    assert languages.count("en") >= 20
    assert all(expected for _language, _text, expected in QUERIES)


def test_expected_guides_and_safety_notes_exist_and_are_published(demo):
    from guides.models import Guide, SafetyNote

    published = set(Guide.objects.public().values_list("slug", flat=True))
    notes = {
        f"safety:{slug}" for slug in SafetyNote.objects.active().values_list("slug", flat=True)
    }
    for _language, text, expected in QUERIES:
        assert expected <= published | notes, text


def test_nine_in_ten_readers_queries_have_an_expected_guide_in_the_top_three(demo):
    share, _with_every_word = measure(QUERIES)
    assert share >= TARGET
