"""The number checker readers can trust (issue 14): what it says names what the reader typed,
country codes belong to their region, authorities and payment providers are records, sources
are weighed, look-alike letters are caught, and the scam register comes first."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import translation

from guides.checker.lookup import check_number
from guides.models import Authority, OfficialContact, ScamDispute, ScamEntry, SourceKind
from guides.models.verdicts import Reason, Verdict


@pytest.fixture
def regions(make_region):
    return {
        "CN": make_region(code="CN", calling_code="86", name_en="Mainland China"),
        "PH": make_region(code="PH", calling_code="63", name_en="Philippines"),
        "HK": make_region(code="HK", calling_code="852", name_en="Hong Kong"),
    }


@pytest.fixture
def known(regions, make_operator, make_contact, make_authority, make_provider):
    """A small world like the demo's: operators, authorities and a payment provider."""
    mobile = make_operator(
        region=regions["CN"], slug="china-mobile", name_en="China Mobile", name_zh_hans="中国移动"
    )
    unicom = make_operator(region=regions["CN"], slug="china-unicom", name_en="China Unicom")
    smart = make_operator(
        region=regions["PH"], slug="smart", name_en="Smart", website="https://smart.com.ph"
    )
    globe = make_operator(
        region=regions["PH"], slug="globe", name_en="Globe", website="https://www.globe.com.ph"
    )
    make_contact(operator=mobile, value="10086", source_url="https://www.10086.cn/support/")
    make_contact(operator=unicom, value="10010")
    make_contact(operator=smart, value="1510", source_url="https://smart.com.ph/help/reload")
    make_contact(
        operator=smart,
        value="*888",
        source_url="https://qa.philstar.com/nation/2016/10/14/smart-warns",
        source_kind=SourceKind.SECONDARY,
        source_year=2016,
    )
    make_contact(operator=globe, value="211", source_kind=SourceKind.SECONDARY)
    make_authority(region=regions["CN"], value="110")
    make_authority(region=regions["CN"], value="96110", role=Authority.Role.ANTI_FRAUD)
    make_authority(
        region=regions["CN"],
        value="12381",
        kind=Authority.Kind.SMS_SENDER,
        role=Authority.Role.WARNING_SENDER,
    )
    make_authority(region=regions["HK"], value="18222", role=Authority.Role.ANTI_FRAUD)
    make_authority(
        region=regions["HK"],
        value="cyberdefender.hk",
        kind=Authority.Kind.WEBSITE,
        role=Authority.Role.ANTI_FRAUD,
        name_en="Scameter",
    )
    gcash = make_provider(
        region=regions["PH"],
        slug="gcash",
        name_en="GCash",
        name_zh_hans="GCash",
        website="https://www.gcash.com",
    )
    gcash.contacts.create(
        kind=OfficialContact.Kind.WEBSITE,
        value="help.gcash.com",
        purpose_zh_hans="帮助中心",
        purpose_en="Help Center",
        source_url="https://help.gcash.com/hc/en-us",
        source_kind=SourceKind.PAYMENT_PROVIDER,
    )
    return regions


# 1. The warning names what the reader typed, then the contact it imitates.


