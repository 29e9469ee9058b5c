"""The checker and the pages never disagree (issue 25): official records are never listed as
scams from another region, a number is found in every form a page writes it, a look-alike is
what looks like one, advice fits what the contact is for, names follow the page's language,
and contact tables say which rows are official."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guides.checker.lookup import check_number
from guides.models import Authority, OfficialContact, ScamEntry, SourceKind
from guides.models.verdicts import Verdict

USE = OfficialContact.Use


@pytest.fixture
def world(make_region, make_operator, make_contact, make_authority):
    cn = make_region(code="CN", calling_code="86", name_en="Mainland China")
    ph = make_region(code="PH", calling_code="63", name_en="Philippines")
    hk = make_region(code="HK", calling_code="852", name_en="Hong Kong")
    mobile = make_operator(region=cn, slug="china-mobile", name_en="China Mobile")
    smart = make_operator(region=ph, slug="smart", name_en="Smart", website="https://smart.com.ph")
    make_contact(operator=mobile, value="10086", use=USE.HOTLINE)
    make_contact(operator=smart, value="1510", use=USE.RELOAD)
    make_contact(operator=smart, value="1511", use=USE.RELOAD)
    make_contact(operator=smart, value="808", use=USE.TRANSFER)
    make_contact(operator=smart, kind=OfficialContact.Kind.USSD, value="*123#")
    make_contact(operator=smart, value="*888", use=USE.HOTLINE, source_kind=SourceKind.SECONDARY)
    make_authority(region=cn, value="96110", role=Authority.Role.ANTI_FRAUD, use=USE.HOTLINE)
    make_authority(region=cn, value="12300", kind=Authority.Kind.PHONE, role="regulator")
    make_authority(
        region=cn,
        value="12381",
        kind=Authority.Kind.SMS_SENDER,
        role=Authority.Role.WARNING_SENDER,
        use=USE.SENDER,
    )
    make_authority(region=ph, value="1326", role=Authority.Role.ANTI_FRAUD)
    make_authority(region=hk, value="18222", role=Authority.Role.ANTI_FRAUD)
    return {"CN": cn, "PH": ph, "HK": hk}


def entry(region, value, kind=ScamEntry.Kind.PHONE):
    return ScamEntry(
        region=region,
        kind=kind,
        value=value,
        evidence=ScamEntry.Evidence.PUBLIC_ALERT,
        evidence_url="https://police.example/alert",
    )


def page(client, typed, language="en"):
    return client.get(f"/{language}/check/", {"number": typed}).content.decode()


# 1. An official number is never put on the scam register, through whatever region.


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("10086", "PH"),
        ("96110", "PH"),
        ("12381", "HK"),
        ("18222", "PH"),
        ("1326", "CN"),
        ("+63 10086", "PH"),
        ("0086 10086", "HK"),
        ("010-12300", "HK"),
        ("+86 10 12300", "PH"),
    ],
)
def test_an_official_number_is_refused_under_every_region(world, value, region):
    with translation.override("en"), pytest.raises(ValidationError, match="official contact"):
        entry(world[region], value).full_clean()


def test_an_official_sender_is_refused_as_a_sender_name_too(world):
    with translation.override("en"), pytest.raises(ValidationError, match="official contact"):
        entry(world["HK"], "12381", kind=ScamEntry.Kind.SENDER_NAME).full_clean()


def test_the_refusal_names_the_record_and_its_region(world):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        entry(world["PH"], "10086").full_clean()
    assert "China Mobile (10086, Mainland China)" in str(error.value)


def test_a_reader_report_of_another_regions_official_number_is_refused(world, make_guide):
    guide = make_guide(operator=OfficialContact.objects.get(value="1510").operator)
    report = guide.feedback.create(kind="scam_seen", reported_value="10086")
    with pytest.raises(ValidationError):
        ScamEntry.record_report(report)
    assert not ScamEntry.objects.exists()


def test_an_old_entry_never_hides_the_official_record(world, make_scam_entry):
    """An entry saved before the rule (or before the record) is shown after the record."""
    make_scam_entry(region=world["PH"], value="10086")
    result = check_number("10086")
    assert result.verdict == Verdict.OFFICIAL
    assert [e.value for e in result.scam_entries] == ["10086"]


def test_the_page_says_both_official_first_with_the_regions(client, world, make_scam_entry):
    make_scam_entry(region=world["PH"], value="10086")
    html = page(client, "10086")
    official = html.index("is an official contact of China Mobile")
    listed = html.index("Our scam register also lists <bdi>10086</bdi>, as used by scammers in")
    assert official < listed
    assert "used by scammers in Philippines" in html
    assert "The official contact above is the one in Mainland China" in html


# 3. One number, one spelling: every form a page writes finds the record.


@pytest.mark.parametrize(
    "typed", ["12300", "010-12300", "01012300", "+86 10 12300", "0086 10 12300", "+86 12300"]
)
def test_a_service_number_is_found_with_an_area_code(world, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL, typed
    assert result.matches[0].record.value == "12300"


def test_the_page_says_which_service_number_an_area_coded_one_is(client, world):
    assert "We read it as <bdi>12300</bdi>." in page(client, "010-12300")


def test_a_service_number_with_another_citys_area_code_is_the_same_service(world):
    assert check_number("0755-12300").verdict == Verdict.OFFICIAL


@pytest.mark.parametrize("typed", ["8926 7722", "(02) 8926 7722", "+63 2 8926 7722"])
def test_a_metro_manila_line_written_without_its_area_code_is_found(world, make_authority, typed):
    """NTC's hotline, as Manila writes it locally: an eight-digit line starting with 8 is
    +63 2 8…, dialled in Metro Manila without the area code."""
    make_authority(region=world["PH"], kind="phone", value="+63 2 8926 7722", name_en="NTC")
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL, typed
    assert result.matches[0].record.value == "+63289267722"


def test_a_city_line_is_not_a_service_number(world):
    """010-6512-3456 is a Beijing line, not a short number behind an area code."""
    assert check_number("010-6512-3456").verdict == Verdict.UNKNOWN


@pytest.mark.parametrize("typed", ["smart.com.ph", "www.smart.com.ph", "https://SMART.com.ph/"])
def test_a_site_is_found_with_or_without_www(world, typed):
    assert check_number(typed).verdict == Verdict.OFFICIAL


# 4. A look-alike is what looks like one.


@pytest.mark.parametrize(("typed", "nearest"), [("1512", "1511"), ("*133#", "*123#")])
def test_a_code_one_digit_off_is_no_record_with_the_nearest_named(client, world, typed, nearest):
    result = check_number(typed)
    assert result.verdict == Verdict.UNKNOWN
    assert nearest in [record.value for record in result.nearest]
    html = page(client, typed)
    assert "Warning" not in html
    assert f"We have no record of “<bdi>{typed}</bdi>”" in html
    assert "The nearest contacts in our records are one digit away" in html


def test_letters_for_digits_are_marked_not_read_away(client, world):
    html = page(client, "10O86")
    assert "Warning: “<bdi>10O86</bdi>” looks like China Mobile’s <bdi>10086</bdi>" in html
    assert "We read it as" not in html
    assert (
        '10<mark>O<span class="visually-hidden"> (the letter O, not a digit)</span></mark>86'
        in html
    )


def test_a_letter_from_another_alphabet_is_marked_and_named(client, world):
    html = page(client, "smаrt.com.ph")  # a Cyrillic а
    assert (
        'sm<mark>а<span class="visually-hidden"> (a letter from another alphabet that looks '
        "like the Latin “a”)</span></mark>rt.com.ph" in html
    )
    assert "We read it as" not in html


def test_a_foreign_country_code_on_a_local_short_code_is_still_a_warning(world):
    assert check_number("+852 10086").verdict == Verdict.LOOKALIKE


# 5. Advice that fits what the contact is for.


def test_a_hotline_is_one_to_call_yourself(client, world):
    assert "hang up and call this number yourself" in page(client, "10086")


def test_a_transfer_code_warns_against_sending_load(client, world):
    html = page(client, "808")
    assert "scammers ask you to send load with it: never send load to someone you" in html
    assert "call this number yourself" not in html


def test_a_warning_sender_is_one_to_reply_nothing_to(client, world):
    html = page(client, "12381")
    assert "reply to nothing" in html
    assert "call this number yourself" not in html


def test_a_secondary_contact_is_confirmed_on_customer_service_never_a_reload_line(world):
    match = check_number("*888").matches[0]
    assert match.confirm_with.value == "smart.com.ph"


def test_a_secondary_contact_is_confirmed_on_the_owners_hotline(world, make_contact):
    smart = OfficialContact.objects.get(value="1510").operator
    make_contact(operator=smart, kind="phone", value="+63 2 8888 1111", use=USE.HOTLINE)
    assert check_number("*888").matches[0].confirm_with.value == "+63288881111"


# 6. Names follow the page's language.


def test_names_follow_the_language_whichever_loaded_the_records(client, world):
    page(client, "smart.com.ph", language="zh-hans")
    html = page(client, "smart.com.ph")
    assert "“<bdi>smart.com.ph</bdi>” is an official contact of Smart" in html
    assert 'href="/en/operators/smart/"' in html


def test_a_name_without_a_translation_says_so(client, world, make_operator, make_contact):
    operator = make_operator(region=world["HK"], name_zh_hans="数码通", name_en="")
    make_contact(operator=operator, value="18031", use=USE.RELOAD)
    html = page(client, "18031")
    assert "official contact of 数码通" in html
    assert "are not translated yet and are shown in Simplified Chinese" in html
    assert "not translated yet" not in page(client, "10086")


# 7. Tables say which rows are official.


def test_the_official_table_lists_only_official_rows(client, world):
    html = client.get("/en/operators/smart/").content.decode()
    official, secondary = html.split("Reported for Smart only by secondary sources")
    assert "Official contacts of Smart" in official
    assert ">1510<" in official and ">*888<" not in official
    assert ">*888<" in secondary


def test_no_contact_may_claim_an_industry_bodys_page(world):
    """An industry body's page is official only for the scheme it runs, never for a contact."""
    authority = Authority.objects.get(value="18222")
    authority.source_kind = SourceKind.INDUSTRY
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert "source_kind" in error.value.message_dict
