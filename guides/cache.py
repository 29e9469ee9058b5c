"""Whole-page caching of the public pages, invalidated by a content version.

The cache holds a *content version*, a counter that any content change bumps (see
`signals.py`). Every cached page is stored with the version it was rendered at, and is served
only while that is still the current version: after a change, the next request on any app
server misses and renders afresh. With Redis shared by all servers, a change is visible
everywhere at once, without waiting out a timeout. A hit costs one round trip: the version and
the page are fetched together.

Two rules keep this safe:
- A cached page may vary only by its URL, which already carries the language (`/en/…`), never by
  anything user-specific. The public pages use no session, user or CSRF token; a response that
  sets a cookie or says `Vary: Cookie` is not stored.
- Only GET/HEAD requests that end in a plain 200 are stored. The pages are the same for
  everyone, signed-in editors included, so the request's user is never looked at (looking would
  touch the session and make the response vary by cookie).
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_response_headers
from django.utils.translation import get_language

CONTENT_VERSION_KEY = "content-version"
# Values kept by `cached_for_content` carry the content version, so this only bounds how long an
# entry nobody asks for lingers.
CONTENT_CACHE_SECONDS = 3600
logger = logging.getLogger(__name__)


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


def cached_for_content(name, load):
    """What `load()` returns, shared by every app server until the content next changes.

    For reads that many pages share and only a content change can alter: the guide list's filter
    options and tally of guides, the safety notes for a channel and operator, an operator's
    contacts. Like a page, the value is stored with the content version it was read at and
    fetched together with the current version, in one round trip; a stale value is read afresh.
    Without the cache, `load()` simply runs every time.
    """
    key = f"content:{name}"
    try:
        found = cache.get_many([CONTENT_VERSION_KEY, key])
        # Taken before loading: a change during the load leaves the stored value stale.
        version = found.get(CONTENT_VERSION_KEY) or content_version()
    except Exception:  # noqa: BLE001 - any cache client error: read from the database
        return load()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = load()
    try:
        cache.set(key, (version, value), CONTENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - the value is right, it just is not shared
        logger.warning("Cache unavailable; %s not stored", key)
    return value


def bump_content_version():
    """Make every cached page stale at once, on every app server.

    If the cache cannot be reached, pages it still holds may be served for up to
    PAGE_CACHE_SECONDS after it comes back; that is logged as an error.
    """
    try:
        try:
            cache.incr(CONTENT_VERSION_KEY)
        except ValueError:
            cache.add(CONTENT_VERSION_KEY, start_version(), timeout=None)
    except Exception:  # noqa: BLE001 - a content save must not fail because of the cache
        logger.exception("Could not invalidate the page cache")


def page_key(request):
    # The absolute URL: robots.txt, the sitemap and the feed name the host and scheme.
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{get_language()}:{url}"


def is_cacheable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def finish(response):
    """Browsers and proxies may keep a copy but must ask again (a cheap 304 thanks to the ETag
    that ConditionalGetMiddleware adds), so a published change reaches them at once."""
    patch_response_headers(response, cache_timeout=0)
    patch_cache_control(response, public=True, must_revalidate=True)
    return response


def cached_response(request):
    """The stored page for this request if it is still current, or None (also when the cache
    cannot be reached)."""
    key = page_key(request)
    try:
        found = cache.get_many([CONTENT_VERSION_KEY, key])
    except Exception:  # noqa: BLE001 - any cache client error: serve the page uncached
        logger.warning("Page cache unavailable; serving %s uncached", request.path)
        return None
    stored = found.get(key)
    if stored is None or stored[0] != found.get(CONTENT_VERSION_KEY):
        return None
    _version, content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response["X-Cache"] = "hit"
    return finish(response)


class CachedPageMiddleware:
    """Answers with a cached public page before the rest of the middleware stack runs.

    Placed after the security, CSP, locale and conditional-GET middleware, so a hit still gets
    their headers (and a 304 when the browser has it), but skips sessions, authentication, URL
    resolution and the view. Pages are stored by `cache_public_page` on the views that may be
    cached; a URL that is never stored simply misses.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = (f"/{settings.ADMIN_PATH}", settings.STATIC_URL)

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith(self.skip_prefixes):
            response = cached_response(request)
            if response is not None:
                # XFrameOptionsMiddleware, further in, does not run for a hit.
                response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
                return response
            request.page_cache_missed = True
        return self.get_response(request)


def cache_public_page(view):
    """Store what `view` renders in the shared page cache, and serve it from there next time."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not getattr(request, "page_cache_missed", False):
            hit = cached_response(request)
            if hit is not None:
                return hit
        try:
            # Taken before rendering: a change during the render leaves this page stale.
            version = content_version()
        except Exception:  # noqa: BLE001 - any cache client error: serve the page uncached
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if not is_cacheable(response):
            return response
        try:
            cache.set(
                page_key(request),
                (version, response.content, response["Content-Type"]),
                settings.PAGE_CACHE_SECONDS,
            )
        except Exception:  # noqa: BLE001 - the page is fine, it just is not stored
            logger.warning("Page cache unavailable; %s not stored", request.path)
            return response
        response["X-Cache"] = "miss"
        return finish(response)

    return cached_view
