"""Purges by tag after content changes (guides/caching/purging.py), to a stand-in for Varnish on
127.0.0.1 that records what it is sent."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import translation

from guides.caching import purging
from guides.editorial.admin_site import needs_attention
from guides.models import FailedPurge
from tests.test_multi_server import free_port


class FakeVarnish(ThreadingHTTPServer):
    """Answers PURGE with `status` and keeps each request's tags."""

    def __init__(self):
        self.purges = []
        self.status = 200
        super().__init__(("127.0.0.1", 0), PurgeHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def tags(self):
        return set().union(*self.purges)


class PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purges.append(set(self.headers[purging.PURGE_HEADER].split()))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    server = FakeVarnish()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.VARNISH_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def guide(make_guide, make_contact):
    guide = make_guide(slug="purged")
    guide.contact = make_contact(operator=guide.operator)
    return guide


def test_changes_are_purged_together_once_the_transaction_commits(
    varnish, guide, django_capture_on_commit_callbacks
):
    varnish.purges.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        guide.contact.value = "10010"
        guide.contact.save()
        guide.save()
        assert varnish.purges == []
    [sent] = varnish.purges
    assert sent >= {
        f"contact-{guide.contact.pk}",
        f"operator-{guide.operator_id}",
        f"guide-{guide.pk}",
        f"channel-{guide.channel_id}",
        "guide-lists",
        "checker-records",
    }


def test_a_change_rolled_back_is_not_purged_on_its_own(
    varnish, guide, django_capture_on_commit_callbacks
):
    varnish.purges.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        guide.save()
        raise RuntimeError
    assert (callbacks, varnish.purges) == ([], [])


def test_nothing_is_sent_without_varnish_urls(guide, settings, django_capture_on_commit_callbacks):
    settings.VARNISH_URLS = []
    with django_capture_on_commit_callbacks() as callbacks:
        guide.save()
    assert purging.send_pending not in callbacks


def test_a_refused_purge_is_retried_kept_and_shown_until_one_is_taken(
    varnish, guide, editor, django_capture_on_commit_callbacks
):
    varnish.status = 503
    varnish.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        guide.save()
    assert len(varnish.purges) == purging.ATTEMPTS
    failed = FailedPurge.objects.get(url=varnish.url)
    assert f"guide-{guide.pk}" in failed.tag_set()
    assert "503" in failed.error
    with translation.override("en"):
        counts = {str(label): count for label, count, _url in needs_attention(editor)}
    assert counts["Cache purges that failed (pages there may be out of date)"] == 1

    varnish.status = 200
    varnish.purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        guide.contact.save()
    # The next purge carries what the failed one did not deliver.
    assert f"guide-{guide.pk}" in varnish.tags()
    assert f"contact-{guide.contact.pk}" in varnish.tags()
    assert not FailedPurge.objects.exists()


def test_a_cache_out_of_reach_never_fails_the_save(
    guide, settings, django_capture_on_commit_callbacks
):
    settings.VARNISH_URLS = [f"http://127.0.0.1:{free_port()}"]
    with django_capture_on_commit_callbacks(execute=True):
        guide.save()
    assert FailedPurge.objects.get().attempts == 1


def test_many_tags_are_sent_in_several_requests(db, varnish):
    tags = {f"guide-{pk}" for pk in range(2000)}
    purging.purge(tags)
    assert len(varnish.purges) > 1
    assert varnish.tags() == tags


def test_the_admin_sends_failed_purges_again(varnish, editor_client):
    FailedPurge.objects.create(url=varnish.url, tags="guide-1 guide-2", attempts=1, error="x")
    response = editor_client.post(
        "/admin/guides/failedpurge/",
        {
            "action": "send_again",
            "_selected_action": FailedPurge.objects.values_list("pk", flat=True),
        },
    )
    assert response.status_code == 302
    assert varnish.tags() == {"guide-1", "guide-2"}
    assert not FailedPurge.objects.exists()
