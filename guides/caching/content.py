"""The content version: a counter that any content change bumps (`guides.caching.signals`),
shared by every app server through the cache, and the values kept for one version.

Reads that many pages share are kept per content version (`cached_for_content`): in the shared
cache, and as a copy in each process (`LocalValues`), checked against the version the request is
rendered at (`rendering_at`), so a copy this process holds at that version needs no round trip.
Values too large for the shared cache are kept only in each process (`kept_in_process`).
"""

import logging
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

CONTENT_VERSION_KEY = "content-version"
# Values kept by `cached_for_content` carry the content version, so this only bounds how long an
# entry nobody asks for lingers.
CONTENT_CACHE_SECONDS = 3600
# How many shared reads each process keeps in memory (the least recently used go first), and for
# how long at most: should a content change ever fail to bump the version (the cache was down
# during the save), a process still reads the shared copy again within this time.
LOCAL_ENTRIES = 1024
LOCAL_SECONDS = 60
# Part of the key of every stored page and shared read: a release that changes the shape of what
# it stores moves this on, so it never reads an entry in an earlier release's shape (the two live
# side by side, at the same content version, during a rolling deploy).
CACHE_FORMAT = 6
logger = logging.getLogger(__name__)

# The content version the current request is rendered at, as CachedPageMiddleware read it, or
# CACHE_DOWN when it could not reach the cache (so nothing else in the request tries again).
CACHE_DOWN = object()
_request_version = ContextVar("content_version", default=None)


def start_version():
    """A new series starts from the clock, so it never repeats a version an old page carries
    (should the counter ever be evicted while pages stay)."""
    return time.time_ns() // 1000


def content_version():
    """The current content version, shared by every app server through the cache."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, start_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


class LocalValues:
    """This process's copies of shared reads, each with the content version it was read at.

    A copy is used only while the request's version is the one it was read at, so a change
    saved on any server retires it on the next request here; and for `seconds` at most.
    Bounded, least recently used out. The same objects serve every request (and thread) of the
    process, so what `cached_for_content` loads must be treated as read-only.
    """

    def __init__(self, size, seconds, clock=time.monotonic):
        self.size = size
        self.seconds = seconds
        self.clock = clock
        self.values = OrderedDict()
        self.lock = threading.Lock()

    def get(self, name, version):
        with self.lock:
            found = self.values.get(name)
            if found is None or found[0] != version or found[1] < self.clock():
                return None
            self.values.move_to_end(name)
            return found[2]

    def clear(self):
        with self.lock:
            self.values.clear()

    def put(self, name, version, value):
        with self.lock:
            self.values[name] = (version, self.clock() + self.seconds, value)
            self.values.move_to_end(name)
            while len(self.values) > self.size:
                self.values.popitem(last=False)


local_values = LocalValues(LOCAL_ENTRIES, LOCAL_SECONDS)


def shared_key(name):
    return f"content:{CACHE_FORMAT}:{name}"


def cached_for_content(name, load):
    """What `load()` returns, shared by every app server until the content next changes.

    For reads that many pages share and only a content change can alter: the guide list's filter
    options and tally of guides, the safety notes for a channel and operator, an operator's
    contacts, the operators and channels guides name. The value is stored with the content
    version it was read at. Within a request whose version CachedPageMiddleware has read, a copy
    this process already holds at that version costs nothing; otherwise the shared copy is
    fetched, and a stale one read afresh. Without the cache, `load()` simply runs every time.
    What `load()` returns is shared by every request of the process: treat it as read-only.
    """
    key = shared_key(name)
    version = _request_version.get()
    if version is CACHE_DOWN:
        return load()
    if version is not None:
        local = local_values.get(name, version)
        if local is not None:
            return local
    try:
        if version is None:
            found = cache.get_many([CONTENT_VERSION_KEY, key])
            # Taken before loading: a change during the load leaves the stored value stale.
            version = found.get(CONTENT_VERSION_KEY) or content_version()
            stored = found.get(key)
        else:
            stored = cache.get(key)
    except Exception:  # noqa: BLE001 - any cache client error: read from the database
        return load()
    if stored is not None and stored[0] == version:
        local_values.put(name, version, stored[1])
        return stored[1]
    value = load()
    local_values.put(name, version, value)
    try:
        cache.set(key, (version, value), CONTENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - the value is right, it just is not shared
        logger.warning("Cache unavailable; %s not stored", key)
    return value


def kept_in_process(name, load, values):
    """What `load()` returns, kept in `values` (a `LocalValues`) until the content next changes.

    For reads too large to send through the shared cache (the search snapshot): each process
    loads its own copy, once per content version. Without the cache, `load()` runs every time.
    """
    version = _request_version.get()
    if version is None:
        try:
            version = content_version()
        except Exception:  # noqa: BLE001 - any cache client error: read from the database
            version = CACHE_DOWN
    if version is CACHE_DOWN:
        return load()
    value = values.get(name, version)
    if value is None:
        value = load()
        values.put(name, version, value)
    return value


def bump_content_version():
    """Make every cached page stale at once, on every app server.

    If the cache cannot be reached, pages it still holds may be served for up to
    PAGE_CACHE_SECONDS after it comes back, and shared reads for up to CONTENT_CACHE_SECONDS;
    that is logged as an error.
    """
    try:
        try:
            cache.incr(CONTENT_VERSION_KEY)
        except ValueError:
            cache.add(CONTENT_VERSION_KEY, start_version(), timeout=None)
    except Exception:  # noqa: BLE001 - a content save must not fail because of the cache
        logger.exception("Could not invalidate the page cache")


@contextmanager
def rendering_at(version):
    """Within it, the request's shared reads use `version`, the one its page is rendered at (or
    CACHE_DOWN, so that nothing in the request tries the cache again)."""
    token = _request_version.set(version)
    try:
        yield
    finally:
        _request_version.reset(token)