@pytest.mark.parametrize("typed", ["1OO86", "L0086", "1oo86"])
def test_letters_for_digits_are_the_lookalike_not_the_real_number(known, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.LOOKALIKE
    assert result.typed == typed
    assert result.normalised == "10086"
    assert result.imitated.value == "10086"
    assert Reason.LETTERS_FOR_DIGITS in result.reasons


@pytest.mark.parametrize(
    ("language", "typed", "headline"),
    [
        ("en", "L0086", "Warning: “<bdi>L0086</bdi>” looks like China Mobile’s <bdi>10086</bdi>"),
        ("zh-hans", "L0086", "警告：“<bdi>L0086</bdi>”看起来像中国移动的 <bdi>10086</bdi>"),
        ("en", "10086", "“<bdi>10086</bdi>” is an official contact of China Mobile"),
        ("zh-hans", "10086", "“<bdi>10086</bdi>”是中国移动的官方联系方式"),
        ("en", "*888", "“<bdi>*888</bdi>” is listed for Smart only by a secondary source"),
        ("zh-hans", "*888", "只有二手来源称“<bdi>*888</bdi>”属于"),
        ("en", "+1 555 010 9999", "We have no record of “<bdi>+1 555 010 9999</bdi>”"),
        ("zh-hans", "+1 555 010 9999", "我们没有“<bdi>+1 555 010 9999</bdi>”的记录"),
        ("en", "0917 000 0000", "Reported scam: “<bdi>0917 000 0000</bdi>” is in our scam"),
        (
            "zh-hans",
            "0917 000 0000",
            "已确认的诈骗：“<bdi>0917 000 0000</bdi>”在我们的诈骗记录库中",
        ),
    ],
)
def test_each_verdict_headline_names_what_was_typed(
    client, known, make_scam_entry, language, typed, headline
):
    make_scam_entry(region=known["PH"], value="+639170000000")
    html = client.get(f"/{language}/check/", {"number": typed}).content.decode()
    assert headline in html


def test_the_page_says_how_it_read_the_input_when_that_differs(client, known):
    html = client.get("/en/check/", {"number": "+86 100-86"}).content.decode()
    assert "We read it as <bdi>+8610086</bdi>." in html


# 2. Country codes belong to their region.


@pytest.mark.parametrize("typed", ["+852 10086", "+86 211", "0063 10010", "+63 10086"])
def test_a_country_code_is_stripped_only_for_its_own_region(known, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.LOOKALIKE
    assert Reason.COUNTRY_CODE in result.reasons


@pytest.mark.parametrize("typed", ["+86 10086", "0086 10086", "+63 1510", "+852 18222"])
def test_the_own_country_code_still_finds_the_contact(known, typed):
    assert check_number(typed).verdict == Verdict.OFFICIAL


def test_the_wrong_country_is_named(client, known):
    html = client.get("/en/check/", {"number": "+852 10086"}).content.decode()
    assert "wrong country code (Hong Kong)" in html


# 3. Authorities are records, known to the checker, never look-alikes.


@pytest.mark.parametrize("typed", ["110", "96110", "18222", "cyberdefender.hk", "12381"])
def test_authorities_are_official(known, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL
    assert isinstance(result.matches[0].record, Authority)


def test_police_number_is_never_a_lookalike_of_an_operator_code(known):
    """110 is one digit off Smart's 1510; it is the police, not a fake."""
    result = check_number("110")
    assert result.lookalikes == []
    assert result.matches[0].record.role == Authority.Role.POLICE


def test_official_contacts_are_never_lookalikes_of_each_other(known):
    for record in [*OfficialContact.objects.all(), *Authority.objects.all()]:
        assert check_number(record.value).lookalikes == [], record.value


def test_safety_page_lists_the_authorities_from_the_records(client, known):
    html = client.get("/en/safety/").content.decode()
    for value in ["110", "96110", "12381", "18222", "cyberdefender.hk"]:
        assert f"<bdi>{value}</bdi>" in html


def test_checker_report_section_names_the_authorities(client, known):
    html = client.get("/en/check/", {"number": "+1 555 010 9999"}).content.decode()
    assert "Where to report a scam" in html
    assert "<bdi>96110</bdi>" in html and "<bdi>18222</bdi>" in html


# 4. Source strength on every contact; payment providers have their own.


def test_a_contact_known_only_from_news_is_never_called_official(known):
    result = check_number("*888")
    assert result.verdict == Verdict.SECONDARY
    assert result.matches[0].confirm_with.value == "smart.com.ph"


def test_secondary_wording_names_the_source_and_how_to_confirm(client, known):
    html = client.get("/en/check/", {"number": "*888"}).content.decode()
    assert "Reported by a news article or repost on philstar.com (2016)" in html
    assert "not on Smart’s own pages" in html
    assert 'Confirm it with Smart first: <a href="https://smart.com.ph">' in html
    assert "is an official contact" not in html


def test_official_wording_says_who_published_it_where_and_when(client, known):
    html = client.get("/en/check/", {"number": "1510"}).content.decode()
    assert "Official: published by Smart on smart.com.ph, checked" in html


def test_payment_provider_site_is_recognised_as_its_own(known):
    result = check_number("gcash.com")
    assert result.verdict == Verdict.OFFICIAL
    assert result.owner_name == "GCash"
    assert result.matches[0].record.source_kind == SourceKind.PAYMENT_PROVIDER


def test_an_operator_contact_cannot_claim_a_payment_providers_page(known):
    contact = OfficialContact.objects.get(value="1510")
    contact.source_kind = SourceKind.PAYMENT_PROVIDER
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "source_kind" in error.value.message_dict


# 5. Look-alike web addresses with other alphabets, both ways.


@pytest.mark.parametrize(
    "typed", ["https://glоbe.com.ph/load", "xn--glbe-65d.com.ph", "ѕmart.com.ph", "gсash.com"]
)
def test_lookalike_letters_in_a_host_are_warned_about(known, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.LOOKALIKE, typed
    assert Reason.LOOKALIKE_LETTERS in result.reasons


def test_lookalike_host_page_shows_it_in_its_own_letters(client, known):
    html = client.get("/en/check/", {"number": "xn--glbe-65d.com.ph"}).content.decode()
    assert 'gl<mark>о<span class="visually-hidden">' in html
    assert "letters from another alphabet" in html


# 6. The scam register, worst first.


def test_a_register_entry_is_reported_as_a_scam_however_typed(known, make_scam_entry):
    make_scam_entry(region=known["PH"], value="+63 917 000 0000")
    for typed in ["09170000000", "+639170000000", "0063 917 000 0000"]:
        assert check_number(typed).verdict == Verdict.SCAM, typed


def test_sender_names_and_handles_are_found_in_the_register(known, make_scam_entry):
    make_scam_entry(region=known["CN"], value="l0086", kind=ScamEntry.Kind.SENDER_NAME)
    make_scam_entry(region=known["PH"], value="@promo.load", kind=ScamEntry.Kind.PAYMENT_HANDLE)
    assert check_number("L0086").verdict == Verdict.SCAM
    assert check_number("@Promo.Load").verdict == Verdict.SCAM


def test_a_web_address_entry_covers_its_pages(known, make_scam_entry):
    make_scam_entry(region=known["HK"], value="alipayhk-refund.example", kind="web_address")
    assert check_number("https://alipayhk-refund.example/login").verdict == Verdict.SCAM


def test_an_entry_taken_off_the_register_is_not_reported(known, make_scam_entry):
    make_scam_entry(region=known["PH"], value="+639170000000", is_listed=False)
    assert check_number("+639170000000").verdict == Verdict.UNKNOWN


def test_an_official_contact_can_never_be_put_on_the_register(known):
    entry = ScamEntry(
        region=known["CN"],
        kind=ScamEntry.Kind.PHONE,
        value="10086",
        evidence=ScamEntry.Evidence.PUBLIC_ALERT,
        evidence_url="https://police.example/alert",
    )
    with translation.override("en"), pytest.raises(ValidationError, match="official contact"):
        entry.full_clean()


def test_a_number_of_no_record_may_be_registered(known):
    entry = ScamEntry(
        region=known["PH"],
        kind=ScamEntry.Kind.PHONE,
        value="+63 917 000 0000",
        evidence=ScamEntry.Evidence.PUBLIC_ALERT,
        evidence_url="https://police.example/alert",
    )
    entry.full_clean()


def test_a_public_alert_needs_its_address(known):
    entry = ScamEntry(
        region=known["PH"], kind="phone", value="+639170000000", evidence="public_alert"
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "evidence_url" in error.value.message_dict


def test_scam_page_shows_evidence_and_what_to_do(client, known, make_scam_entry):
    make_scam_entry(region=known["PH"], value="+639170000000")
    html = client.get("/en/check/", {"number": "+639170000000"}).content.decode()
    assert 'href="https://www.adcc.gov.hk/en-hk/alerts.html"' in html
    assert "Do not call it back" in html
    assert "This is my number or site, and it is not a scam" in html


def test_no_record_is_not_the_same_as_safe(client, known):
    html = client.get("/zh-hans/check/", {"number": "+1 555 010 9999"}).content.decode()
    assert "没有记录不等于安全。" in html


def test_a_reader_report_becomes_an_entry_in_one_step(known, make_guide):
    guide = make_guide(operator=OfficialContact.objects.get(value="1510").operator)
    report = guide.feedback.create(kind="scam_seen", reported_value="0917 000 0000")
    entry = ScamEntry.record_report(report)
    assert (entry.value, entry.region, entry.evidence) == (
        "09170000000",
        known["PH"],
        "reader_report",
    )
    report.refresh_from_db()
    assert report.status == "resolved"
    assert check_number("+63 917 000 0000").verdict == Verdict.SCAM


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("138.0010.0186", "phone", "13800100186"),
        ("promo-load.example", "web_address", "promo-load.example"),
        ("https://www.Promo-Load.example/win", "web_address", "www.promo-load.example/win"),
        ("L0086", "sender_name", "L0086"),
        ("@cheap.load", "payment_handle", "@CHEAP.LOAD"),
    ],
)
def test_a_reported_value_is_read_as_the_checker_reads_it(known, make_guide, typed, kind, value):
    """One reading of what someone typed, for the register and the checker alike: a number
    written with dots is a number, so the entry it makes is one the checker matches."""
    guide = make_guide(operator=OfficialContact.objects.get(value="1510").operator)
    report = guide.feedback.create(kind="scam_seen", reported_value=typed)
    entry = ScamEntry.record_report(report)
    assert (entry.kind, entry.value) == (kind, value)
    assert check_number(typed).verdict == Verdict.SCAM


def test_a_report_of_an_official_number_is_refused_with_the_reason(known, make_guide):
    guide = make_guide(operator=OfficialContact.objects.get(value="10086").operator)
    report = guide.feedback.create(kind="scam_seen", reported_value="10086")
    with translation.override("en"), pytest.raises(ValidationError, match="of China Mobile"):
        ScamEntry.record_report(report)
    assert not ScamEntry.objects.exists()


def test_anyone_can_contest_an_entry_and_nothing_else_is_kept(client, known, make_scam_entry):
    entry = make_scam_entry(region=known["PH"], value="+639170000000")
    response = client.post(f"/en/check/disputes/{entry.pk}/", {"message": "It is my shop's number"})
    assert response.status_code == 200
    assert "An editor will check it" in response.content.decode()
    dispute = ScamDispute.objects.get()
    assert (dispute.entry, dispute.message, dispute.status) == (
        entry,
        "It is my shop's number",
        "new",
    )


def test_a_too_long_dispute_is_refused_and_kept(client, known, make_scam_entry):
    entry = make_scam_entry(region=known["PH"], value="+639170000000")
    message = "这是我的号码。" * 200
    response = client.post(f"/zh-hans/check/disputes/{entry.pk}/", {"message": message})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ScamDispute.objects.exists()


def test_a_dispute_of_an_unlisted_entry_is_a_404(client, known, make_scam_entry):
    entry = make_scam_entry(region=known["PH"], value="+639170000000", is_listed=False)
    assert client.post(f"/en/check/disputes/{entry.pk}/", {"message": "x"}).status_code == 404


def test_a_guide_says_when_its_only_source_is_secondary(client, make_guide):
    guide = make_guide(source_kind=SourceKind.SECONDARY, source_year=2013)
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert "Source of this guide</a> (secondary source (news or repost, 2013))" in html


def test_contact_tables_say_how_strong_each_source_is(client, known):
    html = client.get("/en/operators/smart/").content.decode()
    assert "official: the operator&#x27;s own page" in html
    assert "secondary source (news or repost, 2016)" in html


def test_a_dispute_while_the_rate_limit_is_unavailable_asks_to_try_again(
    client, known, make_scam_entry
):
    entry = make_scam_entry(region=known["PH"], value="+639170000000")
    with mock.patch("django_ratelimit.core.caches") as caches:
        caches.__getitem__.return_value.add.side_effect = DatabaseError("no such table")
        response = client.post(f"/en/check/disputes/{entry.pk}/", {"message": "my shop"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "part of our service is down" in html and "my shop" in html
    assert not ScamDispute.objects.exists()
