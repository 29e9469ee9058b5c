"""Checking the source pages the content cites (`manage.py check_sources`).

Each distinct address is requested once, a few at a time (a thread pool; the threads only do
HTTP, the database is written from the calling thread), with a timeout and a User-Agent that
says who is asking. Redirects within the same site (same registrable domain: `www.` added,
http to https, a page renamed) are followed; a redirect to another site is not followed but
recorded as "moved to <host>", because a source that now lives elsewhere needs an editor's eyes.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import contacts
from .models import SourceCheck
from .models.sources_check import sourced_models

REDIRECTS = {301, 302, 303, 307, 308}
MAX_SAME_SITE_REDIRECTS = 5


@dataclass(frozen=True)
class Outcome:
    result: str
    status_code: int | None = None
    detail: str = ""
    moved_to: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to `check_url`, which decides whether to follow it."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def site_of(url):
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return contacts.registrable_domain(host) if host else ""


def is_private(url):
    """Whether `url`'s host is this machine or a private network (a cloud's metadata service,
    an office router): the checker does not request those unless told to (tests), so that an
    address typed in the admin cannot make the server probe its own network. The address is
    resolved again when requested; the check narrows the risk, it does not close it."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False  # not resolvable: the request fails and says so
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return any(not address.is_global for address in addresses)


def check_url(url, timeout=None, user_agent=None):
    """What is at `url` now, as an `Outcome`."""
    timeout = settings.SOURCE_CHECK_TIMEOUT if timeout is None else timeout
    headers = {
        "User-Agent": user_agent or settings.SOURCE_CHECK_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    }
    current = url
    for _hop in range(MAX_SAME_SITE_REDIRECTS + 1):
        if not settings.SOURCE_CHECK_PRIVATE_ADDRESSES and is_private(current):
            return Outcome(SourceCheck.Result.BROKEN, None, "not checked: a private address")
        request = urllib.request.Request(current, headers=headers, method="GET")  # noqa: S310
        try:
            with _opener.open(request, timeout=timeout) as response:
                return Outcome(SourceCheck.Result.OK, response.status)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code not in REDIRECTS:
                return Outcome(SourceCheck.Result.BROKEN, error.code, f"HTTP {error.code}")
            location = error.headers.get("Location", "")
            if not location:
                return Outcome(SourceCheck.Result.BROKEN, error.code, "redirect without Location")
            target = urljoin(current, location)
            if urlsplit(target).scheme not in ("http", "https"):
                return Outcome(SourceCheck.Result.BROKEN, error.code, "redirect to a non-web link")
            if site_of(target) != site_of(url):
                host = urlsplit(target).hostname or target
                return Outcome(SourceCheck.Result.MOVED, error.code, f"moved to {host}", target)
            current = target
        except TimeoutError:
            return Outcome(SourceCheck.Result.BROKEN, None, "timed out")
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                return Outcome(SourceCheck.Result.BROKEN, None, "timed out")
            return Outcome(SourceCheck.Result.BROKEN, None, f"unreachable: {reason}"[:300])
        except (HTTPException, OSError, ValueError) as error:
            return Outcome(SourceCheck.Result.BROKEN, None, f"unreachable: {error}"[:300])
    return Outcome(SourceCheck.Result.BROKEN, None, "too many redirects")


def cited_sources():
    """Every (content type, object id, address) the content cites as a source."""
    cited = []
    for model in sourced_models():
        content_type = ContentType.objects.get_for_model(model)
        rows = model._base_manager.exclude(source_url="").values_list("pk", "source_url")
        cited += [(content_type, pk, url) for pk, url in rows]
    return cited


def check_sources(*, workers=None, timeout=None, now=None):
    """Check every cited source and record what was found; the `SourceCheck`s written."""
    workers = workers or settings.SOURCE_CHECK_WORKERS
    cited = cited_sources()
    urls = sorted({url for _ct, _pk, url in cited})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip(urls, pool.map(lambda u: check_url(u, timeout), urls), strict=True))
    now = now or timezone.now()
    written = []
    with transaction.atomic():
        for content_type, pk, url in cited:
            outcome = outcomes[url]
            check, _created = SourceCheck.objects.update_or_create(
                content_type=content_type,
                object_id=pk,
                url=url,
                defaults={
                    "result": outcome.result,
                    "status_code": outcome.status_code,
                    "detail": outcome.detail,
                    "moved_to": outcome.moved_to,
                    "checked_at": now,
                },
            )
            written.append(check)
        # Checks of addresses no longer cited say nothing about the content any more.
        kept = {(ct.pk, pk, url) for ct, pk, url in cited}
        for check in SourceCheck.objects.all().only("content_type_id", "object_id", "url"):
            if (check.content_type_id, check.object_id, check.url) not in kept:
                check.delete()
    return written
