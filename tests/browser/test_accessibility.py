"""axe-core finds no accessibility violation on any public page type, in both languages."""

import pytest

from .conftest import DESKTOP, PHONE
from .pages import LANGUAGES, PAGE_TYPES


def axe_violations(page, axe_source):
    # Evaluated through the DevTools protocol, so the site's Content-Security-Policy (which
    # rightly forbids inline scripts) does not stop the checker from loading.
    page.evaluate(axe_source)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_axe_violations(browser, site, axe_source, language, viewport):
    page = browser.new_page(viewport=viewport)
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site + path.format(lang=language))
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    page.context.close()
    assert found == {}
