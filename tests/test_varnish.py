"""Varnish in front of gunicorn (deploy/varnish/default.vcl): pages kept, purged by tag on an
edit, and served while the app is down.

A real varnishd and a real gunicorn on 127.0.0.1, as `make serve-varnish` runs them. The edits
are model saves in this process, against the database gunicorn reads, with VARNISH_URLS naming
the Varnish: so it runs only on PostgreSQL and Redis (the second CI pass), where the database
and the page cache's content version are shared; .ci/run installs Varnish.
"""

import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.admin_forms import change_url, guide_change_data
from tests.test_multi_server import NoRedirect, Server, free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from varnish_server import Varnish, available  # noqa: E402

pytestmark = [
    pytest.mark.skipif(
        not available(),
        reason="varnishd is not installed (apt-get install "
        "varnish varnish-modules; .ci/run installs them)",
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="needs PostgreSQL and Redis shared by gunicorn and the test",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("data_migration_rows"),
]


@pytest.fixture
def edge(tmp_path, settings):
    name = connection.settings_dict["NAME"]
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    )
    app = Server(database_url, tmp_path)
    varnish = Varnish(free_port(), app.port)
    settings.VARNISH_URLS = [varnish.base]
    yield app, varnish
    varnish.stop()
    if app.process.poll() is None:
        app.stop()


def get(varnish, path, cookie=""):
    """GET through Varnish as a reader behind the site's TLS proxy: status, body, headers."""
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Cookie": cookie}
    request = urllib.request.Request(varnish.base + path, headers=headers)
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.read().decode(), response.headers


def test_a_second_get_is_a_hit_without_the_tags(edge, make_guide):
    _app, varnish = edge
    guide = make_guide(slug="edge-guide")
    page = f"/en/guides/{guide.slug}/"

    status, _, headers = get(varnish, page)
    assert (status, headers["X-Edge-Cache"]) == (200, "miss")
    status, _, headers = get(varnish, page)
    assert (status, headers["X-Edge-Cache"]) == (200, "hit")
    assert "xkey" not in headers
    # Tracking parameters and the order of the others do not make another copy.
    operator, region = guide.operator.slug, guide.operator.region.slug
    get(varnish, f"/en/guides/?utm_source=mail&operator={operator}&region={region}")
    _, _, headers = get(varnish, f"/en/guides/?region={region}&fbclid=x&operator={operator}")
    assert headers["X-Edge-Cache"] == "hit"


def test_the_checker_and_signed_in_editors_always_reach_the_app(edge, make_guide):
    _app, varnish = edge
    guide = make_guide(slug="edge-signed-in")
    for _ in range(2):
        _, _, headers = get(varnish, "/en/check/?number=10086")
        assert headers["X-Edge-Cache"] == "miss"
        _, _, headers = get(varnish, f"/en/guides/{guide.slug}/", cookie="sessionid=abc")
        assert headers["X-Edge-Cache"] == "miss"
    # A language cookie or a CSRF token alone is no reason to skip the cache.
    for expected in ("miss", "hit"):
        _, _, headers = get(varnish, f"/en/guides/{guide.slug}/", cookie="csrftoken=" + "x" * 32)
        assert headers["X-Edge-Cache"] == expected


