"""Freshness (review intervals, verification) and translation at a glance, in the admin."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from guides.models import Guide, GuideStep
from tests.admin_forms import ADMIN, change_url, guide_change_data


def listed(client, query):
    response = client.get(f"{ADMIN}guides/guide/?{query}")
    assert response.status_code == 200
    return {guide.slug for guide in response.context["cl"].result_list}


def test_review_interval_defaults_to_the_site_setting(make_guide, today, settings):
    settings.GUIDE_REVIEW_INTERVAL_DAYS = 10
    guide = make_guide(last_verified_on=today - datetime.timedelta(days=11))
    assert guide.is_overdue()
    assert guide.review_due_on == today - datetime.timedelta(days=1)
    assert list(Guide.objects.overdue_for_review()) == [guide]


def test_a_guides_own_review_interval_overrides_the_default(make_guide, today):
    verified = today - datetime.timedelta(days=40)
    strict = make_guide(slug="strict", last_verified_on=verified, review_interval_days=30)
    default = make_guide(slug="default", last_verified_on=verified)
    lax = make_guide(
        slug="lax", last_verified_on=today - datetime.timedelta(days=200), review_interval_days=365
    )
    assert strict.is_overdue() and not default.is_overdue() and not lax.is_overdue()
    assert set(Guide.objects.overdue_for_review()) == {strict}


def test_overdue_filter_lists_exactly_the_guides_that_show_a_caution(
    editor_client, client, make_guide, today, long_ago
):
    make_guide(slug="fresh")
    make_guide(slug="stale", last_verified_on=long_ago)
    make_guide(slug="never", last_verified_on=None)
    make_guide(
        slug="short", last_verified_on=today - datetime.timedelta(days=8), review_interval_days=7
    )

    overdue = listed(editor_client, "review=overdue")

    assert overdue == {"stale", "never", "short"}
    for guide in Guide.objects.all():
        page = client.get(f"/en/guides/{guide.slug}/")
        assert ("This guide is due for a check." in page.content.decode()) == (
            guide.slug in overdue
        )


def test_mark_verified_today_by_the_action_records_who_and_when(
    editor_client, editor, make_guide, long_ago, today
):
    guide = make_guide(last_verified_on=long_ago)
    editor_client.post(
        f"{ADMIN}guides/guide/", {"action": "mark_verified_today", "_selected_action": [guide.pk]}
    )
    guide.refresh_from_db()
    assert (guide.last_verified_on, guide.last_verified_by) == (today, editor)
    assert not guide.is_overdue()
    record = Guide.history.filter(id=guide.pk).first()
    assert record.history_user == editor


def test_missing_translation_counts_empty_and_never_written_text_alike(make_guide):
    never_written = make_guide(slug="null-title")
    Guide.objects.filter(pk=never_written.pk).update(title_en=None)
    make_guide(slug="body", body_zh_hans="正文")
    step = make_guide(slug="step")
    GuideStep.objects.filter(guide=step, order=2).update(text_en=None)
    make_guide(slug="complete")
    # A summary left empty in both languages is not a missing translation.
    make_guide(slug="no-summary", summary_zh_hans="", summary_en="")

    missing = {guide.slug for guide in Guide.objects.untranslated("en")}

    assert missing == {"null-title", "body", "step"}
    for guide in Guide.objects.all():
        assert bool(guide.untranslated_parts()["en"]) == (guide.slug in missing)


def test_missing_translation_in_simplified_chinese(make_guide):
    make_guide(slug="english-only-body", body_en="Only in English")
    make_guide(slug="complete")
    assert [g.slug for g in Guide.objects.untranslated("zh-hans")] == ["english-only-body"]
    assert {g.slug for g in Guide.objects.untranslated()} == {"english-only-body"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("missing=en", {"no-english"}),
        ("missing=zh-hans", {"no-chinese"}),
        ("missing=any", {"no-english", "no-chinese"}),
    ],
)
def test_missing_translation_filter_by_language(editor_client, make_guide, query, expected):
    make_guide(slug="complete")
    make_guide(slug="no-english", summary_en=None)
    make_guide(slug="no-chinese", status=Guide.Status.DRAFT, title_zh_hans="")
    assert listed(editor_client, query) == expected


def test_guide_list_shows_which_languages_are_complete(editor_client, make_guide):
    make_guide(slug="complete")
    partial = make_guide(slug="partial", title_en="")
    GuideStep.objects.filter(guide=partial, order=3).update(text_en="")

    response = editor_client.get(f"{ADMIN}guides/guide/")

    html = response.content.decode()
    assert '✓ <abbr title="Simplified Chinese">zh-hans</abbr>' in html
    assert '✗ <abbr title="English">en</abbr>: title, step 3' in html
    assert html.count('✓ <abbr title="English">en</abbr>') == 1


def test_guide_list_reads_steps_once_however_many_guides(
    editor_client, make_guide, django_assert_max_num_queries
):
    for _ in range(3):
        make_guide()
    with django_assert_max_num_queries(20) as few:
        editor_client.get(f"{ADMIN}guides/guide/")
    for _ in range(10):
        make_guide()
    with django_assert_max_num_queries(len(few)):
        editor_client.get(f"{ADMIN}guides/guide/")


def test_error_in_a_hidden_language_tab_is_named_at_the_top_with_its_language(
    editor_client, make_guide
):
    guide = make_guide()
    data = guide_change_data(guide, title_en="x" * 201, **{"steps-1-text_zh_hans": ""})

    response = editor_client.post(change_url(guide), data)

    assert response.status_code == 200
    summary = [(str(e.label), e.anchor) for e in response.context["error_summary"]]
    assert ("Title (English)", "id_title_en") in summary
    assert ("Step 2: Text (Simplified Chinese)", "id_steps-1-text_zh_hans") in summary
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_title_en"' in html
    # The script that opens a tab from the summary, and the style that marks a tab with errors.
    assert "js/admin-editorial.js" in html
    assert "css/admin-editorial.css" in html


def test_tab_with_an_error_is_marked_by_the_tabbed_admin_script():
    """modeltranslation marks the tab of a field row with errors; our stylesheet styles that."""
    script = Path(finders.find("modeltranslation/js/tabbed_translation_fields.js")).read_text()
    styles = Path(finders.find("css/admin-editorial.css")).read_text()
    assert 'hasClass("errors")' in script and "ui-tab-has-errors" in script
    assert ".ui-tab-has-errors" in styles
