"""The demo content loads in full, in both languages, and loading it again changes nothing."""

import re
from io import StringIO

from django.core.management import call_command

from guides.models import Channel, Guide, OfficialContact, Operator, Region, SafetyNote


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
