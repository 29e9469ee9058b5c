"""Source checks against a real HTTP server on this machine: a page that works, one gone (404),
one moved to another site (301), one renamed on the same site, one too slow to answer, and the
hostile ones (redirects to this machine in disguise, answers that trickle or never end).

No test reaches outside the machine: the `network` fixture resolves the names a test gives, lets
a simulated public address stand for a local server, and refuses and records any other
connection off this machine."""

import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from guides.editorial.admin_site import needs_attention
from guides.editorial.fetch import Target
from guides.editorial.source_checks import check_url
from guides.models import Guide, PaymentProviderContact, SourceCheck
from guides.values import contacts
from tests.admin_forms import ADMIN, change_url

TIMEOUT = 0.5
# A public address for a simulated site (example.com's); no test ever connects to it.
PUBLIC_ADDRESS = "93.184.215.14"


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
        elif self.path == "/away-too-far":
            self.answer(301, Location="https://elsewhere.example/" + "a" * 500)
        elif self.path.startswith("/redirect?"):
            self.answer(302, Location=parse_qs(urlsplit(self.path).query)["to"][0])
        elif self.path == "/slow":
            time.sleep(TIMEOUT * 3)
            self.answer(200)
        elif self.path == "/trickle":
            self.trickle()
        elif self.path == "/endless-headers":
            self.endless_headers()
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

    def trickle(self):
        """A byte every few hundredths of a second, each well within the socket timeout, for
        three times the timeout; then a complete answer."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            stop = time.monotonic() + TIMEOUT * 3
            while time.monotonic() < stop:
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.02)
            self.wfile.write(b"\r\nContent-Length: 2\r\n\r\nok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up, as it should

    def endless_headers(self):
        """Megabytes of headers, each line within http.client's own limit, then 200."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(90):
                self.wfile.write(f"X-Filler-{number}: {'z' * 60_000}\r\n".encode())
            self.wfile.write(b"Content-Length: 2\r\n\r\nok")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class Network:
    """The outside world as the checker sees it, simulated on this machine."""

    def __init__(self, real_getaddrinfo, real_create_connection):
        self.real_getaddrinfo = real_getaddrinfo
        self.real_create_connection = real_create_connection
        self.answers = {}  # name -> the addresses each lookup answers, in turn (the last repeats)
        self.stand_ins = {}  # simulated public address -> the local address that answers for it
        self.lookups = []
        self.refused = []

    def resolve(self, name, *answers):
        self.answers[name] = list(answers)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self.real_getaddrinfo(host, port, *args, **kwargs)
        self.lookups.append(host)
        answers = self.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port or 0))
            for a in addresses
        ]

    def create_connection(self, address, *args, **kwargs):
        host, port = address[:2]
        for *_kind, (resolved, _port) in self.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            if resolved in self.stand_ins:
                return self.real_create_connection(
                    (self.stand_ins[resolved], port), *args, **kwargs
                )
            if ipaddress.ip_address(resolved).is_loopback:
                return self.real_create_connection((resolved, port), *args, **kwargs)
            self.refused.append((resolved, port))
        raise ConnectionRefusedError(f"tests do not leave this machine: {host}")


@pytest.fixture(autouse=True)
def _local_sources_allowed(settings):
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = True


@pytest.fixture(autouse=True)
def network(monkeypatch):
    network = Network(socket.getaddrinfo, socket.create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", network.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", network.create_connection)
    return network


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


def redirect_to(base, location):
    return f"{base}/redirect?{urlencode({'to': location})}"


@pytest.mark.parametrize(
    "host",
    ["%31%32%37.0.0.1", "2130706433", "0x7f.1", "017700000001", "0177.0.0.1", "[::ffff:127.0.0.1]"],
)
def test_this_machine_in_any_spelling_is_not_requested(sources_server, settings, host):
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = False
    port = sources_server.server_address[1]
    outcome = check_url(f"http://{host}:{port}/ok", timeout=TIMEOUT)
    assert outcome.result == SourceCheck.Result.BROKEN
    assert outcome.detail.startswith("not checked")
    assert sources_server.user_agents == []


@pytest.mark.parametrize(
    "location",
    [
        "http://%31%32%37.0.0.1:{port}/ok",
        "http://0x7f.1:{port}/ok",
        "http://2130706433:{port}/ok",
        "javascript:alert(1)",
    ],
)
def test_a_redirect_is_followed_only_to_an_address_the_admin_would_accept(sources_server, location):
    base = sources_server.base()
    location = location.format(port=sources_server.server_address[1])
    outcome = check_url(redirect_to(base, location), timeout=TIMEOUT)
    assert outcome.result == SourceCheck.Result.BROKEN
    assert outcome.detail == "redirect to a non-web link"
    assert outcome.moved_to == ""
    assert len(sources_server.user_agents) == 1, "the redirect was not followed"


