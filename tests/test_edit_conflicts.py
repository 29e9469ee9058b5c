"""No lost updates: a guide saved by someone else since it was opened cannot be overwritten."""

import pytest

from guides.admin.guide_form import GuideAdminForm
from guides.models import EditConflict, Guide
from tests.admin_forms import ADMIN, change_url, guide_change_data


def test_every_save_moves_the_guide_to_its_next_version(make_guide):
    guide = make_guide()
    version = guide.version
    guide.save()
    guide.save()
    assert guide.version == version + 2
    assert Guide.objects.get(pk=guide.pk).version == version + 2


def test_saving_a_copy_loaded_before_someone_elses_save_is_refused(make_guide):
    guide = make_guide(title_en="Original")
    first, second = Guide.objects.get(pk=guide.pk), Guide.objects.get(pk=guide.pk)
    first.title_en = "First editor"
    first.save()
    second.title_en = "Second editor"

    with pytest.raises(EditConflict):
        second.save()

    assert Guide.objects.get(pk=guide.pk).title_en == "First editor"


@pytest.fixture
def two_editors(make_staff, login):
    alice = make_staff("alice", "Editors")
    alice.first_name, alice.last_name = "Alice", "Wong"
    alice.save()
    return login(alice), login(make_staff("bob", "Editors"))


def test_second_editor_is_told_who_saved_and_what_changed_and_loses_nothing(
    two_editors, make_guide
):
    alice, bob = two_editors
    guide = make_guide(title_zh_hans="旧标题", title_en="Old title", steps=2)
    assert alice.get(change_url(guide)).status_code == 200
    assert bob.get(change_url(guide)).status_code == 200
    opened = guide_change_data(guide)  # what both forms were loaded with

    saved = alice.post(
        change_url(guide),
        {**opened, "title_en": "Alice's title", "steps-1-text_en": "Alice's step two"},
    )
    assert saved.status_code == 302
    bobs_form = {
        **opened,
        "title_zh_hans": "鲍勃的标题",
        "title_en": "Bob's title",
        "summary_en": "Bob's summary",
        "steps-0-text_zh_hans": "鲍勃的第一步",
        "steps-1-text_en": "Bob's step two",
    }
    refused = bob.post(change_url(guide), bobs_form)

    assert refused.status_code == 200
    html = refused.content.decode()
    # Who saved in between, and when.
    assert "Alice Wong saved this guide after you opened it" in html
    record = Guide.history.filter(id=guide.pk, history_user__username="alice").get()
    assert str(record.history_date.astimezone().year) in html
    # What she changed, field by field, with the language.
    conflict = refused.context["adminform"].form.edit_conflict
    changes = {str(change.label): (change.old, change.new) for change in conflict.changes}
    assert changes["Title (English)"] == ("Old title", "Alice's title")
    assert changes["Step 2 (English)"] == ("Step 2", "Alice's step two")
    assert 'id="edit-conflict"' in html
    # Everything Bob typed is still in the form, in both languages, steps included.
    for typed in ["鲍勃的标题", "Bob&#x27;s title", "Bob&#x27;s summary", "鲍勃的第一步"]:
        assert typed in html
    assert "Bob&#x27;s step two" in html
    # Nothing of Bob's was saved.
    guide.refresh_from_db()
    assert guide.title_en == "Alice's title"
    assert guide.steps.get(order=1).text_zh_hans == "第1步"


def test_after_seeing_the_conflict_saving_again_keeps_the_second_editors_text(
    two_editors, make_guide
):
    alice, bob = two_editors
    guide = make_guide(title_en="Old title")
    opened = guide_change_data(guide)
    alice.post(change_url(guide), {**opened, "title_en": "Alice's title"})
    refused = bob.post(change_url(guide), {**opened, "title_en": "Bob's title"})
    form = refused.context["adminform"].form
    assert form["loaded_version"].value() == Guide.objects.get(pk=guide.pk).version

    again = bob.post(
        change_url(guide),
        {**opened, "title_en": "Bob's title", "loaded_version": form["loaded_version"].value()},
    )

    assert again.status_code == 302
    guide.refresh_from_db()
    assert guide.title_en == "Bob's title"


def test_marking_verified_while_someone_edits_is_not_overwritten(
    two_editors, make_guide, long_ago, today
):
    alice, bob = two_editors
    guide = make_guide(last_verified_on=long_ago)
    opened = guide_change_data(guide)
    alice.post(
        f"{ADMIN}guides/guide/", {"action": "mark_verified_today", "_selected_action": [guide.pk]}
    )

    refused = bob.post(change_url(guide), {**opened, "title_en": "Bob's title"})

    assert refused.status_code == 200
    changes = {str(c.label) for c in refused.context["adminform"].form.edit_conflict.changes}
    assert "Last verified on" in changes
    guide.refresh_from_db()
    assert guide.last_verified_on == today


def test_a_save_that_slips_past_the_form_check_is_still_refused_and_shown(
    two_editors, make_guide, monkeypatch
):
    """The form's check and the save are separate steps; the save's own UPDATE is the guard."""
    alice, bob = two_editors
    guide = make_guide(title_en="Old title")
    opened = guide_change_data(guide)
    # Someone saves after Bob's form was checked and before it was saved: the first check
    # still sees the version Bob loaded.
    other = Guide.objects.get(pk=guide.pk)
    other.title_en = "Saved in between"
    other.save()
    checks = []
    real_stored_version = GuideAdminForm.stored_version

    def check_before_their_save(form):
        checks.append(form)
        if len(checks) == 1:
            return form.cleaned_data["loaded_version"]
        return real_stored_version(form)

    monkeypatch.setattr(GuideAdminForm, "stored_version", check_before_their_save)
    refused = bob.post(change_url(guide), {**opened, "title_en": "Bob's title"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.edit_conflict is not None
    assert len(checks) == 2
    assert "Bob&#x27;s title" in refused.content.decode()
    guide.refresh_from_db()
    assert guide.title_en == "Saved in between"


def test_a_form_without_its_version_is_refused_and_kept(editor_client, make_guide):
    guide = make_guide(title_en="Old title")
    data = guide_change_data(guide, title_en="Typed title")
    del data["loaded_version"]

    refused = editor_client.post(change_url(guide), data)

    assert refused.status_code == 200
    assert "does not say which version" in refused.content.decode()
    assert "Typed title" in refused.content.decode()
    again = {**data, "loaded_version": refused.context["adminform"].form["loaded_version"].value()}
    assert editor_client.post(change_url(guide), again).status_code == 302
    guide.refresh_from_db()
    assert guide.title_en == "Typed title"


def test_adding_a_guide_needs_no_version(editor_client, make_operator, make_channel):
    from tests.test_admin import guide_form

    data = guide_form(make_operator(), make_channel(), [("打开App", "Open the app")])
    assert editor_client.post(f"{ADMIN}guides/guide/add/", data).status_code == 302
    assert Guide.objects.get().version == 1
