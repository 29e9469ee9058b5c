"""Screenshots for the README, taken by the suite so they always show the current site."""

from playwright.sync_api import expect

from .conftest import screenshot


def test_desktop_screenshots(desktop, site):
    desktop.goto(site + "/zh-hans/")
    expect(desktop.locator("h1")).to_be_visible()
    screenshot(desktop, "home-desktop")
    desktop.goto(site + "/en/guides/china-mobile-hotline/")
    expect(desktop.locator("ol.steps")).to_be_visible()
    screenshot(desktop, "guide-desktop")
