"""Published text names only contacts the number checker knows: finding the numbers, codes,
web addresses and apps a text names (`guides.values.mentions`), the publishing rule on every path,
and a walk over all published demo content asking the checker itself."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from guides.checker.lookup import check_number
from guides.editorial.backup import ImportRefused, export_content, import_content
from guides.editorial.scheduling import publish_due, schedule_version
from guides.models import (
    Guide,
    GuideFact,
    GuideStep,
    OperatorFact,
    ProblemRoute,
    SafetyNote,
    ScheduledChange,
)
from guides.models.named_contacts import app_names
from guides.models.steps import step_texts
from guides.models.verdicts import Verdict
from guides.values.mentions import Mention, mentions_in, translated_texts
from tests.admin_forms import ADMIN, change_url, guide_change_data


def values(text, apps=()):
    return [mention.value for mention in mentions_in(text, apps)]


# Finding what a text names.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("拨打 **10086** 咨询", ["10086"]),
        ("Dial *133#, choose Load", ["*133#"]),
        ("save **+86 13800100186** in your contacts", ["+86 13800100186"]),
        ("call 2945 8888, and get a new SIM", ["2945 8888"]),
        ("hotline (02) 8926 7722, Monday to Friday", ["(02) 8926 7722"]),
        ("complaints line 010-12300", ["010-12300"]),
        ("[call us](tel:10010) today", ["10010"]),
        ("拨 *123#，依次选 4、1。", ["*123#"]),
        ("发短信“? 15001”到 214，查看话费", ["214"]),
        ('Text "? 15001" to 214', ["214"]),
        ("full-width ＊８８８＃ from an input method", ["*888#"]),
    ],
)
def test_numbers_and_codes_a_text_tells_readers_to_use_are_found(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Each refill is HK$50–1,000, up to HK$3,000 a month.",
        "每次 HK$50 至 HK$1,000，每月合计不超过 HK$3,000。",
        "Pay ₱100, or P300 and more.",
        "充 30元 或 100 元，转 30 比索付 31 比索。",
        "a top-up of 50 HKD or 300 PHP",
        "It arrives within 15 minutes; disputes within 120 days or 30 working days.",
        "2 个工作日内到账，18 个月内投诉，900 多家零售点。",
        "at more than 1.3 million shops and over 900 resellers, or 900-plus outlets",
        "Since 14 July 2021, from December 2017; in force since 27 December 2022.",
        "2022 年 12 月 27 日起生效，从2021年7月14日起。",
        "from news reports of 2008 and 2011; a 2008 news report (a 2011 report names it too)",
        "the Ministry of Commerce's 2024 guide; its 2025 edition",
        "a 2% fee, 24/7, from 8am to 5pm",
        "the 14-digit PIN; 11- or 12-digit mobile numbers; step 3",
        "merchant code **8121** (csl); the merchant code is 8121; 商户编号 8121",
        "the SIM Registration Act (RA 11934)",
        "A caller number shown with **+852** in front; dial it with the +86 in front.",
        "Never dial a code like `*100*1*…`: that is a transfer.",
        "send kontratextscam@ntc.gov.ph a screenshot",
        "([source](https://mb.com.ph/2022/09/19/ntc-ramps-up-informative-drive-vs-text-scams/))",
    ],
)
def test_amounts_dates_durations_and_other_numbers_are_not_contacts(text):
    assert values(text) == []


def test_web_addresses_are_found_with_a_known_ending_and_not_inside_links_or_emails():
    text = (
        "Type `smart.com.ph` yourself, or https://www.10086.cn/support; the form at "
        "ntc.gov.ph ([notice](https://www.ofca.gov.hk/en/index.html)); e.g. not a site; "
        "write to someone@bsp.gov.ph; smart.com.ph/huliscam"
    )
    assert values(text) == [
        "smart.com.ph",
        "https://www.10086.cn/support",
        "ntc.gov.ph",
        "smart.com.ph/huliscam",
    ]


def test_a_number_inside_a_web_address_is_part_of_the_address():
    assert mentions_in("type 10086.cn yourself") == [Mention(Mention.WEB, "10086.cn")]


def test_apps_are_found_by_the_names_records_know_as_whole_words_and_never_guessed():
    apps = ["GlobeOne", "国家反诈中心", "Scameter+"]
    text = "Open GlobeOne, or globeones; install 国家反诈中心 and Scameter+; SomeOtherApp"
    assert values(text, apps) == ["GlobeOne", "国家反诈中心", "Scameter+"]


# The checker knows the apps its records name.


def test_the_checker_knows_an_app_record_by_its_name(make_contact):
    make_contact(kind="app", value="GlobeOne")
    assert check_number("globeone").verdict == Verdict.OFFICIAL


# Publishing refuses text naming a contact the checker does not know.


@pytest.fixture
def known_contact(make_contact, make_operator, make_region):
    """10086 in Mainland China: a region libphonenumber knows, so that the same digits behind
    another country's code are a look-alike whatever region code the factories would draw."""
    china = make_region(code="CN", calling_code="86", name_en="Mainland China")
    return make_contact(operator=make_operator(region=china), value="10086")


