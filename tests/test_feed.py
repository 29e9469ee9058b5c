"""The Atom feed: valid Atom, in the reader's language, newest publication or check first."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from guides.models import Guide

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_feed_is_valid_atom(client, make_guide):
    make_guide(slug="first")
    root = parse(client.get("/en/feed/"))
    assert root.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated", "author", "link"]:
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/en/feed/"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    for required in ["id", "title", "updated", "link", "summary"]:
        assert entries[0].find(f"{ATOM}{required}") is not None, required
    updated = entries[0].find(f"{ATOM}updated").text
    assert datetime.datetime.fromisoformat(updated)


@pytest.mark.parametrize(("language", "title"), [("en", "Top-up guide"), ("zh-hans", "充值指南")])
def test_feed_is_in_the_readers_language(client, make_guide, language, title):
    make_guide(slug="lang")
    root = parse(client.get(f"/{language}/feed/"))
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text.startswith(title)
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/{language}/guides/lang/"


def test_feed_lists_published_guides_newest_announcement_first(client, make_guide):
    older = make_guide(slug="older")
    newer = make_guide(slug="newer")
    make_guide(slug="draft", status=Guide.Status.DRAFT)
    Guide.objects.filter(pk=older.pk).update(announced_at=timezone.now() - datetime.timedelta(1))
    root = parse(client.get("/en/feed/"))
    links = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert links == ["http://testserver/en/guides/newer/", "http://testserver/en/guides/older/"]

    older.refresh_from_db()
    older.mark_verified()
    older.save()
    root = parse(client.get("/en/feed/"))
    first = root.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
    assert first == "http://testserver/en/guides/older/"
    assert newer


def test_every_page_links_the_feed(client, make_guide):
    guide = make_guide()
    for path in ["/en/", "/en/guides/", f"/en/guides/{guide.slug}/", "/zh-hans/safety/"]:
        html = client.get(path).content.decode()
        language = path.split("/")[1]
        assert 'type="application/atom+xml"' in html
        assert f'href="/{language}/feed/"' in html
