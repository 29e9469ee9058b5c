"""The admin index's "needs attention" panel, and who may do what: Editors and Reviewers."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from guides.editorial.admin_site import needs_attention
from guides.editorial.digest import digest_message
from guides.models import EditorProfile, Feedback, Guide
from tests.admin_forms import ADMIN, change_url, guide_change_data


@pytest.fixture
def attention_content(make_guide, long_ago):
    old = timezone.now() - datetime.timedelta(days=31)
    make_guide(slug="fine")
    make_guide(slug="overdue", last_verified_on=long_ago)
    make_guide(slug="overdue-draft", last_verified_on=long_ago, status=Guide.Status.DRAFT)
    make_guide(slug="untranslated", title_en="")
    make_guide(slug="old-draft", status=Guide.Status.DRAFT, created_at=old)
    make_guide(slug="new-draft", status=Guide.Status.DRAFT)
    guide = make_guide(slug="with-feedback")
    for status in [Feedback.Status.NEW, Feedback.Status.NEW, Feedback.Status.RESOLVED]:
        Feedback.objects.create(guide=guide, kind=Feedback.Kind.OUTDATED, status=status)


def test_admin_index_starts_with_what_needs_attention(editor_client, attention_content):
    response = editor_client.get(ADMIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('id="needs-attention"') < html.index('id="content-main"')
    counts = {str(label): count for label, count, _url in response.context["needs_attention"]}
    assert counts == {
        "Published guides overdue for review": 1,
        "Published guides missing a translation": 1,
        "Drafts older than 30 days": 1,
        "Scheduled changes refused": 0,
        "Sources broken or moved": 0,
        "New reader reports": 2,
        "Scam reports naming a number, sender or link": 0,
        "Scam register entries contested by their owners": 0,
        "Searches that found nothing, seen 3 times or more": 0,
        "Cache purges that failed (pages there may be out of date)": 0,
    }


def test_each_count_links_to_a_list_of_exactly_those_items(editor_client, attention_content):
    for label, count, url in needs_attention(Group.objects.get(name="Editors").user_set.get()):
        response = editor_client.get(url)
        assert response.status_code == 200, label
        assert response.context["cl"].result_count == count, label


def test_stale_draft_filter_lists_drafts_older_than_thirty_days(editor_client, attention_content):
    response = editor_client.get(f"{ADMIN}guides/guide/?age=stale_draft")
    assert [g.slug for g in response.context["cl"].result_list] == ["old-draft"]


def test_panel_counts_take_a_fixed_number_of_queries(
    editor, attention_content, make_guide, long_ago, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13) as first:
        needs_attention(editor)
    for days in range(5):
        make_guide(last_verified_on=long_ago, title_en="", review_interval_days=30 + days)
    editor = type(editor).objects.get(pk=editor.pk)  # no cached permissions
    with django_assert_max_num_queries(len(first)):
        needs_attention(editor)


def test_staff_without_content_permissions_sees_no_panel(login, make_staff):
    response = login(make_staff("nobody")).get(ADMIN)
    assert response.status_code == 200
    assert 'id="needs-attention"' not in response.content.decode()


def test_new_guide_records_when_it_was_created(make_guide):
    before = timezone.now()
    guide = make_guide()
    assert before <= guide.created_at <= timezone.now()


# Roles


def test_reviewers_group_may_view_content_and_verify_guides_only(db):
    codenames = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert "verify_guide" in codenames
    assert {"view_guide", "view_guidestep", "view_safetynote", "view_feedback"} <= codenames
    assert codenames - {"verify_guide"} == {c for c in codenames if c.startswith("view_")}
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def test_editors_may_verify_and_share_too(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"verify_guide", "add_previewlink", "change_previewlink"} <= codenames


def test_reviewer_sees_everything_in_the_admin_read_only(reviewer_client, make_guide, make_contact):
    guide = make_guide()
    contact = make_contact()
    for url in [
        ADMIN,
        f"{ADMIN}guides/guide/",
        change_url(guide),
        f"{ADMIN}guides/guide/{guide.pk}/history/",
        f"{ADMIN}guides/safetynote/",
        f"{ADMIN}guides/operator/{contact.operator.pk}/change/",
        f"{ADMIN}guides/feedback/",
    ]:
        assert reviewer_client.get(url).status_code == 200, url
    html = reviewer_client.get(change_url(guide)).content.decode()
    assert 'name="title_en"' not in html  # read-only: no inputs for text
    assert 'name="_save"' not in html


def test_reviewer_cannot_change_text(reviewer_client, make_guide):
    guide = make_guide(title_en="Checked")
    response = reviewer_client.post(change_url(guide), guide_change_data(guide, title_en="Edited"))
    assert response.status_code == 403
    guide.refresh_from_db()
    assert guide.title_en == "Checked"


def test_reviewer_marks_guides_verified_today(
    reviewer_client, reviewer, make_guide, long_ago, today
):
    guide = make_guide(last_verified_on=long_ago, title_en="Unchanged")
    response = reviewer_client.post(
        f"{ADMIN}guides/guide/", {"action": "mark_verified_today", "_selected_action": [guide.pk]}
    )
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.last_verified_on, guide.last_verified_by) == (today, reviewer)
    assert guide.title_en == "Unchanged"


def test_reviewer_cannot_publish_or_unpublish(reviewer_client, make_guide):
    draft = make_guide(status=Guide.Status.DRAFT)
    actions = reviewer_client.get(f"{ADMIN}guides/guide/").context["action_form"]
    names = {value for value, _label in actions.fields["action"].choices}
    assert "mark_verified_today" in names
    assert not names & {"publish", "unpublish", "delete_selected"}
    reviewer_client.post(
        f"{ADMIN}guides/guide/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Guide.Status.DRAFT


def test_staff_without_the_verify_permission_cannot_mark_verified(
    login, make_staff, make_guide, long_ago
):
    from django.contrib.auth.models import Permission

    user = make_staff("writer")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_guide", "change_guide"])
    )
    guide = make_guide(last_verified_on=long_ago)
    login(user).post(
        f"{ADMIN}guides/guide/", {"action": "mark_verified_today", "_selected_action": [guide.pk]}
    )
    guide.refresh_from_db()
    assert guide.last_verified_on == long_ago


@pytest.mark.parametrize("group", ["Editors", "Reviewers"])
def test_only_superusers_manage_users_and_groups(login, make_staff, group):
    browser = login(make_staff("member", group))
    for url in [f"{ADMIN}auth/user/", f"{ADMIN}auth/group/", f"{ADMIN}auth/user/add/"]:
        assert browser.get(url).status_code == 403


@pytest.fixture
def mixed_attention(make_guide, make_staff, make_broken_source_check):
    """Items that count for one rule and not another: votes beside reports, a scam report that
    names nothing, a broken source since replaced."""
    guide = make_guide(slug="with-reports")
    for kind, value in [
        (Feedback.Kind.HELPFUL, ""),
        (Feedback.Kind.OUTDATED, ""),
        (Feedback.Kind.SCAM_SEEN, ""),
        (Feedback.Kind.SCAM_SEEN, "+63 917 000 0000"),
    ]:
        Feedback.objects.create(guide=guide, kind=kind, reported_value=value)
    make_broken_source_check(guide, "https://old.example.org/gone")
    make_broken_source_check(guide)
    editor = make_staff("counter", "Editors")
    editor.email = "counter@example.org"
    editor.save()
    return editor


def test_each_count_matches_its_list_when_rules_overlap(editor_client, mixed_attention):
    counts = {}
    for label, count, url in needs_attention(mixed_attention):
        response = editor_client.get(url)
        assert response.context["cl"].result_count == count, label
        counts[str(label)] = count
    assert counts["New reader reports"] == 3
    assert counts["Scam reports naming a number, sender or link"] == 1
    assert counts["Sources broken or moved"] == 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_digest_uses_the_index_words_and_counts(mixed_attention, language):
    EditorProfile.objects.filter(pk=EditorProfile.for_user(mixed_attention).pk).update(
        language=language
    )
    message = digest_message(
        mixed_attention, EditorProfile.for_user(mixed_attention), timezone.now()
    )
    text = message.body
    with translation.override(language):
        for label, count, url in needs_attention(mixed_attention):
            if count:
                assert f"{label} ({count})" in text
                assert url in text
