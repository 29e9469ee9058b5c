"""Two app servers, one PostgreSQL database and one Redis: an edit on one shows on the other.

Runs only against PostgreSQL and Redis (the second CI pass), where it is meaningful. Each server
is a real gunicorn process with production settings; the editor signs in to the first server's
admin over HTTP and unpublishes a guide, and the second server stops serving it at once, although
it had the page in the shared cache. The second server's first answer is a hit (`X-Cache`): the
page the first server rendered, read from Redis.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection

from guides.models import Guide

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not settings.REDIS_URL,
        reason="needs PostgreSQL and Redis shared by the servers",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("data_migration_rows"),
]

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn process on a free port, and a tiny browser that keeps its cookies."""

    def __init__(self, database_url, static_root):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.cookies = {}
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": settings.REDIS_URL,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "multi-server-test-secret-key-not-for-production",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(static_root),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": "",
        }
        if not (static_root / "staticfiles.json").exists():
            # Production settings serve hashed file names from collectstatic's manifest.
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.request("/healthz")
                return
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def request(self, path, data=None):
        """GET, or POST `data`, as a browser behind an HTTPS proxy would.

        Returns the status, the body and the headers.
        """
        headers = {
            # Production settings expect HTTPS from the proxy, with secure cookies.
            "X-Forwarded-Proto": "https",
            # One site name for both servers, as behind one proxy: a page's cache key is its
            # absolute address, which would otherwise differ by each server's port.
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Origin": "https://127.0.0.1",
            "Referer": f"https://127.0.0.1{path}",
        }
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return response.status, response.read().decode(), response.headers

    def csrf_token(self, path):
        _, html, _ = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def servers(tmp_path):
    name = connection.settings_dict["NAME"]
    url = settings.DATABASES["default"]
    database_url = (
        f"postgres://{url['USER']}:{url['PASSWORD']}@{url['HOST']}:{url['PORT'] or 5432}/{name}"
    )
    first, second = Server(database_url, tmp_path), Server(database_url, tmp_path)
    yield first, second
    first.stop()
    second.stop()


def test_an_edit_on_one_server_is_served_by_the_other(servers, make_guide, django_user_model):
    first, second = servers
    guide = make_guide(slug="shared-guide", title_en="Shared guide")
    # The servers run production settings, whose password hashers the fast test hasher is not.
    password = PBKDF2PasswordHasher().encode("multi-server-pass", "multiserversalt")
    editor = django_user_model.objects.create(username="multi", password=password, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    page = f"/en/guides/{guide.slug}/"

    status, html, headers = first.request(page)
    assert (status, headers["X-Cache"]) == (200, "miss")
    # The second server has never rendered the page: only the shared cache can answer a hit.
    status, html, headers = second.request(page)
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert "Shared guide" in html

    admin = f"/{settings.ADMIN_PATH}"
    token = first.csrf_token(f"{admin}login/")
    status, _, _ = first.request(
        f"{admin}login/",
        {"csrfmiddlewaretoken": token, "username": "multi", "password": "multi-server-pass"},
    )
    assert status == 302
    token = first.csrf_token(f"{admin}guides/guide/")
    status, _, _ = first.request(
        f"{admin}guides/guide/",
        {"csrfmiddlewaretoken": token, "action": "unpublish", "_selected_action": [guide.pk]},
    )
    assert status == 302
    assert Guide.objects.get(pk=guide.pk).status == Guide.Status.DRAFT

    status, _, headers = second.request(page)
    assert status == 404
    assert "X-Cache" not in headers
