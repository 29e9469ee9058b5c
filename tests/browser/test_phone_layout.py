"""Steps first on a 390×844 phone, and a reader abroad finding what works from there."""

import re

import pytest
from playwright.sync_api import expect

from guides.models import Guide

from .pages import LANGUAGES


def first_step_in_view(page):
    """The whole first step is on the first screen, before any scrolling."""
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator("ol.steps > li").first).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_shows_its_first_step_without_scrolling(phone, site, language):
    slugs = list(Guide.objects.public().values_list("slug", flat=True))
    assert len(slugs) > 20
    for slug in slugs:
        phone.goto(f"{site}/{language}/guides/{slug}/")
        first_step_in_view(phone)


def test_core_notes_come_before_the_steps_short_with_the_full_text_a_tap_away(phone, site):
    phone.goto(site + "/en/guides/gcash-load-globe/")
    notes = phone.locator(".guide__safety--core details.note")
    expect(notes).to_have_count(3)
    # Before the steps in reading order, folded to their titles.
    order = phone.evaluate(
        """() => {
            const notes = document.querySelector('.guide__safety--core');
            const steps = document.querySelector('ol.steps');
            return notes.compareDocumentPosition(steps) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order
    body = notes.first.locator(".note__body")
    expect(body).to_be_hidden()
    notes.first.locator("summary").tap()
    expect(body).to_be_visible()
    # The other notes follow the steps.
    expect(phone.locator("#more-safety-title")).not_to_be_in_viewport()


@pytest.mark.parametrize("language", LANGUAGES)
def test_guide_list_results_start_on_the_first_screen_filters_folded_above(
    phone, desktop, site, language
):
    phone.goto(f"{site}/{language}/guides/?operator=globe")
    expect(phone.locator(".cards .card").first).to_be_in_viewport()
    expect(phone.locator("#filter-q")).to_be_hidden()
    phone.locator(".filters-fold__summary").tap()
    expect(phone.locator("#filter-q")).to_be_visible()
    desktop.goto(f"{site}/{language}/guides/?operator=globe")
    expect(desktop.locator("#filter-q")).to_be_visible()


def test_reader_abroad_finds_a_smart_reload_that_works_from_there(phone, site):
    page = phone
    page.goto(site + "/zh-hans/operators/smart/")
    abroad = page.locator("#abroad")
    expect(abroad).to_contain_text("808")
    expect(abroad).to_contain_text("*133#")
    expect(page.locator("#keep-number")).to_contain_text("120 天")
    abroad.get_by_role("link", name="这个运营商在境外也能用的全部指南").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/guides/\?operator=smart&abroad=1$"))
    expect(page.locator(".results__count")).to_have_text(re.compile(r"^3"))
    page.get_by_role("link", name="人在境外（包括中国大陆），给 Smart 或 TNT 号码充值").click()
    first_step_in_view(page)
    expect(page.locator("#facts")).to_contain_text("在境外也能用")
    expect(page.locator("#if-it-does-not-arrive")).to_contain_text("国家电信委员会")
    expect(page.locator("#sources")).to_contain_text("help.smart.com.ph")


@pytest.mark.parametrize("language", LANGUAGES)
def test_channels_compared_are_cards_on_a_phone_nothing_cut_off(phone, desktop, site, language):
    phone.goto(f"{site}/{language}/operators/china-mobile/")
    width = phone.evaluate("document.documentElement.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    cards = phone.locator("#compare tbody tr")
    assert cards.count() >= 5
    for index in range(cards.count()):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, index
        # Each fact fits its card, under its topic's name.
        for cell in card.locator("th, td").all():
            cell_box = cell.bounding_box()
            assert cell_box["x"] >= box["x"] and cell_box["x"] + cell_box["width"] <= (
                box["x"] + box["width"] + 0.5
            )
            assert cell.evaluate("el => el.scrollWidth <= el.clientWidth")
        labels = card.locator("td").evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
        )
        assert labels and all(label not in ("none", "normal", '""') for label in labels)
    # Wider screens keep the table, with its column headers.
    desktop.goto(f"{site}/{language}/operators/china-mobile/")
    expect(desktop.locator("#compare thead th").first).to_be_visible()
    assert desktop.locator("#compare table").evaluate("t => getComputedStyle(t).display") == "table"
