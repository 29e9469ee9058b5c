"""An editor writes a guide in both languages, previews it, publishes it and corrects it."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from guides.models import Guide

from .conftest import DESKTOP, new_page
from .test_accessibility import axe_violations

ADMIN = f"/{settings.ADMIN_PATH}"
PASSWORD = "a-long-editor-password"
STEPS = [
    ("在手机上打开 GCash。", "Open GCash on your phone."),
    (
        "选择买话费，输入号码并逐位核对。",
        "Choose Buy Load, enter the number and check every digit.",
    ),
    ("付款后保存参考号。", "Pay, then keep the reference number."),
]


def make_editor(user_model, username):
    user = user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def log_in_with_the_keyboard(browser, site, username):
    """A desktop page signed in to the admin by typing, as a keyboard-only editor would."""
    page = new_page(browser, DESKTOP, locale="en-US")
    page.goto(site + ADMIN + "login/")
    press_tab_until(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#content h1")).to_be_visible()
    return page


@pytest.fixture
def editor_page(browser, site, django_user_model):
    make_editor(django_user_model, "writer")
    page = new_page(browser, DESKTOP, locale="en-US")
    page.goto(site + ADMIN + "login/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#content h1")).to_be_visible()
    yield page
    page.context.close()


def fill_translated(page, name, chinese, english):
    """Type into both language tabs of a translated field."""
    page.click(f"[role=tab][aria-controls='tab_id_{name}_zh_hans']")
    page.fill(f"#id_{name}_zh_hans", chinese)
    page.click(f"[role=tab][aria-controls='tab_id_{name}_en']")
    page.fill(f"#id_{name}_en", english)


def test_editor_writes_previews_publishes_and_corrects_a_guide(editor_page, site, axe_source):
    page = editor_page
    page.goto(site + ADMIN + "guides/guide/add/")
    page.fill("#id_slug", "globe-gcash-journey")
    fill_translated(
        page, "title", "Globe 用户用 GCash 充值（测试）", "Load Globe with GCash (test)"
    )
    page.select_option("#id_operator", label="Globe Telecom")
    page.select_option("#id_channel", label="GCash")
    fill_translated(page, "summary", "在 GCash 里买 Globe 话费。", "Buy Globe load in GCash.")
    page.fill("#id_source_url", "https://www.globe.com.ph/help/globeone/payment-subscriptions")
    page.select_option("#id_source_kind", "operator")
    page.fill("#id_last_verified_on", "2026-12-02")
    for index, (chinese, english) in enumerate(STEPS):
        page.get_by_text("Add another Step").click()
        page.fill(f"#id_steps-{index}-order", str(index + 1))
        fill_translated(page, f"steps-{index}-text", chinese, english)
    assert axe_violations(page, axe_source) == []
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    guide = Guide.objects.get(slug="globe-gcash-journey")
    assert guide.status == Guide.Status.DRAFT
    assert page.evaluate("fetch('/en/guides/globe-gcash-journey/').then(r => r.status)") == 404

    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview in English").click()
    preview = popup.value
    expect(preview.get_by_role("heading", level=1)).to_have_text("Load Globe with GCash (test)")
    expect(preview.locator("ol.steps > li")).to_have_count(3)
    assert "noindex" in preview.locator("meta[name=robots]").get_attribute("content")
    preview.close()

    page.select_option("#id_status", "published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    for language, title in [
        ("en", "Load Globe with GCash (test)"),
        ("zh-hans", "Globe 用户用 GCash 充值（测试）"),
    ]:
        page.goto(f"{site}/{language}/guides/?operator=globe")
        page.get_by_role("link", name=title).click()
        expect(page.locator("ol.steps > li")).to_have_count(3)

    page.goto(site + ADMIN + f"guides/guide/{guide.pk}/change/")
    page.click("[role=tab][aria-controls='tab_id_steps-1-text_en']")
    page.fill("#id_steps-1-text_en", "Choose Buy Load, then check the number twice.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(site + "/en/guides/globe-gcash-journey/")
    expect(page.locator("ol.steps > li").nth(1)).to_have_text(
        "Choose Buy Load, then check the number twice."
    )
    expect(page).to_have_url(re.compile(r"/en/guides/globe-gcash-journey/$"))


def press_tab_until(page, selector, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received the focus")


def test_editor_corrects_a_guide_with_the_keyboard_alone(browser, site, django_user_model):
    make_editor(django_user_model, "keys")
    guide = Guide.objects.get(slug="gcash-load-globe")
    page = log_in_with_the_keyboard(browser, site, "keys")

    page.goto(site + ADMIN + f"guides/guide/{guide.pk}/change/")
    # The language tabs of the first step: reach the selected one, then move with the arrows.
    press_tab_until(
        page,
        "[role=tab][aria-controls='tab_id_steps-0-text_zh_hans'], "
        "[role=tab][aria-controls='tab_id_steps-0-text_en']",
    )
    arrow_to_language_tab(page, "steps-0-text", "en")
    press_tab_until(page, "#id_steps-0-text_en")
    page.keyboard.press("Control+A")
    page.keyboard.type("Open the GCash app that you installed from the official store.")
    press_tab_until(page, "input[name='_continue']")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert guide.steps.order_by("order").first().text_en.startswith("Open the GCash app that")
    page.context.close()


def arrow_to_language_tab(page, field, language):
    """From a focused language tab, move with the arrow keys to `language`'s tab and wait for
    its panel: jQuery UI activates a tab reached by keyboard after a short delay."""
    wanted = f"tab_id_{field}_{language}"
    for _ in range(3):
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == wanted:
            break
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"#id_{field}_{language}")).to_be_visible()


def choose_language_tab(page, field, language):
    """Reach a translated field's language tabs with Tab, pick one, and Tab into its field."""
    press_tab_until(page, f"[role=tab][aria-controls^='tab_id_{field}_']")
    arrow_to_language_tab(page, field, language)
    press_tab_until(page, f"#id_{field}_{language}")


