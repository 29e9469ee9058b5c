"""Whole-page caching of the public pages, invalidated by a content version.

The cache holds a *content version*, a counter that any content change bumps (see
`signals.py`). Every cached page is stored with the version it was rendered at, and is served
only while that is still the current version: after a change, the next request on any app
server misses and renders afresh. With Redis shared by all servers, a change is visible
everywhere at once, without waiting out a timeout.

`CachedPageMiddleware` fetches the current version and the page together, in one round trip.
On a hit that is the whole request. On a miss the page is rendered at that version, and reads
that many pages share (`cached_for_content`) are checked against it: a copy this process holds
at that version needs no further round trip; one it does not hold costs one read.

Two rules keep this safe:
- A cached page may vary only by its URL and language (the URL carries the language, `/en/…`),
  never by anything user-specific. The public pages use no session, user or CSRF token; a
  response that sets a cookie or says `Vary: Cookie` is not stored.
- A page is rendered and stored for its canonical address (`guides.canonical`): the host from
  the settings, only the parameters pages read, each value normalised as the view reads it, in
  a fixed order. The request is rewritten to that address before the key is made and before the
  view runs, so every spelling of a page (`?utm_source=…`, `LOCALHOST.`, `?q=SMART`,
  `?page=+1`) is served one stored page instead of storing one each.
- Only GET requests that end in a plain 200 are stored (the answer to a HEAD has no ETag). The
  pages are the same for everyone, signed-in editors included, so the request's user is never
  looked at (looking would touch the session and make the response vary by cookie).
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from . import page_tags
from .canonical import canonicalise_request
from .languages import reader_language
from .security import has_nul_character

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


def page_key(request):
    """The page's canonical address (`canonicalise_request` has rewritten the request to it) and
    language, which is what LocaleMiddleware will activate: the URL's prefix (`/en/…`), or for
    the few unprefixed pages the reader's cookie or browser."""
    language = reader_language(request, check_path=True)
    # The absolute URL: robots.txt, the sitemap and the feed name the host and scheme.
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{CACHE_FORMAT}:{language}:{url}"


def is_cacheable(response):
    return (
        getattr(response, "public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class CachedPageMiddleware:
    """Answers with a cached public page before the rest of the middleware stack runs, and
    stores the pages that views marked with `cache_public_page`.

    Placed right after SecurityMiddleware and WhiteNoise. A page is stored as the middleware
    further in left it, with their headers (CSP, language, ETag, frame options), so a hit
    replays those and skips the CSP, session, locale, common and conditional-GET middleware,
    authentication, URL resolution and the view. SecurityMiddleware, further out, adds its
    headers to hits and misses alike. A hit answers `If-None-Match` and `If-Modified-Since`
    with 304 itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = (f"/{settings.ADMIN_PATH}", settings.STATIC_URL, "/healthz")

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip_prefixes):
            return self.get_response(request)
        if has_nul_character(request):
            # Refused further in, before canonicalising would remove it (guides.security).
            return self.get_response(request)
        try:
            canonicalise_request(request)
        except DisallowedHost:
            # CommonMiddleware refuses the host further in, with the site's headers and language.
            return self.get_response(request)
        except SuspiciousOperation:
            # Too many parameters: refused further in, with the page's language.
            return self.get_response(request)
        key = page_key(request)
        try:
            found = cache.get_many([CONTENT_VERSION_KEY, key])
            version = found.get(CONTENT_VERSION_KEY) or content_version()
        except Exception:  # noqa: BLE001 - any cache client error: serve the page uncached
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self.respond(request, CACHE_DOWN)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return self.replay(request, stored)
        response = self.respond(request, version)
        if request.method == "GET" and is_cacheable(response):
            self.store(key, version, response)
        return response

    def respond(self, request, version):
        """The rest of the stack's response, rendered at `version` (read before rendering: a
        change during the render leaves this page stale, not wrongly current)."""
        token = _request_version.set(version)
        try:
            with page_tags.collecting() as tags:
                response = self.get_response(request)
        finally:
            _request_version.reset(token)
        if is_cacheable(response):
            # Browsers and proxies may keep a copy but must ask again (a cheap 304 thanks to
            # the ETag), so a published change reaches them at once.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            # What the page shows, for a cache in front to purge it by (stored with the page,
            # so a hit here carries it too); only pages stored here carry it.
            response[page_tags.HEADER] = page_tags.header_value(tags)
        return response

    def store(self, key, version, response):
        try:
            cache.set(
                key,
                (version, response.content, dict(response.headers)),
                settings.PAGE_CACHE_SECONDS,
            )
        except Exception:  # noqa: BLE001 - the page is fine, it just is not stored
            logger.warning("Page cache unavailable; %s not stored", key)
            return
        response["X-Cache"] = "miss"

    def replay(self, request, stored):
        _version, content, headers = stored
        response = HttpResponse(content, headers=headers)
        response["X-Cache"] = "hit"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )


def cache_public_page(view, query_parameters=(), tags=()):
    """Let CachedPageMiddleware store what `view` answers, and serve it from there next time.

    `query_parameters` are those the view reads (a subset of `canonical.PAGE_QUERY_PARAMETERS`):
    a request with any other (`/en/?q=…` on the home page) is answered but not stored, so that
    parameters a page ignores cannot store copies of it. `tags` name what
    every answer of the view shows, for a view that cannot name it itself (`guides.page_tags`).
    """
    reads = frozenset(query_parameters)

    @wraps(view)
    def public_view(request, *args, **kwargs):
        page_tags.tag_page(*tags)
        response = view(request, *args, **kwargs)
        # A view may have said no already, for a page not worth keeping (see GuideListView).
        response.public_page = getattr(response, "public_page", True) and reads.issuperset(
            request.GET
        )
        return response

    return public_view
