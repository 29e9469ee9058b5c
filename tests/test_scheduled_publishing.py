"""Scheduled publishing: a guide, or a new version of a published one, goes live at a set time,
and a guide is withdrawn at one; `manage.py publish_scheduled` applies each change exactly once."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from guides.caching.content import content_version
from guides.editorial.admin_site import needs_attention
from guides.editorial.history import revert_object, version_of_record
from guides.editorial.scheduling import (
    apply_change,
    publish_due,
    schedule_version,
    scheduled_version,
    version_content,
)
from guides.editorial.versions import apply_version, step_values, version_values
from guides.models import Guide, GuideStep, PreviewLink, ScheduledChange
from tests.admin_forms import ADMIN, change_url, guide_change_data


def schedule(guide, action=ScheduledChange.Action.PUBLISH, minutes=-1, **fields):
    """A change due `minutes` from now (in the past by default), saved without form checks."""
    run_at = timezone.now() + datetime.timedelta(minutes=minutes)
    return ScheduledChange.objects.create(guide=guide, action=action, run_at=run_at, **fields)


def new_version(guide, title_en, steps):
    guide = Guide.objects.get(pk=guide.pk)
    guide.title_en = title_en
    step_objects = [
        GuideStep(pk=pk, guide=guide, order=n, text_zh_hans=zh, text_en=en)
        for n, (pk, zh, en) in enumerate(steps, start=1)
    ]
    return guide, step_objects


def run_command():
    out = StringIO()
    with translation.override("en"):
        call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def attention_counts(user):
    with translation.override("en"):
        return {str(label): count for label, count, _url in needs_attention(user)}


def test_a_draft_scheduled_to_go_live_is_published_when_due_and_not_before(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    later = schedule(guide, minutes=60)
    assert "0 scheduled change(s)" in run_command()
    assert Guide.objects.get(pk=guide.pk).status == Guide.Status.DRAFT

    version_before = content_version()
    later.run_at = timezone.now() - datetime.timedelta(seconds=1)
    later.save()
    assert "Published." in run_command()
    guide.refresh_from_db()
    later.refresh_from_db()
    assert guide.status == Guide.Status.PUBLISHED and guide.published_at is not None
    assert later.state == ScheduledChange.State.DONE and later.applied_at is not None
    assert content_version() != version_before, "every server must learn of the change"


def test_running_again_changes_nothing(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    schedule(guide)
    run_command()
    version = Guide.objects.get(pk=guide.pk).version
    assert "0 scheduled change(s)" in run_command()
    assert Guide.objects.get(pk=guide.pk).version == version


def test_a_withdrawal_takes_a_published_guide_offline(make_guide, client):
    guide = make_guide()
    schedule(guide, ScheduledChange.Action.WITHDRAW)
    run_command()
    assert Guide.objects.get(pk=guide.pk).status == Guide.Status.DRAFT
    assert client.get(f"/en/guides/{guide.slug}/").status_code == 404


def test_a_publication_the_rules_refuse_is_reported_and_nothing_is_applied(make_guide, editor):
    guide = make_guide(status=Guide.Status.DRAFT, steps=0)
    change = schedule(guide)
    output = run_command()
    change.refresh_from_db()
    assert change.state == ScheduledChange.State.REFUSED
    with translation.override("en"):
        rule = str(Guide.objects.get(pk=guide.pk).publication_errors()[Guide.STEPS_RULE])
    assert change.outcome == rule and rule in output
    assert Guide.objects.get(pk=guide.pk).status == Guide.Status.DRAFT
    counts = attention_counts(editor)
    assert counts["Scheduled changes refused"] == 1


def test_a_new_version_of_a_published_guide_waits_and_then_replaces_it(make_guide, editor):
    guide = make_guide(steps=2)
    first, second = guide.steps.order_by("order")
    edited, steps = new_version(
        guide, "Tomorrow's title", [(first.pk, "第一步（新）", "New step 1"), (None, "新", "Added")]
    )
    run_at = timezone.now() + datetime.timedelta(hours=1)
    change = schedule_version(guide=edited, steps=steps, run_at=run_at, user=editor)

    stored = Guide.objects.get(pk=guide.pk)
    assert stored.title_en == guide.title_en and stored.steps.count() == 2
    preview, preview_steps = scheduled_version(change)
    assert preview.title_en == "Tomorrow's title"
    assert [s.text_en for s in preview_steps] == ["New step 1", "Added"]

    assert publish_due(run_at - datetime.timedelta(minutes=1)) == []
    [result] = publish_due(run_at)
    assert not result.refused
    stored = Guide.objects.get(pk=guide.pk)
    assert stored.title_en == "Tomorrow's title" and stored.is_published
    texts = list(stored.steps.order_by("order").values_list("pk", "text_en"))
    assert texts[0] == (first.pk, "New step 1") and texts[1][1] == "Added"
    assert not stored.steps.filter(pk=second.pk).exists()
    assert stored.history.first().history_user == editor


def test_a_new_version_is_refused_when_the_guide_was_saved_after_it(make_guide, editor):
    guide = make_guide()
    edited, steps = new_version(guide, "Scheduled", [(None, "步", "Step")])
    change = schedule_version(
        guide=edited, steps=steps, run_at=timezone.now() + datetime.timedelta(hours=1), user=editor
    )
    stored = Guide.objects.get(pk=guide.pk)
    stored.title_en = "Edited meanwhile"
    stored.save()
    with translation.override("en"):
        [result] = publish_due(change.run_at)
    assert result.refused and "saved after this version was scheduled" in result.outcome
    assert Guide.objects.get(pk=guide.pk).title_en == "Edited meanwhile"


def test_two_servers_interleaved_apply_each_change_once(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    change = schedule(guide)
    now = timezone.now()
    # Server B has listed what is due; server A applies it first; then B gets to it.
    listed_by_b = list(ScheduledChange.objects.due(now).values_list("pk", flat=True))
    assert apply_change(change_id=change.pk, now=now) is not None
    assert [apply_change(change_id=pk, now=now) for pk in listed_by_b] == [None]
    assert Guide.objects.get(pk=guide.pk).version == guide.version + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_servers_at_once_apply_each_change_once(make_guide, data_migration_rows):
    guides = [make_guide(status=Guide.Status.DRAFT) for _n in range(5)]
    for guide in guides:
        schedule(guide)
    start = threading.Barrier(2)
    results = []

    def server():
        try:
            start.wait()
            results.append(publish_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    applied = [r.change.pk for run in results for r in run]
    assert len(applied) == len(set(applied)) == 5
    assert all(g.version == 2 for g in Guide.objects.filter(pk__in=[g.pk for g in guides]))


def test_editor_schedules_the_form_as_a_new_version_and_previews_and_shares_it(
    editor_client, make_guide
):
    guide = make_guide(steps=1)
    data = guide_change_data(guide, steps=[("新的一步", "The new step")], title_en="Next month")
    data["_schedule_at"] = (timezone.localtime() + datetime.timedelta(days=3)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    response = editor_client.post(
        f"{ADMIN}guides/scheduledchange/version/{guide.pk}/", data, follow=True
    )
    assert response.status_code == 200
    change = ScheduledChange.objects.get(guide=guide)
    assert change.is_new_version and change.created_by.username == "editor"
    assert Guide.objects.get(pk=guide.pk).title_en != "Next month"

    page = editor_client.get(change_url(guide)).content.decode()
    assert f"/guides/scheduledchange/{change.pk}/change/" in page, "the guide names its schedule"
    listing = editor_client.get(f"{ADMIN}guides/scheduledchange/").content.decode()
    assert timezone.localtime(change.run_at).strftime("%Y") in listing

    preview = editor_client.get(f"{ADMIN}guides/scheduledchange/{change.pk}/preview/en/")
    assert "Next month" in preview.content.decode() and "The new step" in preview.content.decode()

    editor_client.post(f"{ADMIN}guides/scheduledchange/{change.pk}/share/")
    link = PreviewLink.objects.get(scheduled_change=change)
    shared = editor_client.get(f"/en/preview/{link.token}/").content.decode()
    assert "Next month" in shared and "The new step" in shared


def test_scheduling_without_a_time_is_refused_with_a_message(editor_client, make_guide):
    guide = make_guide()
    data = guide_change_data(guide)
    response = editor_client.post(f"{ADMIN}guides/scheduledchange/version/{guide.pk}/", data)
    assert response.status_code == 400 and "Give a date and time." in response.content.decode()
    assert not ScheduledChange.objects.exists()


def test_editor_schedules_a_withdrawal_in_the_admin(editor_client, make_guide):
    guide = make_guide()
    when = timezone.localtime() + datetime.timedelta(days=1)
    response = editor_client.post(
        f"{ADMIN}guides/scheduledchange/add/",
        {
            "guide": guide.pk,
            "action": "withdraw",
            "run_at_0": when.strftime("%Y-%m-%d"),
            "run_at_1": when.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    change = ScheduledChange.objects.get()
    assert change.action == "withdraw" and change.created_by.username == "editor"


def test_publishing_an_already_published_guide_as_stored_is_refused_in_the_form(
    editor_client, make_guide
):
    guide = make_guide()
    when = timezone.localtime() + datetime.timedelta(days=1)
    response = editor_client.post(
        f"{ADMIN}guides/scheduledchange/add/",
        {
            "guide": guide.pk,
            "action": "publish",
            "run_at_0": when.strftime("%Y-%m-%d"),
            "run_at_1": when.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200 and "already published" in response.content.decode()
    assert not ScheduledChange.objects.exists()


def test_staff_who_may_not_see_schedules_get_no_preview(make_guide, make_staff, login, editor):
    guide = make_guide()
    edited, steps = new_version(guide, "Secret plans", [(None, "步", "Step")])
    change = schedule_version(
        guide=edited, steps=steps, run_at=timezone.now() + datetime.timedelta(hours=1), user=editor
    )
    browser = login(make_staff("nobody"))
    response = browser.get(f"{ADMIN}guides/scheduledchange/{change.pk}/preview/en/")
    assert response.status_code in (403, 404) and b"Secret plans" not in response.content


def move_on(guide_pk, title_en="Version B"):
    """A new version of the guide: another title, its first step rewritten, its last deleted."""
    guide = Guide.objects.get(pk=guide_pk)
    guide.title_en = title_en
    guide.save()
    first, *_middle, last = guide.steps.order_by("order")
    first.text_en = "Rewritten"
    first.save()
    last.delete()
    return Guide.objects.get(pk=guide_pk)


def guide_state(guide, steps=None):
    """What a version decides about a guide: its version's fields, its status and its steps."""
    steps = list(guide.steps.order_by("order")) if steps is None else steps
    texts = [(step.order, step.text_zh_hans, step.text_en) for step in steps]
    return version_values(Guide, guide), guide.status, texts