def test_publishing_refuses_a_step_naming_an_unknown_code_and_says_which_and_where(
    make_guide, known_contact
):
    guide = make_guide(status=Guide.Status.DRAFT, operator=known_contact.operator)
    step = guide.steps.get(order=2)
    step.text_en = "Call 10086, or dial 18011 for help."
    step.save()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        guide.publish()
    message = " ".join(refused.value.messages)
    assert "“18011”" in message and "no record" in message
    assert "Step 2 · Text (English)" in message and "English" in message
    assert "10086" not in message


def test_publishing_refuses_a_body_naming_a_look_alike(make_guide, known_contact):
    guide = make_guide(status=Guide.Status.DRAFT, body_en="Or call +852 10086.")
    with translation.override("en"):
        errors = guide.publication_errors()
    assert "“+852 10086”" in errors["body_en"] and "look-alike" in errors["body_en"]


def test_the_refusal_is_in_the_editors_language(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT, body_zh_hans="拨打 18011。")
    with translation.override("zh-hans"):
        message = guide.publication_errors()["body_zh_hans"]
    assert "“18011”" in message and "正文" in message and "number checker" not in message


def test_a_guide_naming_only_known_contacts_is_published(make_guide, known_contact):
    guide = make_guide(
        status=Guide.Status.DRAFT, body_en="Call **10086**; it costs HK$50 within 15 minutes."
    )
    guide.publish()
    assert guide.is_published


