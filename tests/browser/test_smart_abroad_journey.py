"""A reader in mainland China with a Smart SIM, on a phone: from the home page, "I'm abroad" and
one more tap reach the guide that says what works from there, in both languages; Smart's own
page leads with it too."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

SMART_ROAMING = "/guides/smart-reload-while-roaming/"
TASK_LABEL = {"zh-hans": "我在境外", "en": "I’m abroad"}
MAINLAND = {"zh-hans": "中国大陆", "en": "mainland China"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_to_the_smart_in_mainland_answer_in_two_taps(phone, site, language):
    page = phone
    page.goto(f"{site}/{language}/")
    task = page.locator('[data-task="abroad"]')
    expect(task).to_have_text(TASK_LABEL[language])
    task.tap()
    expect(page).to_have_url(re.compile(rf"/{language}/guides/\?q="))

    # The answer is on the first screen, above every other guide.
    answer = page.locator(".lead-answer__title a")
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text(MAINLAND[language])
    expect(answer).to_be_in_viewport()
    screenshot(page, f"abroad-task-phone-{language}")
    answer.tap()

    expect(page).to_have_url(re.compile(rf"/{language}{re.escape(SMART_ROAMING)}$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Smart")
    expect(heading).to_contain_text(MAINLAND[language])
    expect(page.locator("ol.steps")).to_contain_text("1510")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_smart_page_leads_with_the_answer_for_readers_abroad(phone, site, language):
    page = phone
    page.goto(f"{site}/{language}/operators/smart/")
    answer = page.locator(".lead-answer__title a")
    expect(answer).to_be_in_viewport()
    answer.tap()
    expect(page).to_have_url(re.compile(rf"/{language}{re.escape(SMART_ROAMING)}$"))