def schedule_record(record, guide, **fields):
    """A change that publishes the version of `record` on the guide as it is stored now."""
    version = version_of_record(record)
    return schedule(
        guide,
        content=version_content(version.guide, version.steps),
        based_on_version=guide.version,
        **fields,
    )


def test_revert_a_scheduled_version_and_its_preview_of_one_version_agree(make_guide, editor):
    guide = make_guide(title_en="Version A", steps=3)
    version_a = Guide.history.filter(id=guide.pk).first()
    move_on(guide.pk)
    change = schedule_record(version_a, Guide.objects.get(pk=guide.pk))

    previewed = guide_state(*scheduled_version(change))
    change.state = ScheduledChange.State.CANCELLED
    change.save()
    revert_object(obj=Guide.objects.get(pk=guide.pk), record=version_a, user=editor)
    reverted = guide_state(Guide.objects.get(pk=guide.pk))
    move_on(guide.pk, title_en="Version C")
    change = schedule_record(version_a, Guide.objects.get(pk=guide.pk), created_by=editor)
    [result] = publish_due()
    published = guide_state(Guide.objects.get(pk=guide.pk))

    assert not result.refused, result.outcome
    assert previewed == reverted == published
    assert published[0]["title_en"] == "Version A" and len(published[2]) == 3
    stored = Guide.objects.get(pk=guide.pk)
    assert {step.history.first().history_user for step in stored.steps.all()} == {editor}


