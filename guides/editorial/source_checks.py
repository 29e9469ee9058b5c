"""Checking the source pages the content cites (`manage.py check_sources`).

Each distinct address is requested once, a few at a time (a thread pool; the threads only do
HTTP, the database is written from the calling thread), with a User-Agent that says who is
asking. Redirects within the same site (same registrable domain: `www.` added, http to https, a
page renamed) are followed; a redirect to another site is not followed but recorded as "moved to
<host>", because a source that now lives elsewhere needs an editor's eyes.

The addresses come from editors and from the sites they cite, so every one, the first and each
redirect's, must be one the admin's URL field accepts, and is requested the careful way
`guides.editorial.fetch` describes (this machine and private networks refused in any spelling, a
name looked up once, one deadline for the whole check, redirects included).
"""

import http.client
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ..models import SourceCheck
from ..models.sources_check import sourced_models
from ..values import contacts
from .fetch import AnswerTooLarge, PrivateAddress, Target, status_and_location

REDIRECTS = {301, 302, 303, 307, 308}
MAX_SAME_SITE_REDIRECTS = 5


@dataclass(frozen=True)
class Outcome:
    result: str
    status_code: int | None = None
    detail: str = ""
    moved_to: str = ""


def check_url(url, timeout=None, user_agent=None):
    """What is at `url` now, as an `Outcome`; `timeout` is for the whole check, redirects
    included."""
    timeout = settings.SOURCE_CHECK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    headers = {
        "User-Agent": user_agent or settings.SOURCE_CHECK_USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Connection": "close",
    }
    target = Target.of(url)
    if target is None:
        return Outcome(SourceCheck.Result.BROKEN, None, "not checked: not a web address")
    site = target.site
    for _hop in range(MAX_SAME_SITE_REDIRECTS + 1):
        try:
            status, location = status_and_location(
                target, headers, deadline, allow_private=settings.SOURCE_CHECK_PRIVATE_ADDRESSES
            )
        except PrivateAddress:
            return Outcome(SourceCheck.Result.BROKEN, None, "not checked: a private address")
        except TimeoutError:
            return Outcome(SourceCheck.Result.BROKEN, None, "timed out")
        except AnswerTooLarge:
            return Outcome(SourceCheck.Result.BROKEN, None, "answer too large")
        except (http.client.HTTPException, OSError, ValueError) as error:
            return Outcome(SourceCheck.Result.BROKEN, None, f"unreachable: {error}"[:300])
        if 200 <= status < 300:
            return Outcome(SourceCheck.Result.OK, status)
        if status not in REDIRECTS:
            return Outcome(SourceCheck.Result.BROKEN, status, f"HTTP {status}")
        if not location:
            return Outcome(SourceCheck.Result.BROKEN, status, "redirect without Location")
        url = urljoin(url, location)
        target = Target.of(url)
        if target is None:
            return Outcome(SourceCheck.Result.BROKEN, status, "redirect to a non-web link")
        if target.site != site:
            host = contacts.to_unicode_host(target.host)
            return Outcome(SourceCheck.Result.MOVED, status, f"moved to {host}", url)
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