def test_editor_writes_and_publishes_a_guide_with_the_keyboard_alone(
    browser, site, django_user_model
):
    make_editor(django_user_model, "typist")
    page = log_in_with_the_keyboard(browser, site, "typist")

    page.goto(site + ADMIN + "guides/guide/add/")
    choose_language_tab(page, "title", "zh_hans")
    page.keyboard.type("键盘写的指南")
    page.keyboard.press("Shift+Tab")  # back to the tab itself, to switch language
    arrow_to_language_tab(page, "title", "en")
    press_tab_until(page, "#id_title_en")
    page.keyboard.type("A guide written with the keyboard")
    press_tab_until(page, "#id_slug")
    page.keyboard.press("Control+A")
    page.keyboard.type("keyboard-guide")
    press_tab_until(page, "#id_operator")
    page.keyboard.type("Globe")
    press_tab_until(page, "#id_channel")
    page.keyboard.type("GCash")
    press_tab_until(page, "#id_status")
    page.keyboard.type("Published")
    # Publishing needs the source, its kind and the date it was checked.
    press_tab_until(page, "#id_source_url")
    page.keyboard.type("https://www.globe.com.ph/help/globeone/payment-subscriptions")
    press_tab_until(page, "#id_source_kind")
    page.keyboard.type("The operator")
    press_tab_until(page, "#id_last_verified_on")
    page.keyboard.type("2026-12-02")
    press_tab_until(page, ".add-row a")
    page.keyboard.press("Enter")
    press_tab_until(page, "#id_steps-0-order")
    page.keyboard.type("1")
    choose_language_tab(page, "steps-0-text", "zh_hans")
    page.keyboard.type("打开 GCash，核对号码后付款。")
    page.keyboard.press("Shift+Tab")
    arrow_to_language_tab(page, "steps-0-text", "en")
    press_tab_until(page, "#id_steps-0-text_en")
    page.keyboard.type("Open GCash, check the number, then pay.")
    press_tab_until(page, "input[name='_save']")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    guide = Guide.objects.get(slug="keyboard-guide")
    assert guide.status == Guide.Status.PUBLISHED
    assert (guide.operator.slug, guide.channel.slug) == ("globe", "gcash")
    assert guide.title_en == "A guide written with the keyboard"
    assert guide.steps.get().text_zh_hans == "打开 GCash，核对号码后付款。"
    page.context.close()


def test_a_step_box_fits_its_text(editor_page, site):
    guide = Guide.objects.published().first()
    editor_page.goto(site + ADMIN + f"guides/guide/{guide.pk}/change/")
    box = editor_page.locator("#id_steps-0-text_en")
    one_line = box.bounding_box()["height"]
    assert one_line < 100  # it was a ten-row box, about 170 px
    box.fill("A long step that goes on. " * 40)
    assert box.bounding_box()["height"] > one_line
