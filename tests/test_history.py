"""History of content changes: who, when and what, diffs between versions, and revert."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from guides.editorial.history import diff_objects, inline_diff, version_of_record
from guides.models import (
    Channel,
    Guide,
    GuideStep,
    OfficialContact,
    Operator,
    Region,
    SafetyNote,
    SearchSynonym,
)
from tests.admin_forms import ADMIN, change_url, form_data, guide_change_data


def history_url(obj):
    return f"{ADMIN}guides/{obj._meta.model_name}/{obj.pk}/history/"


def edit_guide(client, guide, **changes):
    guide.refresh_from_db()
    response = client.post(change_url(guide), guide_change_data(guide, **changes))
    assert response.status_code == 302, response.context["error_summary"]
    guide.refresh_from_db()
    return Guide.history.filter(id=guide.pk).first()


def test_admin_save_is_recorded_with_editor_and_every_language(editor_client, editor, make_guide):
    guide = make_guide(title_en="Before")

    record = edit_guide(
        editor_client,
        guide,
        title_en="After",
        title_zh_hans="之后",
        steps=[("第1步", "Step one"), ("第2步", "Step 2"), ("第3步", "Step 3")],
    )

    assert record.history_user == editor
    assert (record.title_en, record.title_zh_hans) == ("After", "之后")
    assert record.version == guide.version
    step_record = GuideStep.history.filter(guide_id=guide.pk, history_user=editor).get()
    assert (step_record.text_zh_hans, step_record.text_en) == ("第1步", "Step one")


def test_history_page_lists_who_and_offers_a_comparison(editor_client, make_guide):
    guide = make_guide()
    edit_guide(editor_client, guide, title_en="Changed")

    response = editor_client.get(history_url(guide))

    html = response.content.decode()
    assert response.status_code == 200
    assert ">editor<" in html
    changes = [str(c.label) for c in response.context["page_obj"][0].changes]
    assert changes == ["Title (English)"]  # with its language, and no untranslated column
    assert 'name="old"' in html and 'name="new"' in html


def test_history_page_shows_a_step_edit_under_changes(editor_client, make_guide):
    guide = make_guide(steps=2)
    edit_guide(editor_client, guide, steps=[("第1步", "Step 1"), ("第2步", "Step two, rewritten")])

    response = editor_client.get(history_url(guide))

    newest = response.context["page_obj"][0]
    assert [str(change.label) for change in newest.changes] == ["Step 2 (English)"]
    assert "Step 2 (English)" in response.content.decode()


def test_history_page_is_written_in_the_editors_language(editor_client, make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    record = Guide.history.filter(id=guide.pk).first()

    response = editor_client.get(history_url(guide), headers={"accept-language": "zh-hans"})

    html = response.content.decode()
    with translation.override("zh-hans"):
        written = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    assert written in html
    assert '<th scope="col">状态</th>' in html and "<td>草稿</td>" in html


def test_saving_a_guide_without_a_change_records_no_version(editor_client, make_guide):
    guide = make_guide(steps=2)
    versions, version = Guide.history.filter(id=guide.pk).count(), guide.version

    edit_guide(editor_client, guide)

    assert Guide.history.filter(id=guide.pk).count() == versions
    assert guide.version == version


def test_saving_an_operator_without_a_change_records_no_version(editor_client, make_operator):
    operator = make_operator()
    versions = operator.history.count()
    page = editor_client.get(f"{ADMIN}guides/operator/{operator.pk}/change/")
    data = form_data(page.context["adminform"].form, page.context["inline_admin_formsets"])

    response = editor_client.post(f"{ADMIN}guides/operator/{operator.pk}/change/", data)

    assert response.status_code == 302
    assert operator.history.count() == versions


@pytest.mark.parametrize(
    "model", [Operator, OfficialContact, SafetyNote, Region, Channel, SearchSynonym]
)
def test_other_content_has_a_history_page(editor_client, make_contact, make_channel, model):
    contact = make_contact()
    obj = {
        Operator: lambda: contact.operator,
        OfficialContact: lambda: contact,
        SafetyNote: SafetyNote.objects.first,
        Region: lambda: contact.operator.region,
        Channel: make_channel,
        SearchSynonym: lambda: SearchSynonym.objects.create(term="保号", meaning="keep number"),
    }[model]()
    assert editor_client.get(history_url(obj)).status_code == 200


def test_comparing_two_versions_shows_each_changed_field_with_its_language(
    editor_client, make_guide
):
    guide = make_guide(title_en="Top up in the app", steps=2)
    first = Guide.history.filter(id=guide.pk).first()
    edit_guide(
        editor_client,
        guide,
        title_en="Top up in the official app",
        steps=[("第1步", "Step 1"), ("第二步", "Step 2")],
    )
    second = Guide.history.filter(id=guide.pk).first()

    response = editor_client.get(
        f"{history_url(guide)}compare/", {"old": first.history_id, "new": second.history_id}
    )

    html = response.content.decode()
    assert response.status_code == 200
    labels = [str(change.label) for change in response.context["changes"]]
    assert labels == ["Title (English)", "Step 2 (Simplified Chinese)"]
    assert "<ins>official </ins>" in html
    assert "<del>2</del>" in html and "<ins>二</ins>" in html


def test_comparing_with_a_version_of_another_object_is_not_found(editor_client, make_guide):
    guide, other = make_guide(), make_guide()
    record = Guide.history.filter(id=other.pk).first()
    response = editor_client.get(f"{history_url(guide)}compare/", {"old": record.history_id})
    assert response.status_code == 404
    response = editor_client.get(f"{history_url(guide)}compare/", {"old": "x"})
    assert response.status_code == 404


def test_inline_diff_marks_single_chinese_characters_and_english_words():
    old, new = inline_diff("拨打10086充值 now", "拨打10088充值 right now")
    assert old == "拨打<del>10086</del>充值 now"
    assert new == "拨打<ins>10088</ins>充值 <ins>right </ins>now"
    old, new = inline_diff("<b>", "<i>")
    assert "<b>" not in old and "&lt;" in old


def test_revert_restores_the_guides_text_and_its_steps(editor_client, make_guide):
    guide = make_guide(title_zh_hans="原标题", title_en="Original", steps=3)
    original_steps = list(guide.steps.values_list("pk", "order", "text_zh_hans", "text_en"))
    first = Guide.history.filter(id=guide.pk).first()
    edit_guide(
        editor_client,
        guide,
        title_en="Rewritten",
        steps=[("改写的第1步", "Rewritten step 1"), ("第2步", "Step 2")],  # step 3 deleted
    )
    edit_guide(
        editor_client,
        guide,
        steps=[("改写的第1步", "Rewritten step 1"), ("第2步", "Step 2"), ("新", "New")],
    )
    assert guide.steps.count() == 3

    page = editor_client.get(f"{history_url(guide)}{first.history_id}/")
    response = editor_client.post(f"{history_url(guide)}{first.history_id}/")

    assert page.status_code == 200
    assert "Revert to this version" in page.content.decode()
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.title_zh_hans, guide.title_en) == ("原标题", "Original")
    restored = list(guide.steps.values_list("pk", "order", "text_zh_hans", "text_en"))
    assert restored == original_steps  # the same steps, under their own ids
    latest = Guide.history.filter(id=guide.pk).first()
    assert latest.history_change_reason == f"revert:{first.history_id}"
    assert version_of_record(latest).steps[0].text_en == "Step 1"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_revert_message_writes_the_date_as_the_admin_does(
    editor_client, make_guide, language, settings
):
    guide = make_guide(title_en="Original")
    first = Guide.history.filter(id=guide.pk).first()
    edit_guide(editor_client, guide, title_en="Changed")

    with translation.override(language):
        response = editor_client.post(
            f"{history_url(guide)}{first.history_id}/",
            follow=True,
            headers={"accept-language": language},
        )
        written = date_format(timezone.localtime(first.history_date), "DATETIME_FORMAT")

    message = str(list(response.context["messages"])[-1])
    assert written in message
    assert str(first.history_date.year) + "-" not in message  # no raw timestamp
    history = editor_client.get(history_url(guide), headers={"accept-language": language})
    with translation.override(language):
        reason = gettext("Reverted to the version of %(date)s") % {"date": written}
    assert history.context["page_obj"][0].reason == reason
    assert reason in history.content.decode()


def test_revert_keeps_status_and_verification(editor_client, make_guide, long_ago, today):
    guide = make_guide(status=Guide.Status.DRAFT, last_verified_on=long_ago)
    first = Guide.history.filter(id=guide.pk).first()
    edit_guide(
        editor_client, guide, status=Guide.Status.PUBLISHED, last_verified_on=today.isoformat()
    )

    editor_client.post(f"{history_url(guide)}{first.history_id}/")

    guide.refresh_from_db()
    assert guide.status == Guide.Status.PUBLISHED
    assert guide.last_verified_on == today


def test_revert_of_a_published_guide_to_a_version_without_steps_is_refused(
    editor_client, make_guide
):
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    stepless = Guide.history.filter(id=guide.pk).first()
    edit_guide(editor_client, guide, steps=[("第1步", "Step 1")])
    edit_guide(editor_client, guide, status=Guide.Status.PUBLISHED)

    response = editor_client.post(f"{history_url(guide)}{stepless.history_id}/", follow=True)

    assert "at least one step" in response.content.decode()
    assert guide.steps.count() == 1


def test_reviewer_sees_a_version_but_cannot_revert(reviewer_client, editor_client, make_guide):
    guide = make_guide(title_en="Original")
    first = Guide.history.filter(id=guide.pk).first()
    edit_guide(editor_client, guide, title_en="Changed")

    page = reviewer_client.get(f"{history_url(guide)}{first.history_id}/")
    response = reviewer_client.post(f"{history_url(guide)}{first.history_id}/")

    assert page.status_code == 200
    assert "Revert to this version" not in page.content.decode()
    assert response.status_code == 403
    guide.refresh_from_db()
    assert guide.title_en == "Changed"


def test_revert_of_a_safety_note_restores_both_languages(editor_client, make_note):
    note = make_note(title_zh_hans="原提示", title_en="Original note")
    first = SafetyNote.history.filter(id=note.pk).first()
    note.title_zh_hans, note.title_en = "新提示", "New note"
    note.save()

    response = editor_client.post(f"{history_url(note)}{first.history_id}/")

    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.title_zh_hans, note.title_en) == ("原提示", "Original note")


def test_revert_of_a_channel_restores_both_languages(editor_client, make_channel):
    channel = make_channel(name_zh_hans="原名称", name_en="Original name")
    first = Channel.history.filter(id=channel.pk).first()
    channel.name_zh_hans, channel.name_en = "新名称", "New name"
    channel.save()

    response = editor_client.post(f"{history_url(channel)}{first.history_id}/")

    assert response.status_code == 302
    channel.refresh_from_db()
    assert (channel.name_zh_hans, channel.name_en) == ("原名称", "Original name")


def test_revert_that_would_break_a_content_rule_is_refused(editor_client):
    note = SafetyNote.objects.get(slug="avoid-scams")
    note.is_active = False  # bypasses the admin: make an inactive version to revert to
    note.save()
    inactive = SafetyNote.history.filter(id=note.pk).first()
    note.is_active = True
    note.save()

    response = editor_client.post(f"{history_url(note)}{inactive.history_id}/", follow=True)

    assert "last active note" in response.content.decode()
    note.refresh_from_db()
    assert note.is_active


def test_compare_with_published_shows_unsaved_changes(editor_client, make_guide):
    guide = make_guide(title_en="What readers see")
    data = guide_change_data(guide, title_en="What I am typing")

    response = editor_client.post(f"{ADMIN}guides/guide/{guide.pk}/compare-with-published/", data)

    changes = response.context["changes"]
    assert [(str(c.label), c.old, c.new) for c in changes] == [
        ("Title (English)", "What readers see", "What I am typing")
    ]
    guide.refresh_from_db()
    assert guide.title_en == "What readers see"


def test_compare_with_published_uses_the_last_published_version_when_offline(
    editor_client, make_guide
):
    guide = make_guide(title_en="Once online")
    edit_guide(editor_client, guide, status=Guide.Status.DRAFT, title_en="Reworked offline")

    response = editor_client.get(f"{ADMIN}guides/guide/{guide.pk}/compare-with-published/")

    labels = {str(c.label): (c.old, c.new) for c in response.context["changes"]}
    assert labels["Title (English)"] == ("Once online", "Reworked offline")
    assert labels["Status"] == ("Published", "Draft")
    assert "last published version" in response.content.decode()


def test_compare_with_published_of_a_never_published_guide(editor_client, make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    response = editor_client.get(f"{ADMIN}guides/guide/{guide.pk}/compare-with-published/")
    assert response.context["changes"] is None
    assert "never been published" in response.content.decode()


def test_steps_saved_without_history_count_as_always_there(make_guide):
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    GuideStep.objects.bulk_create(
        [GuideStep(guide=guide, order=1, text_zh_hans="第1步", text_en="Step 1")]
    )
    first = Guide.history.filter(id=guide.pk).first()
    guide.title_en = "Changed"
    guide.save()

    assert [step.text_en for step in version_of_record(first).steps] == ["Step 1"]


def test_demo_content_steps_have_a_history(db):
    from django.core.management import call_command

    call_command("load_demo_content", stdout=None)
    guide = Guide.objects.published().first()
    step_ids = set(guide.steps.values_list("pk", flat=True))
    assert step_ids == set(GuideStep.history.filter(guide_id=guide.pk).values_list("id", flat=True))


def test_history_lists_changed_fields_in_the_forms_order(editor_client, make_guide):
    guide = make_guide()
    edit_guide(editor_client, guide, title_en="New title", body_en="New body", summary_en="New")

    response = editor_client.get(history_url(guide))

    labels = [str(change.label) for change in response.context["page_obj"][0].changes]
    assert labels == ["Title (English)", "Summary (English)", "Body (English)"]


def test_an_empty_translation_or_other_line_breaks_are_no_change(make_guide):
    guide = make_guide(body_en="One\nTwo", summary_en=None)
    typed = Guide.objects.get(pk=guide.pk)
    typed.body_en, typed.summary_en = "One\r\nTwo", ""
    record = Guide.history.filter(id=guide.pk).first()

    assert diff_objects(Guide, record, typed) == []
    typed.summary_en = "Written"
    with translation.override("en"):
        changes = [(str(c.label), c.old, c.new) for c in diff_objects(Guide, record, typed)]
    assert changes == [("Summary (English)", "", "Written")]
