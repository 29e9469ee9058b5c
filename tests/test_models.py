"""The design's content rules, enforced by the models themselves (no HTTP needed)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guides.models import Guide, GuideStep, OfficialContact, SafetyNote


def core_note(topic):
    return SafetyNote.objects.covering_core_topic(topic).get()


def test_migrations_create_one_note_per_core_topic(db):
    for topic in SafetyNote.CORE_TOPICS:
        assert SafetyNote.objects.covering_core_topic(topic).count() == 1


def test_published_guide_needs_default_language_title(make_guide):
    guide = make_guide(title_zh_hans="", title_en="Only English")
    guide.status = Guide.Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert "title_zh_hans" in error.value.message_dict


def test_published_guide_needs_a_step(make_guide):
    """One home for the rule: what a form is about to save, or else the stored steps."""
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    assert list(guide.publication_errors()) == ["status"]
    assert guide.publication_errors(step_count=1) == {}
    assert list(guide.publication_errors(step_count=0)) == ["status"]


def test_publishing_needs_a_source_and_a_verified_date(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT, source_url="", last_verified_on=None)
    guide.status = Guide.Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert set(error.value.message_dict) == {"source_url", "last_verified_on"}


def test_publish_refuses_guide_without_steps(make_guide):
    guide = make_guide(steps=0, status=Guide.Status.DRAFT)
    with pytest.raises(ValidationError):
        guide.publish()
    guide.refresh_from_db()
    assert guide.status == Guide.Status.DRAFT


def test_publish_sets_status_and_first_published_time(make_guide):
    guide = make_guide(status=Guide.Status.DRAFT)
    guide.publish()
    guide.save()
    guide.refresh_from_db()
    assert guide.status == Guide.Status.PUBLISHED
    assert guide.published_at is not None


def test_draft_guide_may_lack_title_and_steps(make_guide):
    guide = make_guide(title_zh_hans="", steps=0, status=Guide.Status.DRAFT)
    guide.full_clean()


@pytest.mark.parametrize("slug", ["充值", "top up", "top/up", "tóp-up"])
def test_slugs_must_be_ascii(make_guide, slug):
    guide = make_guide()
    guide.slug = slug
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert "slug" in error.value.message_dict


def test_translated_field_falls_back_to_chinese(make_guide):
    guide = make_guide(title_zh_hans="中国移动App充值", title_en="")
    with translation.override("en"):
        assert guide.title == "中国移动App充值"
        assert guide.fallback_fields() == ["title"]
        assert guide.shows_fallback()
    with translation.override("zh-hans"):
        assert guide.fallback_fields() == []


def test_untranslated_step_counts_as_untranslated_part(make_guide):
    guide = make_guide()
    GuideStep.objects.create(guide=guide, order=9, text_zh_hans="只有中文", text_en="")
    with translation.override("en"):
        assert guide.fallback_fields() == []
        assert guide.shows_fallback()


def test_guide_is_overdue_after_its_review_interval(make_guide, today):
    guide = make_guide(last_verified_on=today - datetime.timedelta(days=181))
    assert guide.is_overdue()
    guide.review_interval_days = 365
    assert not guide.is_overdue()
    assert make_guide(last_verified_on=None).is_overdue()


def test_overdue_queryset_matches_model_rule(make_guide, today):
    fresh = make_guide(last_verified_on=today)
    stale = make_guide(last_verified_on=today - datetime.timedelta(days=181))
    custom = make_guide(
        last_verified_on=today - datetime.timedelta(days=40), review_interval_days=30
    )
    never = make_guide(last_verified_on=None)
    overdue = set(Guide.objects.overdue_for_review())
    assert overdue == {stale, custom, never}
    assert fresh not in overdue


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        (OfficialContact.Kind.SHORT_CODE, " 100 86 ", "10086"),
        (OfficialContact.Kind.SHORT_CODE, "１００８６", "10086"),
        (OfficialContact.Kind.PHONE, "+86 138-0010-0186", "+8613800100186"),
        (OfficialContact.Kind.PHONE, "(02) 8920.4464", "0289204464"),
        (OfficialContact.Kind.USSD, "＊１４３＃", "*143#"),
        (OfficialContact.Kind.SHORT_CODE, "tel:211", "211"),
        (
            OfficialContact.Kind.WEBSITE,
            "https://www.Globe.com.ph/stop-spam.html/",
            "www.globe.com.ph/stop-spam.html",
        ),
        (OfficialContact.Kind.WEBSITE, "10086.cn", "10086.cn"),
    ],
)
def test_contact_values_are_stored_normalised(make_contact, kind, typed, stored):
    contact = make_contact(kind=kind, value=typed)
    contact.refresh_from_db()
    assert contact.value == stored


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (OfficialContact.Kind.SHORT_CODE, "call 10086"),
        (OfficialContact.Kind.PHONE, "javascript:alert(1)"),
        (OfficialContact.Kind.WEBSITE, "javascript:alert(1)"),
        (OfficialContact.Kind.WEBSITE, "not a site"),
    ],
)
def test_contact_values_that_are_not_numbers_or_sites_are_refused(make_operator, kind, value):
    contact = OfficialContact(
        operator=make_operator(),
        kind=kind,
        value=value,
        purpose_zh_hans="客服",
        source_url="https://example.org/",
    )
    with pytest.raises(ValidationError):
        contact.full_clean()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/"])
def test_source_urls_must_be_web_links(make_contact, url):
    contact = make_contact()
    contact.source_url = url
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "source_url" in error.value.message_dict


@pytest.mark.parametrize("topic", SafetyNote.CORE_TOPICS)
def test_last_core_note_cannot_be_deleted(db, topic):
    with pytest.raises(ValidationError):
        core_note(topic).delete()
    with pytest.raises(ValidationError):
        SafetyNote.objects.filter(topic=topic).delete()
    assert SafetyNote.objects.covering_core_topic(topic).count() == 1


@pytest.mark.parametrize("topic", SafetyNote.CORE_TOPICS)
@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"applies_to_all": False}, {"topic": SafetyNote.Topic.FEES}],
)
def test_last_core_note_cannot_be_deactivated_narrowed_or_moved(db, topic, change):
    note = core_note(topic)
    for name, value in change.items():
        setattr(note, name, value)
    with pytest.raises(ValidationError):
        note.full_clean()


def test_core_note_can_go_once_another_covers_its_topic(make_note):
    make_note(topic=SafetyNote.Topic.VERIFY_NUMBER, applies_to_all=True)
    original = SafetyNote.objects.get(slug="verify-the-number")
    original.is_active = False
    original.full_clean()
    original.save()
    original.delete()
    assert SafetyNote.objects.covering_core_topic(SafetyNote.Topic.VERIFY_NUMBER).count() == 1


def test_notes_for_guide_include_global_channel_and_operator_notes(make_guide, make_note):
    guide = make_guide()
    channel_note = make_note()
    channel_note.channels.add(guide.channel)
    operator_note = make_note()
    operator_note.operators.add(guide.operator)
    other_note = make_note()
    other_note.channels.add(make_guide().channel)
    inactive = make_note(is_active=False)
    inactive.channels.add(guide.channel)

    notes = list(SafetyNote.objects.for_guide(guide))

    assert {n.topic for n in notes[:3]} == set(SafetyNote.CORE_TOPICS)
    assert channel_note in notes and operator_note in notes
    assert other_note not in notes and inactive not in notes
