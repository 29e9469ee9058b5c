"""The editors' admin at the width editors work at: 1280 × 800 with the navigation sidebar open
(Django's default), in both languages. One signed-in page per language walks every changelist,
the guide form, a history page and the source checks, with axe-core on each kind of page."""

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from guides.models import (
    EditorProfile,
    FailedPurge,
    Feedback,
    Guide,
    MissedSearch,
    ScamDispute,
    ScamEntry,
)

from .conftest import new_page, screenshot
from .test_accessibility import axe_violations
from .test_editor_journey import PASSWORD, make_editor

EDITORS_WIDTH = {"width": 1280, "height": 800}
FIRST_COLUMN_MIN = 200  # px: room for a guide's title, a few words a line


def one_of_everything(editor, make_broken_source_check):
    """A row in every list the demo content leaves empty, and a guide whose last version
    changed a step."""
    guide = Guide.objects.published().order_by("pk").first()
    Feedback.objects.create(guide=guide, kind=Feedback.Kind.OUTDATED, message="Step 2 moved.")
    MissedSearch.objects.create(query="esim abroad", times=MissedSearch.SHOWN_AFTER)
    FailedPurge.objects.create(
        url="http://varnish.internal:6081", tags="guide-1", attempts=3, error="timed out"
    )
    ScamDispute.objects.create(entry=ScamEntry.objects.first(), message="This is my number.")
    EditorProfile.for_user(editor)
    make_broken_source_check(guide)
    guide.title_en = f"{guide.title_en} (checked)"
    guide.save()
    step = guide.steps.order_by("order").first()
    step.text_en = f"{step.text_en} Check the number again."
    step.save()
    return guide


def first_column_width(page):
    return page.evaluate(
        "Math.round(document.querySelector("
        "'#result_list tbody tr > :not(.action-checkbox)').getBoundingClientRect().width)"
    )


def fits_its_box(page):
    return page.evaluate(
        "document.querySelector('#result_list').scrollWidth <="
        " document.querySelector('#changelist-form .results').clientWidth"
    )


def wait_until_in_reach(page, selector):
    """Wait until the element is inside the window with nothing covering its middle."""
    page.wait_for_function(
        """(selector) => {
            const element = document.querySelector(selector);
            const box = element.getBoundingClientRect();
            if (box.top < 0 || box.bottom > window.innerHeight) return false;
            const middle = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return element.contains(middle);
        }""",
        arg=selector,
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_the_admin_at_1280_pixels_with_the_sidebar_open(
    browser, site, django_user_model, axe_source, make_broken_source_check, locale
):
    editor = make_editor(django_user_model, f"wide-{locale}")
    guide = one_of_everything(editor, make_broken_source_check)
    page = new_page(browser, EDITORS_WIDTH, locale=locale)
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#needs-attention")).to_be_visible()
    violations = {"index": axe_violations(page, axe_source)}

    narrow = {}
    for model in admin.site._registry:
        opts = model._meta
        if not editor.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue  # users and groups: not an editor's
        page.goto(site + reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        expect(page.locator("#result_list")).to_be_visible()
        expect(page.locator("#nav-sidebar")).to_be_visible()
        width = first_column_width(page)
        if width < FIRST_COLUMN_MIN or page.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        ):
            narrow[opts.model_name] = width
    assert narrow == {}

    page.goto(site + reverse("admin:guides_sourcecheck_changelist"))
    assert fits_its_box(page)
    assert page.locator("#changelist-filter a[href*='cited_by=']").count() == 1

    page.goto(site + reverse("admin:guides_guide_changelist"))
    assert fits_its_box(page)
    overdue = sum(g.is_overdue() for g in Guide.objects.all())
    expect(page.locator("#result_list .field-review .overdue")).to_have_count(overdue)
    assert page.locator("#result_list img").count() == 0  # no ✓/✗ icons
    violations["guide list"] = axe_violations(page, axe_source)
    if locale == "en-US":
        screenshot(page, "admin-guide-list")

    page.goto(site + reverse("admin:guides_guide_change", args=[guide.pk]))
    expect(page.locator("#modeltranslation-main-switch")).to_be_visible()  # the tabs are built
    active_tab = page.locator("#id_title_zh_hans, #id_title_en").locator("visible=true")
    shown = active_tab.get_attribute("id").removeprefix("id_title_").replace("_", "-")
    menu = page.locator("#modeltranslation-main-switch")
    expect(menu.locator("option:checked")).to_have_text(shown)
    title = page.locator(f"#id_title_{shown.replace('-', '_')}")
    title.fill("Top up a China Mobile Hong Kong prepaid SIM online with a card, step by step")
    assert title.evaluate("box => box.scrollWidth <= box.clientWidth")
    if locale == "en-US":
        screenshot(page, "admin-guide-form")
    page.evaluate("window.scrollTo(0, 0)")
    violations["guide form"] = axe_violations(page, axe_source)
    for position in ["0", "document.body.scrollHeight / 2"]:
        page.evaluate(f"window.scrollTo(0, {position})")
        wait_until_in_reach(page, "input[name='_save']")
        wait_until_in_reach(page, "button[name='_preview']")

    page.goto(site + reverse("admin:guides_guide_history", args=[guide.pk]))
    newest = page.locator("#change-history tbody tr").first.locator(".history__changes li")
    expect(newest).to_have_count(2)  # the English title and step 1's English text
    violations["history"] = axe_violations(page, axe_source)
    if locale == "en-US":
        screenshot(page, "admin-guide-history")
    page.context.close()
    assert {name: found for name, found in violations.items() if found} == {}
