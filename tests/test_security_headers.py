"""Response headers, cookies and security.txt: the browser's half of the site's defences."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.html_checks import active_content
from tests.public_pages import public_paths

ADMIN = f"/{settings.ADMIN_PATH}"


@pytest.fixture
def guide(make_guide, make_contact):
    guide = make_guide()
    make_contact(operator=guide.operator)
    return guide


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    # Nothing from another origin: only keywords, never a host or a scheme.
    for sources in directives.values():
        for source in sources:
            assert source.startswith("'") and source.endswith("'"), source


def test_every_public_response_carries_the_security_headers(client, guide):
    for path in public_paths(guide):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert "Referrer-Policy" in response, path


def test_referrer_policy_keeps_paths_on_the_site(client, guide):
    assert client.get("/en/")["Referrer-Policy"] == "same-origin"
    # What a reader checks is never sent to a site they go on to.
    assert client.get("/en/check/?number=10086")["Referrer-Policy"] == "no-referrer"


def test_error_pages_carry_the_policy_too(client, db):
    response = client.get("/en/guides/no-such-guide/")
    assert response.status_code == 404
    assert_strict_policy(response)


def test_public_pages_need_nothing_the_policy_blocks(client, guide):
    for path in public_paths(guide):
        response = client.get(path)
        if response["Content-Type"].startswith("text/html"):
            assert active_content(response.content.decode()) == [], path


def test_hsts_over_https_in_production(client, db):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == (
        f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains; preload"
    )
    assert settings.SECURE_HSTS_SECONDS >= 31536000


def test_plain_http_is_redirected_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"


def test_cookies_are_secure_and_http_only_in_production(client, editor):
    response = client.get(reverse("admin:login"))
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "correct horse battery"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert settings.LANGUAGE_COOKIE_SECURE and settings.LANGUAGE_COOKIE_HTTPONLY


def test_security_txt_follows_rfc_9116(client, db):
    response = client.get("/.well-known/security.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(
        line.split(": ", 1) for line in response.content.decode().splitlines() if line.strip()
    )
    assert fields["Contact"] == "mailto:security@example.org"
    assert fields["Preferred-Languages"] == "zh-Hans, en"
    assert fields["Canonical"] == "https://testserver/.well-known/security.txt"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Expires"])
    expires = datetime.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    now = datetime.datetime.now(datetime.UTC)
    assert now < expires < now + datetime.timedelta(days=365)


def test_security_txt_contacts_come_from_settings(client, db, settings):
    settings.SECURITY_CONTACTS = ["mailto:psirt@topup.example", "https://topup.example/report"]
    lines = client.get("/.well-known/security.txt").content.decode().splitlines()
    assert "Contact: mailto:psirt@topup.example" in lines
    assert "Contact: https://topup.example/report" in lines


ADMIN_PAGES = [
    ("admin:index", None),
    ("admin:guides_guide_changelist", None),
    ("admin:guides_guide_add", None),
    ("admin:guides_guide_change", "guide"),
    ("admin:guides_operator_change", "operator"),
    ("admin:guides_safetynote_add", None),
    ("admin:guides_region_add", None),
    ("admin:guides_channel_add", None),
    ("admin:guides_officialcontact_add", None),
    ("admin:guides_feedback_changelist", None),
    ("admin:password_change", None),
]


@pytest.mark.parametrize(("name", "argument"), ADMIN_PAGES)
def test_admin_works_under_the_policy(editor_client, guide, name, argument):
    """The admin and its tabbed translation fields use only scripts and styles of our own."""
    args = {"guide": [guide.pk], "operator": [guide.operator.pk], None: []}[argument]
    response = editor_client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert_strict_policy(response)
    html = response.content.decode()
    # Scripts and stylesheets only from this site's own paths, nothing inline.
    assert active_content(html, allow_own_scripts=True) == []


def test_tabbed_admin_scripts_are_all_served_from_the_site(editor_client, guide):
    html = editor_client.get(reverse("admin:guides_guide_change", args=[guide.pk])).content
    html = html.decode()
    for script in ["jquery-ui.min.js", "tabbed_translation_fields.js", "jquery.init.js"]:
        assert script in html
    static = editor_client.get(f"{settings.STATIC_URL}vendor/jquery-ui/jquery-ui.min.js")
    assert static.status_code == 200


def test_admin_login_page_works_under_the_policy(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert active_content(response.content.decode(), allow_own_scripts=True) == []


def test_csrf_failure_page_needs_nothing_the_policy_blocks(db):
    """Django's own CSRF page styles itself inline; ours uses the site's stylesheet."""
    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "a", "password": "b"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Form not accepted" in html
    assert active_content(html) == []