def test_publishing_refuses_a_fact_of_the_guide_naming_an_unknown_contact(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    GuideFact.objects.create(
        guide=guide, topic="cost", text_en="Dial 18011 first.", source_url="https://a.example"
    )
    with pytest.raises(ValidationError, match="18011"):
        guide.publish()


def test_the_admin_publish_action_refuses_it(make_guide, editor_client):
    guide = make_guide(status=Guide.Status.DRAFT, body_en="Dial 18011.")
    response = editor_client.post(
        f"{ADMIN}guides/guide/",
        {"action": "publish", "_selected_action": [guide.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT
    assert "18011" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [("steps-0-text_en", "Dial 18011 to load.", "18011"), ("body_en", "Or dial *133#.", "*133#")],
    ids=["a step", "the body"],
)
def test_saving_a_published_guide_in_the_admin_refuses_text_naming_an_unknown_code(
    make_guide, editor_client, field, text, value
):
    guide = make_guide()
    data = guide_change_data(guide)
    data[field] = text
    response = editor_client.post(change_url(guide), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert value in response.content.decode()
    guide.refresh_from_db()
    assert value not in (guide.body_en or "")
    assert not GuideStep.objects.filter(guide=guide, text_en__contains=value).exists()


def test_a_scheduled_version_naming_an_unknown_code_is_refused(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT, body_en="Dial 18011.")
    ScheduledChange.objects.create(
        guide=guide,
        action=ScheduledChange.Action.PUBLISH,
        run_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with translation.override("en"):
        (applied,) = publish_due()
    assert applied.refused and "18011" in applied.outcome
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT


def test_a_scheduled_new_version_whose_step_names_an_unknown_code_is_refused(make_guide):
    guide = make_guide()
    steps = [GuideStep(guide=guide, order=1, text_zh_hans="拨 18011。", text_en="Dial 18011.")]
    run_at = timezone.now() + datetime.timedelta(minutes=1)
    schedule_version(guide=guide, steps=steps, run_at=run_at, user=None)
    with translation.override("en"):
        (applied,) = publish_due(now=run_at + datetime.timedelta(minutes=1))
    assert applied.refused and "Step 1 · Text (English)" in applied.outcome
    assert not guide.steps.filter(text_en__contains="18011").exists()


def test_an_import_with_a_published_guide_naming_an_unknown_code_is_refused(make_guide, make_note):
    for topic in SafetyNote.CORE_TOPICS:
        make_note(topic=topic, applies_to_all=True)
    guide = make_guide()
    Guide.objects.filter(pk=guide.pk).update(body_en="Dial 18011.")
    data = json.loads(json.dumps(export_content(), default=str))
    with pytest.raises(ImportRefused, match="18011"):
        import_content(data, replace=True)
    assert Guide.objects.get(pk=guide.pk).body_en == "Dial 18011."


def test_an_active_safety_note_refuses_an_unknown_code_and_an_inactive_one_may_keep_it(
    make_note,
):
    note = make_note(body_en="Call 18011.")
    with pytest.raises(ValidationError, match="18011"):
        note.full_clean()
    note.is_active = False
    note.full_clean()


@pytest.mark.parametrize(
    "shown",
    [
        lambda region, operator: ProblemRoute(
            region=region, stage="regulator", text_zh_hans="拨 18011。"
        ),
        lambda region, operator: OperatorFact(
            operator=operator, topic="abroad", text_en="Dial 18011."
        ),
    ],
    ids=["route", "operator fact"],
)
def test_routes_and_operator_facts_refuse_an_unknown_code(shown, make_region, make_operator):
    item = shown(make_region(), make_operator())
    item.source_url = "https://a.example"
    with pytest.raises(ValidationError, match="18011"):
        item.full_clean()


# Every contact published demo content names is one the checker knows.


def published_texts():
    """`(where, text)` for every text readers see of the published content."""
    texts = []
    for guide in Guide.objects.published().prefetch_related("steps", "facts"):
        shown = translated_texts(Guide, Guide.TRANSLATED_FIELDS, guide)
        shown += step_texts(guide.steps.all())
        for fact in guide.facts.all():
            shown += fact.shown_texts()
        texts += [(f"{guide.slug} · {label}", text) for _key, label, text in shown]
    for note in SafetyNote.objects.active():
        shown = translated_texts(SafetyNote, SafetyNote.TRANSLATED_FIELDS, note)
        texts += [(f"{note.slug} · {label}", text) for _key, label, text in shown]
    for item in [*ProblemRoute.objects.all(), *OperatorFact.objects.all()]:
        texts += [(label, text) for _key, label, text in item.shown_texts()]
    return texts


def test_every_contact_published_demo_content_names_is_official_or_secondary_to_the_checker(db):
    call_command("load_demo_content", stdout=StringIO())
    names = app_names()
    named = {}
    for where, text in published_texts():
        for mention in mentions_in(text, names):
            named.setdefault(mention.value, where)
    assert len(named) > 30  # the walk read the content
    verdicts = {value: check_number(value).verdict for value in named}
    not_known = {
        f"{value} ({named[value]})": verdict
        for value, verdict in verdicts.items()
        if verdict not in (Verdict.OFFICIAL, Verdict.SECONDARY)
    }
    assert not_known == {}