def test_an_edit_is_purged_in_both_languages_from_every_page_showing_it(
    edge, make_guide, make_contact, make_channel
):
    _app, varnish = edge
    guide = make_guide(slug="edge-edit", title_en="Old edge title", title_zh_hans="旧的标题甲")
    contact = make_contact(operator=guide.operator, value="10086")
    other_channel = make_channel()
    make_guide(slug="edge-elsewhere", channel=other_channel)
    shown = {
        "en": [
            f"/en/guides/{guide.slug}/",
            "/en/guides/",
            f"/en/operators/{guide.operator.slug}/",
            f"/en/channels/{guide.channel.slug}/",
        ]
    }
    shown["zh-hans"] = [path.replace("/en/", "/zh-hans/", 1) for path in shown["en"]]
    pages = shown["en"] + shown["zh-hans"]
    unrelated = f"/en/channels/{other_channel.slug}/"
    for path in [*pages, unrelated]:
        get(varnish, path)
        assert get(varnish, path)[2]["X-Edge-Cache"] == "hit", path

    guide.title_en, guide.title_zh_hans = "New edge title", "新的标题乙"
    guide.save()

    # The purge was sent when the save committed: the next reader already gets the new page.
    for path in shown["en"]:
        status, html, headers = get(varnish, path)
        assert (status, headers["X-Edge-Cache"]) == (200, "miss"), path
        assert "New edge title" in html and "Old edge title" not in html, path
    for path in shown["zh-hans"]:
        status, html, _ = get(varnish, path)
        assert "新的标题乙" in html and "旧的标题甲" not in html, path
    assert get(varnish, unrelated)[2]["X-Edge-Cache"] == "hit"

    # A contact's edit reaches the pages that show it (its operator's guide and page), and no
    # page of other operators.
    for path in [*pages, unrelated]:
        get(varnish, path)
    contact.value = "10010"
    contact.save()
    for guide_page, _list, operator_page, _channel in shown.values():
        assert "10010" in get(varnish, guide_page)[1]
        assert "10010" in get(varnish, operator_page)[1]
    assert get(varnish, unrelated)[2]["X-Edge-Cache"] == "hit"


def test_an_editors_save_in_the_admin_is_fresh_through_varnish_within_a_second(
    edge, make_guide, editor_client
):
    _app, varnish = edge
    guide = make_guide(slug="edge-admin", title_en="Before the edit", title_zh_hans="编辑之前")
    paths = [
        f"/{language}{path}"
        for language in ("en", "zh-hans")
        for path in (
            f"/guides/{guide.slug}/",
            "/guides/",
            f"/operators/{guide.operator.slug}/",
            f"/channels/{guide.channel.slug}/",
        )
    ]
    for path in paths:
        get(varnish, path)
        assert get(varnish, path)[2]["X-Edge-Cache"] == "hit", path

    data = guide_change_data(guide, title_en="After the edit", title_zh_hans="编辑之后")
    response = editor_client.post(change_url(guide), data)
    assert response.status_code == 302

    # The purge goes out as the save commits: the first GET after it is already fresh.
    for path in paths:
        html = get(varnish, path)[1]
        new, old = (
            ("After the edit", "Before the edit") if "/en/" in path else ("编辑之后", "编辑之前")
        )
        assert new in html and old not in html, path


def test_cached_pages_are_served_while_the_app_is_down(edge, make_guide):
    app, varnish = edge
    guide = make_guide(slug="edge-outage", title_en="Still here")
    pages = [f"/en/guides/{guide.slug}/", f"/zh-hans/guides/{guide.slug}/", "/en/guides/"]
    for path in pages:
        get(varnish, path)

    app.stop()

    for path in pages:
        status, html, headers = get(varnish, path)
        assert (status, headers["X-Edge-Cache"]) == (200, "hit"), path
    assert "Still here" in get(varnish, pages[0])[1]


def test_stale_pages_are_served_through_the_grace_while_the_app_is_down(edge, make_guide):
    app, varnish = edge
    guide = make_guide(slug="edge-grace", title_en="Kept in grace")
    page = f"/en/guides/{guide.slug}/"
    get(varnish, page)
    app.stop()
    # Past its TTL: stale, only grace keeps it.
    request = urllib.request.Request(
        varnish.base + "/", method="PURGE", headers={"xkey-softpurge": f"guide-{guide.pk}"}
    )
    urllib.request.urlopen(request, timeout=5)

    # Longer than the grace of a healthy app (10 s): then only the outage's 24 h serve it.
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        status, html, _ = get(varnish, page)
        assert (status, "Kept in grace" in html) == (200, True)
        time.sleep(1)
