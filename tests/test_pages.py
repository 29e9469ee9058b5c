"""Every public page of the URL contract, in both languages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from guides.models import Guide, SafetyNote
from tests.public_pages import LANGUAGES, pages_of


@pytest.fixture
def guide(make_guide, make_contact):
    guide = make_guide(slug="cm-app")
    make_contact(operator=guide.operator, value="10086")
    return guide


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_both_languages(client, guide, language):
    for path in pages_of(guide, html_only=True):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, path
        assert 'hreflang="zh-hans"' in html and 'hreflang="en"' in html, path


def test_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    # Any other language reads English more likely than Chinese (tests/test_languages.py).
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/en/"


def test_interface_is_translated(client, guide):
    assert "充值指南" in client.get("/zh-hans/").content.decode()
    assert "Top-up Guides" in client.get("/en/").content.decode()


def test_language_switcher_keeps_the_reader_on_the_same_page(client, guide):
    html = client.get(f"/zh-hans/guides/{guide.slug}/").content.decode()
    assert f'href="/en/guides/{guide.slug}/"' in html
    html = client.get("/en/guides/?operator=x&channel=y").content.decode()
    # Its own parameters, in the page cache's canonical order.
    assert 'href="/zh-hans/guides/?channel=y&amp;operator=x"' in html


def test_guide_page_shows_steps_in_order(client, guide):
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    steps = re.findall(r'<li id="step-\d+"><p>(Step \d)</p></li>', html)
    assert steps == ["Step 1", "Step 2", "Step 3"]
    assert '<ol class="steps">' in html


def test_guide_page_shows_one_note_per_core_topic(client, guide):
    html = client.get(f"/zh-hans/guides/{guide.slug}/").content.decode()
    for note in SafetyNote.objects.core_for_every_guide():
        assert f'id="{note.slug}"' in html


def test_guide_page_shows_scoped_notes_by_severity(client, guide, make_note):
    note = make_note(severity=SafetyNote.Severity.DANGER, title_en="Hotline charges apply")
    note.channels.add(guide.channel)
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert "note--danger" in html and "Hotline charges apply" in html
    assert "Danger:" in html


def test_guide_page_shows_official_contacts_and_source(client, guide):
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert 'href="tel:10086"' in html
    assert 'href="https://www.10086.cn/"' in html
    assert f'href="{guide.source_url}"' in html


def test_guide_page_shows_last_verified_date(client, guide):
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert f'datetime="{guide.last_verified_on.isoformat()}"' in html
    assert "due for a check" not in html


def test_overdue_guide_shows_caution(client, make_guide, long_ago):
    guide = make_guide(last_verified_on=long_ago)
    for language, text in [("en", "due for a check"), ("zh-hans", "该核实")]:
        html = client.get(f"/{language}/guides/{guide.slug}/").content.decode()
        assert text in html


def test_missing_translation_shows_fallback_notice(client, make_guide):
    guide = make_guide(title_zh_hans="只有中文的指南", title_en="")
    html = client.get(f"/en/guides/{guide.slug}/").content.decode()
    assert "只有中文的指南" in html
    assert "shown in Simplified Chinese" in html
    complete = make_guide()
    html = client.get(f"/en/guides/{complete.slug}/").content.decode()
    assert "shown in Simplified Chinese" not in html


@pytest.mark.parametrize("status", [Guide.Status.DRAFT, Guide.Status.ARCHIVED])
def test_unpublished_guides_are_not_found(client, make_guide, status):
    guide = make_guide(status=status)
    assert client.get(f"/en/guides/{guide.slug}/").status_code == 404


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("zh-hans", "找不到")])
def test_unknown_guide_is_a_translated_404(client, db, language, text):
    response = client.get(f"/{language}/guides/no-such-guide/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Something went wrong"), ("zh-hans", "出错")]
)
def test_server_error_page_is_translated(db, language, text):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    assert text in response.content.decode()


def test_operator_page_lists_guides_by_channel_and_contacts(client, guide, make_guide):
    other = make_guide(operator=guide.operator, slug="cm-other")
    html = client.get(f"/en/operators/{guide.operator.slug}/").content.decode()
    assert f'href="/en/guides/{guide.slug}/"' in html
    assert f'href="/en/guides/{other.slug}/"' in html
    assert "tel:10086" in html


def test_inactive_operator_is_not_found(client, make_operator):
    operator = make_operator(is_active=False)
    assert client.get(f"/en/operators/{operator.slug}/").status_code == 404


def test_guides_of_an_inactive_operator_are_not_found(client, make_operator, make_guide):
    guide = make_guide(operator=make_operator(is_active=False))
    for page in ("", "feedback/thanks/"):
        response = client.get(f"/en/guides/{guide.slug}/{page}")
        assert response.status_code == 404, page
        assert "Page not found" in response.content.decode()
    response = client.post(f"/en/guides/{guide.slug}/feedback/", {"kind": "helpful"})
    assert response.status_code == 404


def test_channel_page_lists_guides_by_operator(client, guide):
    html = client.get(f"/en/channels/{guide.channel.slug}/").content.decode()
    assert f"/en/guides/{guide.slug}/" in html
    assert guide.operator.name_en in html


def test_safety_page_lists_notes_and_report_contacts(client, make_region):
    make_region(code="HK", anti_fraud_contact_en="Call the **Anti-Scam Helpline** 18222.")
    html = client.get("/en/safety/").content.decode()
    assert "<strong>Anti-Scam Helpline</strong> 18222" in html
    for note in SafetyNote.objects.active():
        assert note.title_en in html


def test_sitemap_lists_every_language_with_alternates(client, guide):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    locations = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://testserver/en/guides/{guide.slug}/" in locations
    assert f"http://testserver/zh-hans/guides/{guide.slug}/" in locations
    alternates = root.findall(".//{http://www.w3.org/1999/xhtml}link")
    assert {link.get("hreflang") for link in alternates} >= {"en", "zh-hans", "x-default"}


def test_robots_txt_points_to_sitemap_and_names_no_admin_path(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "admin" not in body


def test_the_admin_asks_robots_not_to_index_it(client, db):
    html = client.get("/admin/login/").content.decode()
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in html


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/.well-known/security.txt",
        "/robots.txt",
        "/sitemap.xml",
        "/en/",
        "/en/guides/?operator=x",
        "/zh-hans/guides/cm-app/",
        "/en/guides/cm-app/feedback/",
        "/en/operators/",
        "/en/safety/",
        "/en/check/?number=10086",
        "/en/feed/",
    ],
)
def test_head_works_wherever_get_does(client, guide, path):
    get = client.get(path)
    cache.clear()  # a cache miss: the view itself answers
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
