"""Whole-page caching of the public pages, invalidated by a content version.

The cache holds a *content version* (`guides.caching.content`), a counter that any content
change bumps (`guides.caching.signals`). Every cached page is stored with the version it was
rendered at, and is served only while that is still the current version: after a change, the next
request on any app server misses and renders afresh. With Redis shared by all servers, a change is
visible everywhere at once, without waiting out a timeout.

`CachedPageMiddleware` fetches the current version and the page together, in one round trip.
On a hit that is the whole request. On a miss the page is rendered at that version, and reads
that many pages share (`cached_for_content`) are checked against it: a copy this process holds
at that version needs no further round trip; one it does not hold costs one read.

Two rules keep this safe:
- A cached page may vary only by its URL and language (the URL carries the language, `/en/…`),
  never by anything user-specific. The public pages use no session, user or CSRF token; a
  response that sets a cookie or says `Vary: Cookie` is not stored.
- A page is rendered and stored for its canonical address (`guides.caching.canonical`): the host
  from the settings, only the parameters pages read, each value normalised as the view reads it, in
  a fixed order. The request is rewritten to that address before the key is made and before the view
  runs, so every spelling of a page (`?utm_source=…`, `LOCALHOST.`, `?q=SMART`, `?page=+1`) is
  served one stored page instead of storing one each.
- Only GET requests that end in a plain 200 are stored (the answer to a HEAD has no ETag). The
  pages are the same for everyone, signed-in editors included, so the request's user is never
  looked at (looking would touch the session and make the response vary by cookie).
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from ..web.languages import reader_language
from ..web.security import has_nul_character
from . import tags as page_tags
from .canonical import canonicalise_request
from .content import (
    CACHE_DOWN,
    CACHE_FORMAT,
    CONTENT_VERSION_KEY,
    content_version,
    rendering_at,
)

logger = logging.getLogger(__name__)


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
            # Refused further in, before canonicalising would remove it (guides.web.security).
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
        with rendering_at(version), page_tags.collecting() as tags:
            response = self.get_response(request)
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
    every answer of the view shows, for a view that cannot name it itself (`guides.caching.tags`).
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
