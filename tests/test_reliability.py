"""When the database or the cache is down: cached pages still served, others a translated 503."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper


@pytest.fixture
def guide(make_guide):
    return make_guide(slug="resilient", title_en="Resilient guide")


@pytest.fixture
def client(client):
    """Answer as a server would: an exception in a view becomes the error page, not a raise."""
    client.raise_request_exception = False
    return client


@contextmanager
def database_down():
    error = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with (
        mock.patch.object(CursorWrapper, "execute", side_effect=error),
        mock.patch.object(CursorWrapper, "executemany", side_effect=error),
    ):
        yield


@contextmanager
def cache_down():
    error = ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    broken = mock.MagicMock()
    for method in ("get", "get_many", "set", "add", "incr"):
        getattr(broken, method).side_effect = error
    # The page cache and the content version each talk to the cache.
    with (
        mock.patch("guides.caching.pages.cache", broken),
        mock.patch("guides.caching.content.cache", broken),
    ):
        yield broken


def test_cached_pages_are_served_while_the_database_is_down(client, guide):
    client.get("/en/guides/resilient/")
    with database_down():
        response = client.get("/en/guides/resilient/")
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert "Resilient guide" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Temporarily unavailable"), ("zh-hans", "暂时无法访问")]
)
def test_other_pages_get_a_translated_503(client, guide, language, text):
    with database_down():
        response = client.get(f"/{language}/guides/resilient/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert text in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_healthz_says_the_database_is_down(client, db):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


def test_pages_are_served_uncached_while_the_cache_is_down(client, guide):
    with cache_down():
        response = client.get("/en/guides/resilient/")
        listing = client.get("/en/guides/?operator=" + guide.operator.slug)
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "Resilient guide" in response.content.decode()
    assert listing.status_code == 200


def test_a_request_tries_an_unreachable_cache_only_once(client, guide):
    """A cache that is down costs one failed round trip per request, not one per shared read."""
    with cache_down() as broken:
        assert client.get(f"/en/guides/?operator={guide.operator.slug}").status_code == 200
    assert len(broken.method_calls) == 1


def test_saving_content_works_while_the_cache_is_down(guide):
    with cache_down():
        guide.title_en = "Saved without a cache"
        guide.save()
    guide.refresh_from_db()
    assert guide.title_en == "Saved without a cache"


def test_healthz_says_the_cache_is_down(client, db):
    with mock.patch("guides.web.site_views.cache") as broken:
        broken.set.side_effect = ConnectionError("Connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
