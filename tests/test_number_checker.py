"""The number checker: normalisation, official matches, look-alikes, and unknown input."""

import pytest
from django.utils import translation

from guides.checker.lookup import check_number
from guides.models import OfficialContact, Operator
from guides.models.verdicts import Verdict, edit_distance_at_most_one


@pytest.fixture
def contacts(make_region, make_operator, make_contact):
    cn = make_region(code="CN", calling_code="86", name_en="Mainland China")
    ph = make_region(code="PH", calling_code="63", name_en="Philippines")
    mobile = make_operator(
        region=cn, slug="china-mobile", name_en="China Mobile", website="https://www.10086.cn/"
    )
    smart = make_operator(region=ph, slug="smart", name_en="Smart")
    globe = make_operator(region=ph, slug="globe", name_en="Globe")
    make_contact(operator=mobile, value="10086")
    make_contact(operator=mobile, kind=OfficialContact.Kind.PHONE, value="+86 138 0010 0186")
    make_contact(operator=smart, value="*888")
    make_contact(operator=smart, kind=OfficialContact.Kind.USSD, value="*123#")
    make_contact(operator=smart, kind=OfficialContact.Kind.PHONE, value="+63 917 123 4567")
    make_contact(
        operator=globe, kind=OfficialContact.Kind.WEBSITE, value="www.globe.com.ph/stop-spam.html"
    )
    make_contact(operator=globe, value="211")


def verdict(text):
    return check_number(text).verdict


@pytest.mark.parametrize(
    "typed",
    [
        "10086",
        " 100 86 ",
        "100-86",
        "１００８６",
        "tel:10086",
        "TEL:10086",
        "+86 10086",
        "0086 10086",
        "+86 138-0010-0186",
        "008613800100186",
        "13800100186",
        "(138) 0010 0186",
        "138.0010.0186",
        "＋８６　１３８００１００１８６",
    ],
)
def test_official_mainland_numbers_are_found_however_typed(contacts, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL, typed
    assert result.matches[0].record.operator.slug == "china-mobile"


@pytest.mark.parametrize(
    "typed",
    [
        "*888",
        "＊８８８",
        "*123#",
        "＊１２３＃",
        "+63 917 123 4567",
        "0063 917 123 4567",
        "0917 123 4567",
    ],
)
def test_official_philippine_numbers_and_codes_are_found(contacts, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL, typed
    assert result.matches[0].record.operator.slug == "smart"


@pytest.mark.parametrize(
    "typed",
    [
        "globe.com.ph",
        "www.globe.com.ph",
        "https://www.globe.com.ph/stop-spam.html",
        "HTTP://GLOBE.COM.PH/",
        "new.globe.com.ph",
        "https://www.10086.cn/support",
        "10086.cn",
        "ｗｗｗ．１００８６．ｃｎ",
    ],
)
def test_official_web_addresses_are_found_with_or_without_scheme(contacts, typed):
    assert verdict(typed) == Verdict.OFFICIAL, typed


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("10068", "10086"),  # two digits swapped
        ("10087", "10086"),  # one digit off
        ("100086", "10086"),  # an extra digit
        ("1086", "10086"),  # a missing digit
        ("+86 138 0010 0187", "+8613800100186"),
        ("*8888", "*888"),
        ("*124#", "*123#"),
        ("212", "211"),
    ],
)
def test_a_number_one_digit_off_is_no_record_with_the_nearest_named(contacts, typed, nearest):
    """Official codes often differ by one digit (1510 and 1511): that alone is no fake."""
    result = check_number(typed)
    assert result.verdict == Verdict.UNKNOWN, typed
    assert nearest in [contact.value for contact in result.nearest]
    assert result.lookalikes == []


def test_letters_for_digits_get_a_warning(contacts):
    result = check_number("L0086")
    assert result.verdict == Verdict.LOOKALIKE
    assert [contact.value for contact in result.lookalikes] == ["10086"]


@pytest.mark.parametrize(
    "typed",
    [
        "10086-pay.com",
        "https://10086-pay.com/recharge",
        "www.10086.cn.topup-now.com",
        "globe-load.ph",
        "g1obe.com.ph",
        "gl0be.com.ph",
        "globe.com.ph.example.net",
    ],
)
def test_lookalike_sites_get_a_warning(contacts, typed):
    assert verdict(typed) == Verdict.LOOKALIKE, typed


@pytest.mark.parametrize("typed", ["10086", "*888", "211", "globe.com.ph", "+8613800100186"])
def test_official_contacts_never_raise_a_false_alarm(contacts, typed):
    result = check_number(typed)
    assert result.verdict == Verdict.OFFICIAL
    assert result.lookalikes == []


@pytest.mark.parametrize(
    "typed", ["+1 555 010 9999", "12345678", "example.com", "smartphone-deals.com"]
)
def test_unknown_numbers_are_not_called_safe(contacts, typed):
    assert verdict(typed) == Verdict.UNKNOWN


@pytest.mark.parametrize("typed", ["!!!", "<script>", "javascript:alert(1)", "\x00", "a"])
def test_input_that_is_neither_number_nor_site_is_invalid(contacts, typed):
    assert verdict(typed) == Verdict.INVALID


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("10086", "10086", True),
        ("10086", "10087", True),
        ("10086", "10068", True),
        ("10086", "1086", True),
        ("10086", "100861", True),
        ("10086", "10010", False),
        ("10086", "86001", False),
    ],
)
def test_edit_distance(a, b, expected):
    assert edit_distance_at_most_one(a, b) is expected


def test_checker_stores_nothing_and_is_never_cached(
    client, contacts, django_assert_max_num_queries
):
    # Cold: the records the checker compares with, read once per content version.
    with django_assert_max_num_queries(7) as queries:
        response = client.get("/en/check/", {"number": "+86 10086"})
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "number",
    [
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
        "x" * 5000,
        "%ED%A0%80",
        "%FF%FE",
        "1&number=2",
    ],
)
def test_checker_page_escapes_and_survives_hostile_input(client, contacts, number):
    response = client.get(f"/en/check/?number={number}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_checker_page_refuses_a_nul_character_with_the_400_page(client, contacts):
    """As every address does (guides.web.security): no browser sends one."""
    response = client.get("/en/check/?number=10086%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_checker_form_is_on_home_and_guide_pages(client, make_guide):
    guide = make_guide()
    for path in ["/en/", f"/en/guides/{guide.slug}/"]:
        assert 'action="/en/check/"' in client.get(path).content.decode()


def test_a_site_listed_twice_is_named_once(contacts, make_contact):
    """An operator's website that is also one of its contacts is one official site."""
    mobile = Operator.objects.get(slug="china-mobile")
    make_contact(operator=mobile, kind=OfficialContact.Kind.WEBSITE, value="10086.cn")
    with translation.override("en"):
        result = check_number("10086-pay.com")
        assert [(site.owner_name, site.value) for site in result.lookalikes] == [
            ("China Mobile", "www.10086.cn")
        ]
