"""Editor content stays safe end to end: no field can put active content on a public page.

Every translated field of every content model, in both languages, is filled with an attack,
and every public page is rendered in both languages. A stolen editor password must not be
enough to run script in a reader's browser or to send readers to a `javascript:` link.
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from modeltranslation.translator import translator

from guides.models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    GuideStep,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Region,
    SafetyNote,
    ScamEntry,
)
from tests.html_checks import active_content
from tests.public_pages import LANGUAGES, pages_of

SUFFIXES = ["zh_hans", "en"]
# Each fits the shortest translated field (Operator.short_name, 40 characters).
ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "[tap](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example>",
    "<style>*{display:none}</style>",
    "'onmouseover='alert(1)",
]
MODELS = [
    Region,
    Authority,
    Operator,
    OfficialContact,
    PaymentProvider,
    PaymentProviderContact,
    Channel,
    Guide,
    GuideStep,
    SafetyNote,
    ScamEntry,
    GuideFact,
    OperatorFact,
    ProblemRoute,
]


def translated_fields(model):
    return sorted(translator.get_options_for_model(model).fields)


def attack_fields(model, attack):
    """Every translated field of `model` in both languages, each with `attack` in it."""
    return {
        f"{field}_{suffix}": attack for field in translated_fields(model) for suffix in SUFFIXES
    }


def test_every_translated_field_is_covered():
    """If a translated field is added, these tests cover it without being told."""
    covered = {model: translated_fields(model) for model in MODELS}
    assert covered[Guide] == ["body", "summary", "title"]
    assert covered[Operator] == ["name", "official_app_name", "short_name"]
    assert set(translator.get_registered_models()) - set(MODELS) == set()


@pytest.fixture(params=ATTACKS)
def attack(request):
    return request.param


@pytest.fixture
def hostile_site(db, attack):
    """One of everything, every translated field an attack, in both languages."""
    region = Region.objects.create(code="XS", calling_code="99", **attack_fields(Region, attack))
    operator = Operator.objects.create(
        region=region,
        slug="xss-operator",
        website="https://operator.example/",
        **attack_fields(Operator, attack),
    )
    for kind, value in [
        (OfficialContact.Kind.SHORT_CODE, "12345"),
        (OfficialContact.Kind.APP, attack),
        (OfficialContact.Kind.WEBSITE, "operator.example"),
    ]:
        OfficialContact.objects.create(
            operator=operator,
            kind=kind,
            value=value,
            source_url="https://operator.example/contacts",
            **attack_fields(OfficialContact, attack),
        )
    Authority.objects.create(
        region=region,
        role=Authority.Role.POLICE,
        kind=Authority.Kind.SHORT_CODE,
        value="110",
        source_url="https://police.example/",
        source_kind="government",
        **attack_fields(Authority, attack),
    )
    provider = PaymentProvider.objects.create(
        slug="xss-wallet",
        region=region,
        website="https://wallet.example/",
        **attack_fields(PaymentProvider, attack),
    )
    PaymentProviderContact.objects.create(
        provider=provider,
        kind=PaymentProviderContact.Kind.APP,
        value=attack,
        source_url="https://wallet.example/help",
        source_kind="secondary",
        **attack_fields(PaymentProviderContact, attack),
    )
    ScamEntry.objects.create(
        region=region,
        kind=ScamEntry.Kind.SENDER_NAME,
        value="FAKE-WALLET",
        evidence=ScamEntry.Evidence.PUBLIC_ALERT,
        evidence_url="https://police.example/alert",
        **attack_fields(ScamEntry, attack),
    )
    channel = Channel.objects.create(
        slug="xss-channel", kind=Channel.Kind.HOTLINE, **attack_fields(Channel, attack)
    )
    sourced = {"source_url": "https://operator.example/facts", "source_kind": "operator"}
    for topic in OperatorFact.Topic:
        OperatorFact.objects.create(
            operator=operator, topic=topic, **sourced, **attack_fields(OperatorFact, attack)
        )
    ProblemRoute.objects.create(
        region=region, stage="operator", **sourced, **attack_fields(ProblemRoute, attack)
    )
    ProblemRoute.objects.create(
        payment_provider=provider,
        stage="payment_provider",
        **sourced,
        **attack_fields(ProblemRoute, attack),
    )
    guide = Guide.objects.create(
        slug="xss-guide",
        operator=operator,
        channel=channel,
        payment_provider=provider,
        source_url="https://operator.example/top-up",
        source_kind="operator",
        last_verified_on="2026-12-01",
        **attack_fields(Guide, attack),
    )
    GuideStep.objects.create(guide=guide, order=1, **attack_fields(GuideStep, attack))
    for topic in GuideFact.Topic:
        GuideFact.objects.create(
            guide=guide,
            topic=topic,
            works_from_abroad=True if topic == "abroad" else None,
            **sourced,
            **attack_fields(GuideFact, attack),
        )
    guide.publish()
    guide.save()
    for scope in ["all", "channel", "operator"]:
        note = SafetyNote.objects.create(
            slug=f"xss-note-{scope}",
            topic=SafetyNote.Topic.AVOID_SCAMS,
            applies_to_all=scope == "all",
            **attack_fields(SafetyNote, attack),
        )
        if scope == "channel":
            note.channels.add(channel)
        if scope == "operator":
            note.operators.add(operator)
    return guide


def public_pages(guide):
    return [
        *pages_of(guide),
        f"guides/?operator={guide.operator.slug}&channel={guide.channel.slug}&region=xs",
        "guides/?q=alert",
        "check/?number=12345",
        "check/?number=12346",
        "check/?number=operator.example",
        "check/?number=110",
        "check/?number=FAKE-WALLET",
        "check/?number=wallet.example",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_carries_active_content(client, hostile_site, language):
    for page in public_pages(hostile_site):
        response = client.get(f"/{language}/{page}")
        assert response.status_code == 200, page
        html = response.content.decode()
        assert active_content(html) == [], page


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_pages_carry_no_active_content(client, hostile_site, language):
    url = f"/{language}/guides/{hostile_site.slug}/feedback/"
    origin = {"HTTP_ORIGIN": "http://testserver"}
    invalid = client.post(url, {"kind": "nonsense"}, **origin)
    refused = client.post(url, {"kind": "helpful"}, HTTP_ORIGIN="https://evil.example")
    assert (invalid.status_code, refused.status_code) == (400, 403)
    for response in [invalid, refused]:
        assert active_content(response.content.decode()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_feed_carries_no_active_content(client, hostile_site, language):
    """Atom summaries are HTML to a feed reader, so editor text must arrive escaped there."""
    root = ET.fromstring(client.get(f"/{language}/feed/").content)  # noqa: S314 - our feed
    atom = "{http://www.w3.org/2005/Atom}"
    for element in root.iter():
        if element.tag in (f"{atom}summary", f"{atom}content") and element.get("type") == "html":
            assert active_content(element.text or "") == [], element.text
        elif element.tag == f"{atom}title":
            assert element.get("type", "text") == "text"


def test_sitemap_and_robots_carry_no_editor_text(client, hostile_site, attack):
    for path in ["/sitemap.xml", "/robots.txt"]:
        assert attack not in client.get(path).content.decode()


@pytest.mark.parametrize(
    "page",
    [
        "admin:guides_guide_changelist",
        "admin:guides_operator_changelist",
        "admin:guides_safetynote_changelist",
        "admin:guides_officialcontact_changelist",
        "admin:guides_region_changelist",
        "admin:guides_channel_changelist",
    ],
)
def test_the_admin_shows_editor_text_as_text(editor_client, hostile_site, page):
    html = editor_client.get(reverse(page)).content.decode()
    assert active_content(html, allow_own_scripts=True) == []


def test_the_admin_change_form_shows_editor_text_as_text(editor_client, hostile_site):
    for url in [
        reverse("admin:guides_guide_change", args=[hostile_site.pk]),
        reverse("admin:guides_operator_change", args=[hostile_site.operator.pk]),
    ]:
        html = editor_client.get(url).content.decode()
        assert active_content(html, allow_own_scripts=True) == []


# Links: only http and https, wherever a URL is expected.

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://operator.example/",
]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(
    ("model", "field"),
    [(Operator, "website"), (OfficialContact, "source_url"), (Guide, "source_url")],
)
def test_only_http_links_are_accepted(model, field, url):
    with pytest.raises(ValidationError):
        model._meta.get_field(field).clean(url, None)


@pytest.mark.parametrize(
    ("model", "field"),
    [(Operator, "website"), (OfficialContact, "source_url"), (Guide, "source_url")],
)
def test_http_and_https_links_are_accepted(model, field):
    for url in ["https://www.10086.cn/", "http://www.smart.com.ph/"]:
        assert model._meta.get_field(field).clean(url, None) == url


def test_admin_refuses_a_javascript_website(editor_client, make_region):
    region = make_region()
    data = {
        "region": region.pk,
        "slug": "bad-link",
        "name_zh_hans": "坏链接",
        "name_en": "Bad link",
        "website": "javascript:alert(1)",
        "order": "0",
        "is_active": "on",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
    }
    response = editor_client.post(reverse("admin:guides_operator_add"), data)
    assert response.status_code == 200
    assert "website" in response.context["adminform"].form.errors
    assert not Operator.objects.filter(slug="bad-link").exists()


@pytest.mark.parametrize("url", BAD_URLS[:4])
def test_a_bad_link_stored_by_other_means_is_never_a_link(client, make_guide, make_contact, url):
    """Defence in depth: the templates drop a non-http link even if it is in the database."""
    guide = make_guide(source_url=url)
    Operator.objects.filter(pk=guide.operator.pk).update(website=url)
    contact = make_contact(operator=guide.operator)
    OfficialContact.objects.filter(pk=contact.pk).update(source_url=url)
    for page in [f"/en/guides/{guide.slug}/", f"/en/operators/{guide.operator.slug}/"]:
        html = client.get(page).content.decode()
        assert active_content(html) == [], page
