"""Source checks against a real HTTP server on this machine: a page that works, one gone (404),
one moved to another site (301), one renamed on the same site, and one too slow to answer."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from guides.admin_site import needs_attention
from guides.models import Guide, PaymentProviderContact, SourceCheck
from guides.source_checks import check_url
from tests.admin_forms import ADMIN, change_url

TIMEOUT = 0.5


class SourcesServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SourcesHandler)
        self.user_agents = []
        self.paths = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class SourcesHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        server = self.server
        # The slow page is left out of the count: its handler sleeps on after the checker has
        # stopped waiting and moved on to the next source.
        counted = self.path != "/slow"
        with server.lock:
            server.user_agents.append(self.headers.get("User-Agent", ""))
            server.paths.append(self.path)
            server.in_flight += counted
            server.most_in_flight = max(server.most_in_flight, server.in_flight)
        time.sleep(0.05)  # long enough for requests at once to overlap
        # Out of the count before the answer leaves: once the checker has it, it may start its
        # next request before this thread runs again.
        with server.lock:
            server.in_flight -= counted
        if self.path.startswith("/ok"):
            self.answer(200)
        elif self.path == "/renamed":
            self.answer(301, Location="/ok/new-name")
        elif self.path == "/away":
            self.answer(301, Location="https://elsewhere.example/help")
        elif self.path == "/slow":
            time.sleep(TIMEOUT * 3)
            self.answer(200)
        else:
            self.answer(404)

    def answer(self, status, **headers):
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker stopped waiting (the slow page), as it should

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _local_sources_allowed(settings):
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = True


@pytest.fixture
def sources_server():
    server = SourcesServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def attention_counts(user):
    with translation.override("en"):
        return {str(label): count for label, count, _url in needs_attention(user)}


def test_each_kind_of_answer_is_recorded_as_it_is(sources_server):
    base = sources_server.base()
    ok = check_url(f"{base}/ok", timeout=TIMEOUT)
    assert (ok.result, ok.status_code) == (SourceCheck.Result.OK, 200)
    gone = check_url(f"{base}/gone", timeout=TIMEOUT)
    assert (gone.result, gone.status_code, gone.detail) == ("broken", 404, "HTTP 404")
    away = check_url(f"{base}/away", timeout=TIMEOUT)
    assert (away.result, away.status_code) == (SourceCheck.Result.MOVED, 301)
    assert away.detail == "moved to elsewhere.example"
    assert away.moved_to == "https://elsewhere.example/help"
    renamed = check_url(f"{base}/renamed", timeout=TIMEOUT)
    assert renamed.result == SourceCheck.Result.OK, "a redirect within the site is followed"
    slow = check_url(f"{base}/slow", timeout=TIMEOUT)
    # The slow page answers 200 after three timeouts: "timed out" means the checker stopped
    # waiting at the first, and it asked once, so it waited one timeout and no more.
    assert (slow.result, slow.status_code, slow.detail) == (
        SourceCheck.Result.BROKEN,
        None,
        "timed out",
    )
    assert sources_server.paths.count("/slow") == 1


def test_a_closed_port_is_broken_not_an_error():
    outcome = check_url("http://127.0.0.1:9/", timeout=TIMEOUT)
    assert outcome.result == SourceCheck.Result.BROKEN and outcome.detail.startswith("unreachable")


@override_settings(SOURCE_CHECK_WORKERS=2)
def test_the_command_checks_every_cited_source_politely_and_a_few_at_a_time(
    sources_server, make_guide, make_contact, make_authority, make_provider, editor_client, editor
):
    base = sources_server.base()
    guide = make_guide(source_url=f"{base}/ok")
    make_guide(source_url=f"{base}/ok/2")
    make_guide(source_url=f"{base}/ok/3")
    contact = make_contact(source_url=f"{base}/gone")
    authority = make_authority(source_url=f"{base}/away")
    provider = make_provider()
    provider_contact = PaymentProviderContact.objects.create(
        provider=provider,
        kind=PaymentProviderContact.Kind.PHONE,
        value="+85212345678",
        purpose_zh_hans="客服",
        purpose_en="Help",
        source_url=f"{base}/slow",
    )
    out = StringIO()
    call_command("check_sources", timeout=TIMEOUT, stdout=out)
    assert "6 source(s) checked, 3 broken or moved." in out.getvalue()

    assert SourceCheck.objects.for_item(guide).is_ok
    with translation.override("en"):
        assert SourceCheck.objects.for_item(contact).summary() == "Broken (HTTP 404)"
    assert SourceCheck.objects.for_item(authority).detail == "moved to elsewhere.example"
    assert SourceCheck.objects.for_item(provider_contact).detail == "timed out"
    assert all(ua.startswith("TopUpGuidesSourceCheck/") for ua in sources_server.user_agents)
    assert 1 < sources_server.most_in_flight <= 2

    counts = attention_counts(editor)
    assert counts["Sources broken or moved"] == 3
    listing = editor_client.get(f"{ADMIN}guides/sourcecheck/?problems=1").content.decode()
    assert f"{base}/gone" in listing and f"{base}/ok" not in listing
    page = editor_client.get(f"{ADMIN}guides/authority/{authority.pk}/change/").content.decode()
    assert "moved to elsewhere.example" in page
    operator_page = editor_client.get(
        f"{ADMIN}guides/operator/{contact.operator_id}/change/"
    ).content.decode()
    assert "Broken (HTTP 404)" in operator_page
    assert "✓ Works" in editor_client.get(change_url(guide)).content.decode()


def test_running_again_keeps_one_result_per_source_and_forgets_replaced_addresses(
    sources_server, make_guide, editor
):
    base = sources_server.base()
    guide = make_guide(source_url=f"{base}/gone")
    call_command("check_sources", timeout=TIMEOUT, stdout=StringIO())
    call_command("check_sources", timeout=TIMEOUT, stdout=StringIO())
    assert SourceCheck.objects.count() == 1

    guide = Guide.objects.get(pk=guide.pk)
    guide.source_url = f"{base}/ok"
    guide.save()
    counts = attention_counts(editor)
    assert counts["Sources broken or moved"] == 0, "the fixed address is no longer a problem"
    call_command("check_sources", timeout=TIMEOUT, stdout=StringIO())
    assert list(SourceCheck.objects.values_list("url", "result")) == [(f"{base}/ok", "ok")]


def test_addresses_on_this_machine_or_a_private_network_are_not_requested(sources_server, settings):
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = False
    for url in [f"{sources_server.base()}/ok", "http://10.0.0.1/", "http://[::1]/"]:
        outcome = check_url(url, timeout=TIMEOUT)
        assert (outcome.result, outcome.detail) == ("broken", "not checked: a private address")
    assert sources_server.user_agents == []
