"""Light pages: a guide's first visit (its HTML and every file the page links to that a browser
fetches at once) stays within the budget, measured from the responses the site builds."""

import re

from django.contrib.staticfiles import finders

from guides.models import Guide

# Bytes, uncompressed: the app does not compress its HTML, so this is the most a reader downloads.
GUIDE_PAGE_BUDGET = 60_000
# What a browser fetches with the page: stylesheets (print ones too), icons and scripts.
LINKED = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"?#]+)')


def first_visit_bytes(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    total = len(response.content)
    for url in set(LINKED.findall(html)):
        found = finders.find(url.removeprefix("/static/"))
        assert found, url
        with open(found, "rb") as linked:
            total += len(linked.read())
    return total


def test_every_guide_page_fits_the_budget_on_a_first_visit(client, demo):
    sizes = {
        (language, slug): first_visit_bytes(client, f"/{language}/guides/{slug}/")
        for slug in Guide.objects.public().values_list("slug", flat=True)
        for language in ["zh-hans", "en"]
    }
    heaviest = max(sizes, key=sizes.get)
    assert sizes[heaviest] <= GUIDE_PAGE_BUDGET, (heaviest, sizes[heaviest])


def test_guide_pages_load_no_script(client, demo):
    html = client.get("/en/guides/smart-reload-while-roaming/").content.decode()
    assert "<script" not in html
