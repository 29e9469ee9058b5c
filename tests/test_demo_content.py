"""The demo content loads in full, in both languages, and loading it again changes nothing."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from guides.models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProviderContact,
    ProblemRoute,
    Region,
    SafetyNote,
    SourceKind,
)
from tests.content_texts import chinese_texts


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load()


def snapshot():
    models = [Region, Operator, OfficialContact, Channel, Guide, SafetyNote]
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models
    } | {
        "steps": sorted(
            Guide.objects.values_list("slug", "steps__pk", "steps__text_zh_hans", "steps__text_en")
        ),
        "guides": sorted(Guide.objects.values_list("slug", "updated_at", "status")),
    }


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    output = load()
    assert "0 created, 0 updated" in output
    assert snapshot() == before


def test_demo_content_has_the_promised_breadth(demo):
    assert {"CN", "PH"} <= set(Region.objects.values_list("code", flat=True))
    assert Operator.objects.count() >= 6
    assert set(Channel.objects.values_list("kind", flat=True)) == set(Channel.Kind.values)
    published = Guide.objects.published()
    assert published.count() >= 24
    for guide in published:
        assert guide.steps.count() >= 3, guide.slug
        assert guide.source_url.startswith(("https://", "http://")), guide.slug


def test_demo_content_is_in_both_languages(demo):
    for guide in Guide.objects.prefetch_related("steps"):
        for field in ["title", "summary"]:
            assert getattr(guide, f"{field}_zh_hans") and getattr(guide, f"{field}_en"), guide.slug
        for step in guide.steps.all():
            assert step.text_zh_hans and step.text_en, guide.slug
    for note in SafetyNote.objects.all():
        assert note.title_en and note.body_en and note.title_zh_hans, note.slug
    for contact in OfficialContact.objects.all():
        assert contact.purpose_zh_hans and contact.purpose_en, contact.value


def test_every_official_contact_has_a_source(demo):
    assert OfficialContact.objects.count() >= 10
    for contact in OfficialContact.objects.all():
        assert contact.source_url.startswith(("https://", "http://")), contact.value
        contact.full_clean()


def test_safety_notes_cover_core_topics_and_channels(demo):
    for topic in SafetyNote.CORE_TOPICS:
        assert SafetyNote.objects.covering_core_topic(topic).exists()
    scoped = SafetyNote.objects.filter(applies_to_all=False)
    assert scoped.filter(topic=SafetyNote.Topic.FEES, channels__kind="hotline").exists()
    assert scoped.filter(
        topic=SafetyNote.Topic.ACCOUNT_SECURITY, channels__kind="payment_app"
    ).exists()
    assert scoped.filter(channels__kind="roaming_esim").exists()


def test_demo_content_publishes_no_unconfirmed_number(demo):
    """Numbers the fact sheet marks as unconfirmed or wrong must never appear."""
    unconfirmed = ["10099", "10001", "11086", "8881111", "7301000", "185"]
    values = set(OfficialContact.objects.values_list("value", flat=True))
    texts = " ".join(
        " ".join(filter(None, row))
        for row in Guide.objects.values_list("body_zh_hans", "body_en", "summary_en")
    )
    step_texts = " ".join(
        " ".join(row) for row in Guide.objects.values_list("steps__text_zh_hans", "steps__text_en")
    )
    for number in unconfirmed:
        assert number not in values
        assert not re.search(rf"(?<!\d){number}(?!\d)", texts + step_texts), number


def published_texts(guide):
    """Every reader-facing text of a guide, in both languages."""
    texts = [guide.title_zh_hans, guide.summary_zh_hans, guide.body_zh_hans]
    texts += [guide.title_en, guide.summary_en, guide.body_en]
    for step in guide.steps.all():
        texts += [step.text_zh_hans, step.text_en]
    return "\n".join(filter(None, texts))


def test_china_mobiles_main_channels_have_published_guides(demo):
    channels = set(
        Guide.objects.published()
        .filter(operator__slug="china-mobile")
        .values_list("channel__slug", flat=True)
    )
    assert {"operator-app", "operator-website", "wechat-pay", "alipay", "store"} <= channels


def test_a_guide_on_a_secondary_source_says_so_and_names_the_official_way_to_confirm(demo):
    for guide in Guide.objects.published().filter(source_kind=SourceKind.SECONDARY):
        assert "二手来源" in guide.body_zh_hans, guide.slug
        assert "secondary source" in guide.body_en, guide.slug
        official = guide.operator.contacts.exclude(source_kind=SourceKind.SECONDARY)
        named = [
            value for value in official.values_list("value", flat=True) if value in guide.body_en
        ]
        assert named, guide.slug


def test_every_published_guide_has_two_known_facts_or_says_why_not(demo):
    for guide in Guide.objects.published():
        if guide.facts.count() >= 2:
            continue
        assert "未知" in guide.body_zh_hans, guide.slug
        assert "unknown" in guide.body_en, guide.slug


def test_wechat_pay_and_alipay_top_ups_have_a_route_from_the_provider_to_the_regulator(demo):
    for slug in ["china-mobile-wechat-pay", "china-mobile-alipay"]:
        guide = Guide.objects.get(slug=slug)
        stages = [route.stage for route in ProblemRoute.objects.for_guide(guide)]
        assert {
            ProblemRoute.Stage.PAYMENT_PROVIDER,
            ProblemRoute.Stage.OPERATOR,
            ProblemRoute.Stage.REGULATOR,
        } <= set(stages), slug


def test_guides_follow_their_sources(demo):
    auto_recharge = Guide.objects.get(slug="csl-auto-recharge")
    assert auto_recharge.channel.slug == "store"
    assert "hkcsl.com" not in published_texts(auto_recharge)
    pps = published_texts(Guide.objects.get(slug="smartone-atm-or-pps"))
    assert "18011" in pps and "PPS account" in pps
    refill = Guide.objects.get(slug="china-mobile-hk-online-refill")
    assert "next working day" in refill.facts.get(topic="time_to_credit").text_en
    assert "next working day" in published_texts(refill)
    refill_card = Guide.objects.get(slug="china-unicom-top-up-card")
    assert refill_card.source_kind == SourceKind.SECONDARY and refill_card.source_year == 2008
    roaming = Guide.objects.get(slug="china-unicom-roaming")
    assert "this hotline is free" in published_texts(roaming)
    assert not Guide.objects.published().filter(slug="dito-app-load").exists()


def test_the_smart_roaming_guide_answers_a_reader_in_mainland_china(demo):
    text = published_texts(Guide.objects.get(slug="smart-reload-while-roaming"))
    assert "mainland China" in text and "中国大陆" in text
    assert "your number to 1510" in text
    assert "Before you leave" in text and "P100" in text


CARD_PIN_NAMES = re.compile(r"PIN ?码|充值码|(?<!充值)卡密码|卡密(?!码)")


def test_the_card_pin_has_one_chinese_name(demo):
    for *where, text in chinese_texts():
        assert not CARD_PIN_NAMES.search(text), (*where, text)


def test_chinese_text_uses_chinese_punctuation(demo):
    ascii_after_chinese = re.compile(r"[\u4e00-\u9fff][,.:;!?()]")
    for *where, text in chinese_texts():
        assert not ascii_after_chinese.search(text), (*where, text)


def test_content_sources_lists_every_source_the_demo_content_uses(demo):
    doc = (Path(__file__).resolve().parents[1] / "docs/content-sources.md").read_text()
    models = [
        Guide,
        GuideFact,
        OperatorFact,
        ProblemRoute,
        OfficialContact,
        Authority,
        PaymentProviderContact,
    ]
    for model in models:
        for url in model.objects.exclude(source_url="").values_list("source_url", flat=True):
            assert url in doc, (model.__name__, url)
