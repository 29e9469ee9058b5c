"""A reader on a phone: find a guide by operator, read it, check a number, send feedback."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import Feedback, Region, ScamDispute, ScamEntry

from .conftest import PHONE, new_page, screenshot
from .pages import LANGUAGES, PAGE_TYPES


@pytest.fixture
def chinese_phone(browser):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    yield page
    page.context.close()


def test_reader_finds_reads_checks_and_rates_a_guide_on_a_phone(chinese_phone, site):
    page = chinese_phone
    page.goto(site + "/")
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    screenshot(page, "home-phone")

    page.select_option("#finder-operator", "globe")
    page.select_option("#finder-channel", "gcash")
    page.get_by_role("button", name="查看指南").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/\?operator=globe&channel=gcash"))
    page.get_by_role("link", name="用 GCash 给 Globe 充值").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("用 GCash 给 Globe 充值")
    notes = page.locator(".guide__safety .note")
    assert notes.count() >= 3
    expect(notes.first).to_be_visible()
    expect(page.locator("ol.steps > li").first).to_be_visible()
    screenshot(page, "guide-phone")

    page.fill("#check-number-guide", "ｇｌｏｂｅ．ｃｏｍ．ｐｈ")
    page.locator("#check-number-guide").press("Enter")
    expect(page.locator(".verdict--official")).to_be_visible()
    expect(page.locator(".verdict--official")).to_contain_text("Globe")
    page.go_back()

    page.get_by_role("button", name="有帮助", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("谢谢你")
    assert Feedback.objects.filter(guide__slug="gcash-load-globe", kind="helpful").count() == 1
    page.go_back()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/guides/gcash-load-globe/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Buy Globe load with GCash")


def test_reader_reports_a_problem_and_loses_nothing_on_error(chinese_phone, site):
    page = chinese_phone
    page.goto(site + "/en/guides/gcash-load-globe/")
    page.get_by_text("Report a problem with this guide").click()
    page.get_by_label("I saw a scam using this channel").check()
    page.fill("#feedback-message", "A seller on Facebook offers 20% off load.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    feedback = Feedback.objects.get(kind="scam_seen")
    assert feedback.message == "A seller on Facebook offers 20% off load."


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_scrolls_sideways_at_320_pixels(browser, site, language):
    page = new_page(browser, {"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path.format(lang=language))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    page.context.close()
    assert too_wide == {}


def focus_next(page, selector, limit=80):
    """Press Tab until `selector` has the keyboard focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received the focus")


def assert_focus_is_visible(page):
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_reader_journey_works_with_the_keyboard_alone(desktop, site):
    page = desktop
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")

    focus_next(page, "#finder-operator")
    assert_focus_is_visible(page)
    page.keyboard.type("Globe")
    assert page.input_value("#finder-operator") == "globe"
    focus_next(page, ".finder__form button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"operator=globe"))

    focus_next(page, ".cards a[href$='/gcash-load-globe/']")
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buy Globe load with GCash")

    focus_next(page, "#check-number-guide")
    page.keyboard.type("10086-pay.com")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict--danger")).to_be_visible()
    page.go_back()

    focus_next(page, "button[value='helpful']")
    assert_focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_reader_checks_a_number_in_the_scam_register_and_its_owner_contests_it(chinese_phone, site):
    region = Region.objects.get(code="PH")
    ScamEntry.objects.create(
        region=region,
        kind=ScamEntry.Kind.PHONE,
        value="+63 917 000 0000",
        description_zh_hans="冒充 GCash 客服，要求把验证码发给对方",
        description_en="Poses as GCash support and asks for your one-time code",
        evidence=ScamEntry.Evidence.PUBLIC_ALERT,
        evidence_url="https://www.example.gov.ph/alerts/1",
    )
    page = chinese_phone
    page.goto(site + "/zh-hans/")
    page.fill("#check-number-home", "0917 000 0000")
    page.locator("#check-number-home").press("Enter")
    verdict = page.locator(".verdict--danger")
    expect(verdict).to_be_visible()
    expect(verdict.get_by_role("heading", level=2)).to_contain_text("0917 000 0000")
    expect(verdict).to_contain_text("冒充 GCash 客服")
    expect(page.get_by_role("heading", name="去哪里举报诈骗")).to_be_visible()
    screenshot(page, "checker-scam-phone")

    # The checker page sends no Referer (it would carry the number); the review form is a page
    # of its own.
    page.get_by_role("link", name="这是我的号码或网站，不是诈骗").click()
    page.fill("#dispute-message", "这是我店里的电话")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_role("status")).to_contain_text("编辑会进行核实")
    assert ScamDispute.objects.get().message == "这是我店里的电话"
