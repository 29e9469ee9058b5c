"""A Redis that stops or hangs: feedback says "try again later", pages answer in milliseconds.

Each test runs its own redis-server on a free port, in a temporary folder, and stops it at the
end (the machine's own Redis is never touched). Pausing uses SIGSTOP, as a Redis stuck on a slow
disk or a full network buffer would behave: connections open, no answers.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from guides.models import Feedback

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server")

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
# Generous for a loaded machine; without socket timeouts, a paused Redis holds a request forever.
SLOW = 3.0


def one_short_wait():
    """What a request may spend on a paused Redis: one read that waits out SOCKET_TIMEOUT."""
    return [settings.REDIS_OPTIONS["SOCKET_TIMEOUT"]]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory, *options):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(directory), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)

    def fill(self):
        """Fill the memory Redis may use (--maxmemory) with keys of no importance."""
        for number in range(10_000):
            try:
                self.client.set(f"filler:{number}", b"x" * 64 * 1024)
            except redis.ResponseError:  # OOM: full, and refusing writes (noeviction)
                return


@pytest.fixture
def redis_server(request, tmp_path):
    """A redis-server of this test's own; `@pytest.mark.redis_options(...)` adds options."""
    marker = request.node.get_closest_marker("redis_options")
    server = RedisServer(tmp_path, *(marker.args if marker else ()))
    yield server
    server.stop()


@pytest.fixture
def on_redis(redis_server):
    """The site's own Redis settings (settings.REDIS_OPTIONS), pointed at this test's server."""
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_server.url,
        "KEY_PREFIX": "topup",
        "OPTIONS": settings.REDIS_OPTIONS,
    }
    with override_settings(
        CACHES={**settings.CACHES, "default": redis_cache}, RATELIMIT_USE_CACHE="default"
    ):
        yield redis_server


@pytest.fixture
def guide(make_guide):
    return make_guide(slug="outage", title_en="Outage guide")


@pytest.fixture
def waits(monkeypatch):
    """Each read from Redis that waited out its socket timeout (SOCKET_TIMEOUT), as it happens:
    how long a request spent on a paused Redis, counted rather than timed."""
    waited = []
    read = redis.connection.AbstractConnection.read_response

    def read_or_count_the_wait(connection, *args, **kwargs):
        try:
            return read(connection, *args, **kwargs)
        except redis.TimeoutError:
            waited.append(connection.socket_timeout)
            raise

    monkeypatch.setattr(
        redis.connection.AbstractConnection, "read_response", read_or_count_the_wait
    )
    return waited


class StillWaiting(Exception):
    pass


def answered(request, *args, **kwargs):
    """The response, or fails if the request is still waiting after SLOW seconds.

    The alarm interrupts a blocking socket read, which is what a request without a socket
    timeout would be stuck in.
    """

    def give_up(signum, frame):
        raise StillWaiting(f"still waiting after {SLOW} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, SLOW)
    try:
        return request(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def report(client, guide, language="en"):
    return client.post(
        f"/{language}/guides/{guide.slug}/feedback/",
        {"kind": "scam_seen", "message": "有人在微信上卖慢充 / a reseller on WeChat"},
        **ORIGIN,
    )


def test_redis_client_uses_short_socket_timeouts():
    assert settings.REDIS_OPTIONS["SOCKET_CONNECT_TIMEOUT"] <= 0.5
    assert settings.REDIS_OPTIONS["SOCKET_TIMEOUT"] <= 0.5


@pytest.mark.parametrize(
    ("language", "text"), [("en", "try again in a few minutes"), ("zh-hans", "几分钟后再")]
)
def test_feedback_with_redis_stopped_asks_to_try_again_keeping_the_text(
    client, guide, on_redis, language, text
):
    client.raise_request_exception = False
    on_redis.stop()
    response = answered(report, client, guide, language)
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert text in html
    assert "有人在微信上卖慢充 / a reseller on WeChat" in html
    assert 'value="scam_seen" required checked' in html
    assert not Feedback.objects.exists()


def test_feedback_with_redis_paused_answers_quickly(client, guide, on_redis, waits):
    client.raise_request_exception = False
    on_redis.pause()
    response = answered(report, client, guide)
    assert response.status_code == 503
    assert "a reseller on WeChat" in response.content.decode()
    assert waits == one_short_wait()


def test_pages_with_redis_paused_are_served_uncached_in_moments(client, guide, on_redis, waits):
    path = f"/en/guides/{guide.slug}/"
    assert client.get(path)["X-Cache"] == "miss"
    on_redis.pause()
    response = answered(client.get, path)
    assert response.status_code == 200
    assert "Outage guide" in response.content.decode()
    # One cache round trip timed out (SOCKET_TIMEOUT), then the page came from the database.
    assert waits == one_short_wait()
    on_redis.resume()
    assert client.get(path)["X-Cache"] == "hit"


def test_healthz_with_redis_paused_says_so_in_moments(client, db, on_redis, waits):
    on_redis.pause()
    response = answered(client.get, "/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert waits == one_short_wait()


# A full Redis. With `noeviction` (Redis's default) it refuses every write; with an LRU policy,
# as the README asks for production, it makes room by dropping the least recently used keys.


@pytest.mark.redis_options("--maxmemory", "4mb", "--maxmemory-policy", "noeviction")
def test_a_full_redis_that_refuses_writes_costs_no_500(client, guide, on_redis):
    client.raise_request_exception = False
    on_redis.fill()
    page = client.get(f"/en/guides/{guide.slug}/")
    assert page.status_code == 200
    assert "Outage guide" in page.content.decode()
    feedback = report(client, guide)
    assert feedback.status_code == 503
    assert "a reseller on WeChat" in feedback.content.decode()


@pytest.mark.redis_options("--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru")
def test_a_full_redis_with_an_lru_policy_keeps_caching(client, guide, on_redis):
    on_redis.fill()
    path = f"/en/guides/{guide.slug}/"
    assert client.get(path)["X-Cache"] == "miss"
    assert client.get(path)["X-Cache"] == "hit"
    assert report(client, guide).status_code == 302