def test_a_version_the_rules_refuse_is_refused_alike_by_revert_and_schedule(make_guide, editor):
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    stepless = Guide.history.filter(id=guide.pk).first()
    guide.title_en = "Saved before its step was written"
    guide.save()
    GuideStep.objects.create(guide=guide, order=1, text_zh_hans="第1步", text_en="Step 1")
    guide = Guide.objects.get(pk=guide.pk)
    guide.publish()
    guide.save()

    with translation.override("en"):
        with pytest.raises(ValidationError) as refusal:
            revert_object(obj=guide, record=stepless, user=editor)
        reverting = " ".join(refusal.value.messages)
        change = schedule_record(stepless, Guide.objects.get(pk=guide.pk))
        [result] = publish_due()

    assert "at least one step" in reverting
    assert result.refused and result.outcome == reverting
    assert Guide.objects.get(pk=guide.pk).steps.count() == 1
    preview, steps = scheduled_version(change)
    assert steps == [], "a preview shows the version as it is, refused or not"


def test_a_scheduled_version_is_checked_by_the_models_own_rules_too(make_guide):
    guide = make_guide()
    values = {**version_values(Guide, guide), "source_url": "not an address"}
    steps = [step_values(step) for step in guide.steps.all()]

    with pytest.raises(ValidationError) as refusal:
        apply_version(Guide.objects.get(pk=guide.pk), values, steps)
    preview, _steps = apply_version(Guide.objects.get(pk=guide.pk), values, steps, save=False)

    assert "source_url" in refusal.value.message_dict
    assert preview.source_url == "not an address"
    assert Guide.objects.get(pk=guide.pk).source_url == guide.source_url