def test_a_redirect_to_an_address_too_long_to_record_is_not_followed(sources_server):
    outcome = check_url(f"{sources_server.base()}/away-too-far", timeout=TIMEOUT)
    assert (outcome.result, outcome.status_code) == (SourceCheck.Result.BROKEN, 301)
    assert (outcome.detail, outcome.moved_to) == ("redirect to a non-web link", "")


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.1.",
        "%31%32%37.0.0.1",
        "2130706433",
        "0x7f.1",
        "017700000001",
        "0177.0.0.1",
        "[::ffff:127.0.0.1]",
    ],
)
def test_every_spelling_of_an_ip_address_is_read_as_that_address(host):
    assert contacts.normalise_host(host) == "127.0.0.1"
    assert contacts.registrable_domain(contacts.normalise_host(host)) == "127.0.0.1"


def test_names_are_not_taken_for_ip_addresses():
    for name in ["globe.com.ph", "dead.beef", "0x7f.example", "10086.cn"]:
        assert contacts.ip_literal(name) is None
        assert contacts.normalise_host(name) == name


def test_ip_addresses_are_each_their_own_site(sources_server, network):
    def site_of(url):
        return Target.of(url).site

    assert site_of("http://127.0.0.1/") != site_of("http://10.0.0.1/")
    assert site_of("http://203.0.113.1/") != site_of("http://198.51.100.1/")
    assert site_of("http://[::ffff:127.0.0.1]:8000/") == site_of("http://127.0.0.1/")
    assert site_of("http://[2001:db8::1]/") != site_of("http://[2001:db8::2]/")
    assert site_of("https://new.globe.com.ph/") == site_of("http://www.globe.com.ph/")
    outcome = check_url(redirect_to(sources_server.base(), "http://10.0.0.1/admin"))
    assert (outcome.result, outcome.detail) == (SourceCheck.Result.MOVED, "moved to 10.0.0.1")
    assert network.refused == [], "another address is another site: not requested"


@pytest.fixture
def public_site(sources_server, network, settings):
    """The local server standing in for `www.public.example`, a site on a public address,
    with private addresses refused as in production."""
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = False
    network.resolve("www.public.example", [PUBLIC_ADDRESS])
    network.stand_ins[PUBLIC_ADDRESS] = "127.0.0.1"
    return f"http://www.public.example:{sources_server.server_address[1]}"


def test_a_public_site_is_checked_through_the_address_it_resolves_to(public_site, network):
    outcome = check_url(f"{public_site}/ok", timeout=TIMEOUT)
    assert (outcome.result, outcome.status_code) == (SourceCheck.Result.OK, 200)
    assert network.lookups == ["www.public.example"], "looked up once"


def test_a_same_site_redirect_to_a_private_address_is_not_followed(
    public_site, network, sources_server
):
    network.resolve("intranet.public.example", ["127.0.0.1"])
    port = sources_server.server_address[1]
    location = f"http://intranet.public.example:{port}/ok"
    outcome = check_url(redirect_to(public_site, location), timeout=TIMEOUT)
    assert (outcome.result, outcome.detail) == ("broken", "not checked: a private address")
    assert len(sources_server.user_agents) == 1, "only the public page was requested"


def test_a_name_that_resolves_to_a_private_address_the_second_time_is_not_requested(
    sources_server, network, settings
):
    """DNS rebinding: a public address for the check, this machine for the request."""
    settings.SOURCE_CHECK_PRIVATE_ADDRESSES = False
    network.resolve("rebind.example", [PUBLIC_ADDRESS], ["127.0.0.1"])
    port = sources_server.server_address[1]
    outcome = check_url(f"http://rebind.example:{port}/ok", timeout=TIMEOUT)
    assert outcome.result == SourceCheck.Result.BROKEN
    assert network.refused == [(PUBLIC_ADDRESS, port)], "connected to the address it checked"
    assert sources_server.user_agents == []


def test_an_answer_that_trickles_in_is_given_up_at_the_deadline(sources_server):
    outcome = check_url(f"{sources_server.base()}/trickle", timeout=TIMEOUT)
    assert (outcome.result, outcome.detail) == (SourceCheck.Result.BROKEN, "timed out")


def test_an_answer_with_endless_headers_is_not_read_to_the_end(sources_server):
    outcome = check_url(f"{sources_server.base()}/endless-headers", timeout=TIMEOUT * 4)
    assert (outcome.result, outcome.detail) == (SourceCheck.Result.BROKEN, "answer too large")


def test_the_command_gives_up_on_a_trickling_source_at_the_deadline(sources_server, make_guide):
    guide = make_guide(source_url=f"{sources_server.base()}/trickle")
    out = StringIO()
    call_command("check_sources", timeout=TIMEOUT, stdout=out)
    assert "1 source(s) checked, 1 broken or moved." in out.getvalue()
    assert SourceCheck.objects.for_item(guide).detail == "timed out"
