"""Whole-page caching of the public pages, invalidated by a content version.

Every cached page is stored under a key that includes the current *content version*, a counter
kept in the cache itself. Any content change bumps the counter (see `signals.py`), so the next
request on any app server builds its key with the new version and misses: with Redis shared by
all servers, a change is visible everywhere at once, without waiting out a timeout. Old entries
are never read again and expire on their own.

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
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_response_headers
from django.utils.translation import get_language

CONTENT_VERSION_KEY = "content-version"
logger = logging.getLogger(__name__)


def content_version():
    """The current content version, shared by every app server through the cache."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, 1, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY, 1)
    return version


def bump_content_version():
    """Make every cached page stale at once, on every app server.

    If the cache cannot be reached, pages it still holds may be served for up to
    PAGE_CACHE_SECONDS after it comes back; that is logged as an error.
    """
    try:
        try:
            cache.incr(CONTENT_VERSION_KEY)
        except ValueError:
            # The key expired or the cache was flushed: start a fresh, unused series.
            cache.add(CONTENT_VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - a content save must not fail because of the cache
        logger.exception("Could not invalidate the page cache")


def page_key(request):
    # The absolute URL: robots.txt, the sitemap and the feed name the host and scheme.
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{content_version()}:{get_language()}:{url}"


def is_cacheable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def cache_public_page(view):
    """Serve `view` from the shared page cache, storing what it renders for next time."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        try:
            key = page_key(request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - any cache client error: serve the page uncached
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return view(request, *args, **kwargs)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if not is_cacheable(response):
                return response
            try:
                cache.set(
                    key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS
                )
            except Exception:  # noqa: BLE001 - the page is fine, it just is not stored
                logger.warning("Page cache unavailable; %s not stored", request.path)
            response["X-Cache"] = "miss"
        # Browsers and proxies may keep a copy but must ask again (a cheap 304 via the ETag
        # that ConditionalGetMiddleware adds), so a published change reaches them at once.
        patch_response_headers(response, cache_timeout=0)
        patch_cache_control(response, public=True, must_revalidate=True)
        return response

    return cached_view
