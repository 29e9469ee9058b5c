"""The editors' login: throttled against password guessing, at a path set in the settings."""

import datetime
import importlib

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import site_config.urls

PASSWORD = "correct horse battery"


@pytest.fixture
def login_url():
    return reverse("admin:login")


def attempt(client, login_url, password, username="editor", address="203.0.113.7", language="en"):
    return client.post(
        login_url,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def fail_until_locked(client, login_url, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, login_url, "wrong", **kwargs).status_code == 200
    return attempt(client, login_url, "wrong", **kwargs)


def test_correct_password_signs_in(client, editor, login_url):
    assert attempt(client, login_url, PASSWORD).status_code == 302


def test_repeated_failures_lock_the_login_with_a_clear_message(client, editor, login_url):
    response = fail_until_locked(client, login_url)

    assert response.status_code == 429
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "too many failed sign-in attempts" in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"paused for {minutes} minutes" in html
    # The page confirms nothing about the account that was tried.
    assert "editor" not in html.replace("editors", "").replace("admin-editorial.css", "")


def test_a_locked_out_client_cannot_sign_in_even_with_the_right_password(client, editor, login_url):
    fail_until_locked(client, login_url)
    response = attempt(client, login_url, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guessing_from_many_addresses_locks_the_account(client, editor, login_url):
    """A botnet spreading its guesses still locks the account it is guessing."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, login_url, "wrong", address=f"198.51.100.{number}")
    assert response.status_code == 429
    assert attempt(client, login_url, PASSWORD, address="192.0.2.1").status_code == 429


def test_guessing_many_accounts_from_one_address_locks_the_client(
    client, editor, login_url, django_user_model
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, login_url, "wrong", username=f"user{number}")
    assert response.status_code == 429
    # Other readers and editors elsewhere are not affected.
    assert attempt(client, login_url, PASSWORD, address="192.0.2.1").status_code == 302


def test_lockout_lifts_after_the_cool_off_time(client, editor, login_url):
    fail_until_locked(client, login_url)
    later = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)
    assert attempt(client, login_url, PASSWORD).status_code == 302


def test_lockout_page_follows_the_browser_language(client, editor, login_url):
    response = fail_until_locked(client, login_url, language="zh-hans")
    assert response.status_code == 429
    assert '<html lang="zh-hans"' in response.content.decode()


def test_lockout_page_carries_the_content_security_policy(client, editor, login_url):
    response = fail_until_locked(client, login_url)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.fixture
def reload_urls():
    """Rebuild the URL configuration from the settings in force, and again afterwards."""

    def reload():
        importlib.reload(site_config.urls)
        clear_url_caches()

    yield reload
    reload()


def test_admin_path_is_a_setting(client, editor, reload_urls):
    with override_settings(ADMIN_PATH="editors-a7f3/"):
        reload_urls()
        assert reverse("admin:login") == "/editors-a7f3/login/"
        assert client.get("/editors-a7f3/login/").status_code == 200
        assert client.get("/admin/login/").status_code == 404
        # A hidden admin path stays hidden: robots.txt is public (the admin says noindex itself).
        assert "editors-a7f3" not in client.get("/robots.txt").content.decode()
        client.force_login(editor)
        assert client.get("/editors-a7f3/guides/guide/").status_code == 200
