"""The demo content loads in full, in both languages, and loading it again changes nothing."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from guides.editorial.history import version_of_record
from guides.management.commands.load_demo_content import DEMO_DIR, LOADER_CHANGE_REASON
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
from tests.admin_forms import change_url, guide_change_data
from tests.content_texts import chinese_texts


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


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


def test_the_hong_kong_complaint_scheme_is_the_industrys_not_ofcas(demo):
    """CCSS is the telecom industry's scheme, run under an industry body (CAHK); OFCA assesses
    the applications. Its own page is an industry body's, not a government page."""
    ccss_line = Authority.objects.get(value="21809521")
    assert "CAHK" in ccss_line.purpose_en and "CAHK" in ccss_line.purpose_zh_hans
    for fact in ProblemRoute.objects.filter(text_en__contains="CCSS"):
        assert "OFCA's Customer Complaint Settlement Scheme" not in fact.text_en
    scheme_pages = ProblemRoute.objects.filter(source_url__contains="ccss.cahk.hk")
    assert scheme_pages.exists()
    assert set(scheme_pages.values_list("source_kind", flat=True)) == {SourceKind.INDUSTRY}


# Re-running the loader (`make run` does at every start) never undoes an editor's work.


def copy_of_the_demo(tmp_path):
    for path in DEMO_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def load_from(directory):
    out = StringIO()
    call_command("load_demo_content", "--directory", str(directory), stdout=out)
    return out.getvalue()


def edit_demo_file(directory, name, edit):
    path = directory / name
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_empty_database_is_created_never_updated(db):
    output = load()
    assert re.search(r"[1-9][0-9]* created, 0 updated\.", output), output
    assert "Left alone" not in output


def test_an_editors_step_edit_in_the_admin_survives_a_reload(demo, editor_client):
    guide = Guide.objects.published().order_by("slug").first()
    steps = [(step.text_zh_hans, step.text_en) for step in guide.steps.all()]
    steps[0] = ("编辑改过的第一步", "The first step, as an editor rewrote it")
    response = editor_client.post(change_url(guide), guide_change_data(guide, steps=steps))
    assert response.status_code == 302

    output = load()

    assert [(s.text_zh_hans, s.text_en) for s in guide.steps.all()] == steps
    assert "0 created, 0 updated" in output
    assert "Left alone" in output and guide.slug in output


def test_an_editors_change_to_a_guide_survives_a_reload(demo, editor):
    guide = Guide.objects.published().order_by("slug").first()
    guide.title_en = "Renamed by an editor"
    guide._history_user = editor
    guide.save()

    output = load()

    guide.refresh_from_db()
    assert guide.title_en == "Renamed by an editor"
    assert f"guide {guide.slug}" in output


def test_a_contact_an_editor_corrected_or_deleted_is_not_put_back(demo, editor):
    corrected, deleted = OfficialContact.objects.order_by("pk")[:2]
    demo_value = corrected.value
    corrected.value = "+8610000999"
    corrected._history_user = editor
    corrected.save()
    deleted._history_user = editor
    deleted.delete()

    output = load()

    assert not OfficialContact.objects.filter(operator=corrected.operator, value=demo_value)
    assert not OfficialContact.objects.filter(operator=deleted.operator, value=deleted.value)
    assert "0 created" in output
    assert demo_value in output and deleted.value in output


def test_content_without_a_history_is_created_but_never_changed(demo):
    """As after `import_content`, which brings no history: nothing says the loader wrote it."""
    channel = Channel.objects.order_by("slug").first()
    channel.history.all().delete()
    Channel.objects.filter(pk=channel.pk).update(name_en="Renamed without a history")

    output = load()

    channel.refresh_from_db()
    assert channel.name_en == "Renamed without a history"
    assert f"channel {channel.slug}" in output


def test_a_channel_the_demo_files_rename_is_renamed_unless_an_editor_renamed_it(
    db, editor, tmp_path
):
    directory = copy_of_the_demo(tmp_path)
    load_from(directory)
    edited_by_editor = Channel.objects.get(slug="hotline")
    edited_by_editor.name_en = "The editor's name"
    edited_by_editor._history_user = editor
    edited_by_editor.save()

    def rename_channels(data):
        for item in data.get("channels", []):
            if item["slug"] in ("operator-app", "hotline"):
                item["name"]["en"] = "Renamed by the demo files"

    edit_demo_file(directory, "00-common.json", rename_channels)
    output = load_from(directory)

    assert Channel.objects.get(slug="operator-app").name_en == "Renamed by the demo files"
    assert Channel.objects.get(slug="hotline").name_en == "The editor's name"
    assert "1 updated" in output and "channel hotline" in output


def test_a_change_to_the_demo_files_is_applied_with_history_and_shown_at_once(db, client, tmp_path):
    directory = copy_of_the_demo(tmp_path)
    load_from(directory)
    guide = Guide.objects.published().order_by("slug").first()
    page = f"/en/guides/{guide.slug}/"
    assert client.get(page).status_code == 200  # now in the page cache

    def correct_first_step(data):
        for item in data.get("guides", []):
            if item["slug"] == guide.slug:
                item["steps"][0]["en"] = "A step the demo files corrected"

    for path in directory.glob("*.json"):
        edit_demo_file(directory, path.name, correct_first_step)
    output = load_from(directory)

    assert "0 created, 1 updated" in output
    assert guide.steps.first().text_en == "A step the demo files corrected"
    latest = Guide.history.filter(id=guide.pk).first()
    assert latest.history_change_reason == LOADER_CHANGE_REASON
    assert version_of_record(latest).steps[0].text_en == "A step the demo files corrected"
    assert "A step the demo files corrected" in client.get(page).content.decode()


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


def test_every_published_guide_has_two_known_facts_or_says_why_not(demo, client):
    """Issue 28's rule, on every published demo guide, as readers see its facts box."""
    why = {"en": "Why so much is unknown", "zh-hans": "为什么这么多项未知"}
    for guide in Guide.objects.published():
        for language, sentence in why.items():
            html = client.get(f"/{language}/guides/{guide.slug}/").content.decode()
            facts = html.split('id="facts"')[1].split("</section>")[0]
            known = facts.count('class="facts-box__item"')
            assert known >= 2 or sentence in facts, (guide.slug, language)


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
