"""A reader on a phone searches in their own words, Chinese without spaces, and reaches a guide."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, new_page, screenshot


@pytest.fixture
def chinese_phone(browser):
    page = new_page(browser, PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    yield page
    page.context.close()


def test_reader_types_smart_card_top_up_on_a_phone_and_reaches_a_smart_guide(chinese_phone, site):
    page = chinese_phone
    page.goto(site + "/zh-hans/")
    page.fill("#finder-q", "Smart卡充值")
    page.locator("#finder-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/\?.*q=Smart"))
    first = page.locator(".cards .card__title a").first
    expect(first).to_contain_text("Smart")
    expect(page.locator(".cards")).not_to_contain_text("数码通")
    screenshot(page, "search-phone")

    first.click()
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/(smart-|gcash-load-smart)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Smart")


def test_reader_whose_search_finds_nothing_is_offered_a_way_on(chinese_phone, site):
    page = chinese_phone
    page.goto(site + "/en/guides/?q=globbe")
    page.get_by_role("link", name="globe", exact=True).click()
    expect(page.locator(".cards .card__title a").first).to_contain_text("Globe")

    page.goto(site + "/en/")
    page.locator('[data-task="abroad"]').click()
    expect(page.locator(".cards .card__title a").first).to_contain_text("abroad")


def test_reader_in_china_asking_about_a_smart_card_reaches_the_roaming_guide(chinese_phone, site):
    page = chinese_phone
    page.goto(site + "/zh-hans/")
    page.fill("#finder-q", "我在中国大陆怎么给Smart卡充值")
    page.locator("#finder-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/\?.*q="))
    top_three = page.locator(".cards .card__title a").evaluate_all(
        "links => links.slice(0, 3).map(link => link.getAttribute('href'))"
    )
    roaming = [href for href in top_three if href.endswith("/smart-reload-while-roaming/")]
    assert roaming, top_three
    screenshot(page, "search-phone-roaming")

    page.locator(f'.cards .card__title a[href="{roaming[0]}"]').click()
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/smart-reload-while-roaming/"))
