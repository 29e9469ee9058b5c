"""The editors' admin: permissions, the guide form with its steps, actions and the rules."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guides.models import Guide, GuideStep, SafetyNote

from .admin_forms import change_url, guide_change_data
from .searching import found

ADMIN = f"/{settings.ADMIN_PATH}"


def guide_form(operator, channel, steps, **fields):
    data = {
        "title_zh_hans": "中国移动App充值",
        "title_en": "Top up China Mobile in its app",
        "slug": "china-mobile-app-test",
        "operator": operator.pk,
        "channel": channel.pk,
        "summary_zh_hans": "用官方App给手机充值。",
        "summary_en": "Top up in the official app.",
        "body_zh_hans": "",
        "body_en": "",
        "status": Guide.Status.PUBLISHED,
        "source_url": "https://www.10086.cn/",
        "source_kind": "operator",
        "last_verified_on": timezone.localdate().isoformat(),
        "review_interval_days": "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
    }
    for index, (zh, en) in enumerate(steps):
        data[f"steps-{index}-order"] = str(index + 1)
        data[f"steps-{index}-text_zh_hans"] = zh
        data[f"steps-{index}-text_en"] = en
    data.update(fields)
    return data


def test_editors_group_can_change_content_but_not_users(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_guide", "change_guide", "delete_guide", "change_safetynote"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def test_editor_can_open_guide_admin_but_not_user_admin(editor_client, make_guide):
    guide = make_guide()
    assert editor_client.get(f"{ADMIN}guides/guide/").status_code == 200
    assert editor_client.get(f"{ADMIN}guides/guide/{guide.pk}/change/").status_code == 200
    assert editor_client.get(f"{ADMIN}auth/user/").status_code == 403
    assert editor_client.get(f"{ADMIN}auth/group/").status_code == 403


def test_editor_creates_and_publishes_guide_with_steps_in_both_languages(
    editor_client, make_operator, make_channel
):
    operator, channel = make_operator(), make_channel()
    steps = [("打开App", "Open the app"), ("核对号码", "Check the number"), ("付款", "Pay")]

    response = editor_client.post(f"{ADMIN}guides/guide/add/", guide_form(operator, channel, steps))

    assert response.status_code == 302, response.context["adminform"].errors
    guide = Guide.objects.get(slug="china-mobile-app-test")
    assert guide.status == Guide.Status.PUBLISHED
    assert guide.published_at is not None
    assert [(s.text_zh_hans, s.text_en) for s in guide.steps.all()] == steps
    assert editor_client.get(f"/en/guides/{guide.slug}/").status_code == 200


def test_publishing_without_steps_is_refused_in_the_form(
    editor_client, make_operator, make_channel
):
    data = guide_form(make_operator(), make_channel(), steps=[])

    response = editor_client.post(f"{ADMIN}guides/guide/add/", data)

    assert response.status_code == 200
    assert "at least one step" in response.content.decode()
    assert not Guide.objects.exists()


def test_publishing_without_chinese_title_is_refused_in_the_form(
    editor_client, make_operator, make_channel
):
    data = guide_form(make_operator(), make_channel(), [("a", "a")], title_zh_hans="")

    response = editor_client.post(f"{ADMIN}guides/guide/add/", data)

    assert response.status_code == 200
    assert not Guide.objects.exists()


def test_publish_action_publishes_complete_guides_and_reports_the_rest(editor_client, make_guide):
    ready = make_guide(status=Guide.Status.DRAFT)
    no_steps = make_guide(steps=0, status=Guide.Status.DRAFT)

    response = editor_client.post(
        f"{ADMIN}guides/guide/",
        {"action": "publish", "_selected_action": [ready.pk, no_steps.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    no_steps.refresh_from_db()
    assert ready.status == Guide.Status.PUBLISHED
    assert no_steps.status == Guide.Status.DRAFT
    assert str(no_steps) in response.content.decode()


def test_publish_action_says_what_each_refused_guide_lacks(editor_client, make_guide):
    """Not "a title or a step is missing": which of them, for each guide."""
    no_steps = make_guide(steps=0, status=Guide.Status.DRAFT)
    unsourced = make_guide(status=Guide.Status.DRAFT, source_url="", last_verified_on=None)
    response = editor_client.post(
        f"{ADMIN}guides/guide/",
        {"action": "publish", "_selected_action": [no_steps.pk, unsourced.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert f"{no_steps} (A guide needs at least one step before it can be published.)" in html
    assert f"{unsourced} (A guide needs its source before it can be published." in html
    assert "checked against its source" in html
    assert "title in Simplified Chinese" not in html


def test_unpublish_action_makes_guides_drafts(editor_client, make_guide):
    guide = make_guide()
    editor_client.post(
        f"{ADMIN}guides/guide/", {"action": "unpublish", "_selected_action": [guide.pk]}
    )
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT
    assert editor_client.get(f"/en/guides/{guide.slug}/").status_code == 404


def test_mark_verified_today_records_who_and_when(editor_client, editor, make_guide, long_ago):
    guide = make_guide(last_verified_on=long_ago)
    editor_client.post(
        f"{ADMIN}guides/guide/",
        {"action": "mark_verified_today", "_selected_action": [guide.pk]},
    )
    guide.refresh_from_db()
    assert guide.last_verified_on == timezone.localdate()
    assert guide.last_verified_by == editor


@pytest.mark.parametrize(
    ("query", "expected"),
    [("status__exact=draft", {"draft"}), ("review=overdue", {"stale"}), ("missing=en", {"zh"})],
)
def test_guide_list_filters(editor_client, make_guide, long_ago, query, expected):
    make_guide(slug="draft", status=Guide.Status.DRAFT)
    make_guide(slug="stale", last_verified_on=long_ago)
    make_guide(slug="zh", title_en="")
    response = editor_client.get(f"{ADMIN}guides/guide/?{query}")
    assert {g.slug for g in response.context["cl"].result_list} == expected


def test_guide_list_searches_titles_in_both_languages(editor_client, make_guide):
    make_guide(slug="alpha", title_zh_hans="支付宝充值", title_en="Alipay top-up")
    make_guide(slug="beta", title_zh_hans="微信充值", title_en="WeChat top-up")
    for term in ["支付宝", "Alipay"]:
        response = editor_client.get(f"{ADMIN}guides/guide/", {"q": term})
        assert [g.slug for g in response.context["cl"].result_list] == ["alpha"]


def test_guide_list_filters_by_region(editor_client, make_guide, make_operator, make_region):
    philippines = make_region(code="PH")
    make_guide(slug="ph-guide", operator=make_operator(region=philippines))
    make_guide(slug="other-guide")
    response = editor_client.get(
        f"{ADMIN}guides/guide/?operator__region__id__exact={philippines.pk}"
    )
    assert [g.slug for g in response.context["cl"].result_list] == ["ph-guide"]


def test_admin_refuses_to_delete_last_core_note(editor_client):
    note = SafetyNote.objects.get(slug="avoid-scams")
    url = reverse("admin:guides_safetynote_delete", args=[note.pk])

    page = editor_client.get(url)
    response = editor_client.post(url, {"post": "yes"})

    assert "last active note" in page.content.decode()
    assert response.status_code == 200
    assert SafetyNote.objects.filter(pk=note.pk).exists()


def test_admin_refuses_to_deactivate_last_core_note(editor_client):
    note = SafetyNote.objects.get(slug="keep-receipts")
    url = reverse("admin:guides_safetynote_change", args=[note.pk])
    data = {
        "slug": note.slug,
        "topic": note.topic,
        "title_zh_hans": note.title_zh_hans,
        "title_en": note.title_en,
        "body_zh_hans": note.body_zh_hans,
        "body_en": note.body_en,
        "severity": note.severity,
        "applies_to_all": "on",
        "order": "0",
    }

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "last active note" in response.content.decode()
    note.refresh_from_db()
    assert note.is_active


def test_operator_admin_shows_contacts_inline(editor_client, make_contact):
    contact = make_contact(value="10086")
    response = editor_client.get(
        reverse("admin:guides_operator_change", args=[contact.operator.pk])
    )
    assert 'value="10086"' in response.content.decode()


def test_tabbed_admin_loads_no_script_from_other_sites(editor_client, make_guide):
    html = editor_client.get(f"{ADMIN}guides/guide/{make_guide().pk}/change/").content.decode()
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "tabbed_translation_fields.js" in html
    assert "//ajax.googleapis.com" not in html
    assert 'src="//' not in html and 'src="http' not in html


def test_draft_without_steps_gets_steps_and_is_published_in_one_save(editor_client, make_guide):
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    data = guide_change_data(guide, steps=[("打开App", "Open the app")], status="published")

    response = editor_client.post(change_url(guide), data)

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.status == Guide.Status.PUBLISHED
    assert guide.steps.count() == 1


def test_removing_every_step_of_a_published_guide_is_refused(editor_client, make_guide):
    guide = make_guide()
    response = editor_client.post(change_url(guide), guide_change_data(guide, steps=[]))
    assert response.status_code == 200
    assert "at least one step" in response.content.decode()
    assert guide.steps.count() == 3


def test_steps_edited_in_the_admin_are_what_search_finds(editor_client, make_guide):
    guide = make_guide(steps=0)
    GuideStep.objects.create(guide=guide, order=1, text_zh_hans="找柜台", text_en="Find a kiosk")
    data = guide_change_data(guide, steps=[("扫码", "Scan the voucher")])

    assert editor_client.post(change_url(guide), data).status_code == 302

    assert found("voucher") == [guide.slug]
    assert not found("kiosk")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_guide_list_says_since_when_a_guide_is_overdue_and_nothing_elsewhere(
    editor_client, make_guide, long_ago, language
):
    overdue = make_guide(slug="overdue", last_verified_on=long_ago)
    make_guide(slug="fresh")

    response = editor_client.get(f"{ADMIN}guides/guide/", headers={"accept-language": language})

    html = response.content.decode()
    with translation.override(language):
        since = date_format(overdue.overdue_since)
        said = _("Overdue since %(date)s") % {"date": since}
    assert html.count('class="overdue"') == 1
    assert f'<strong class="overdue">{said}</strong>' in html
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html


def test_source_check_list_filters_by_the_kinds_of_content_that_cite_sources(
    editor_client, make_guide, make_contact, make_broken_source_check
):
    for item in [make_guide(), make_contact()]:
        make_broken_source_check(item)

    response = editor_client.get(f"{ADMIN}guides/sourcecheck/")

    cited_by = next(
        f
        for f in response.context["cl"].filter_specs
        if getattr(f, "parameter_name", None) == "cited_by"
    )
    assert [str(title) for _value, title in cited_by.lookup_choices] == [
        "Guides",
        "Official contacts",
    ]
    guides = ContentType.objects.get_for_model(Guide).pk
    response = editor_client.get(f"{ADMIN}guides/sourcecheck/?cited_by={guides}")
    assert response.context["cl"].result_count == 1
