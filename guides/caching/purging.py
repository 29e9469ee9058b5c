"""Purging pages from the caches in front of the site (Varnish, settings.VARNISH_URLS) by tag.

A content change names the tags of the pages it touches (`signals.tags_for_change`); they are
gathered until the transaction commits (a page rendered before the commit would still show the
old content), then sent together, one `PURGE` request per cache, with the tags in its
`xkey-purge` header (deploy/varnish/default.vcl drops every page carrying any of them, in
every language). A purge that fails is tried twice more at once, then logged and kept as a
`FailedPurge`, which the admin's "needs attention" panel counts and which is sent again with
the next purge to that cache, so none is lost silently.

The editor's save waits for the purges, so each attempt has a short timeout
(VARNISH_PURGE_TIMEOUT) and a failure never makes the save fail. Without VARNISH_URLS nothing
is gathered or sent.
"""

import http.client
import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, transaction

from ..models.purges import FailedPurge

logger = logging.getLogger(__name__)

PURGE_HEADER = "xkey-purge"
ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.1
# Varnish reads request headers of up to 8 KiB; a purge of more tags is sent in several.
MAX_HEADER_LENGTH = 4000

_pending = threading.local()


def pending_tags():
    if not hasattr(_pending, "tags"):
        _pending.tags = set()
    return _pending.tags


def purge_after_commit(tags):
    """Purge `tags` from every cache in front once the current transaction commits (at once
    outside one). Tags of a transaction rolled back go with the next purge: one purge too many
    costs a page's render, one too few would serve old content."""
    if not settings.VARNISH_URLS:
        return
    pending_tags().update(tags)
    # One callback per change; the first to run sends everything gathered, the others nothing.
    transaction.on_commit(send_pending, robust=True)


def send_pending():
    tags = pending_tags()
    if tags:
        batch = set(tags)
        tags.clear()
        purge(batch)


def purge(tags):
    """Ask every cache in VARNISH_URLS to drop the pages tagged with any of `tags`, with what
    an earlier purge to it failed to send. Returns the addresses that failed."""
    failed = []
    for url in settings.VARNISH_URLS:
        try:
            earlier = FailedPurge.objects.filter(url=url).first()
        except DatabaseError:
            # Before its table exists (a data migration's purge): this purge goes on its own.
            earlier = None
        batch = set(tags) | (earlier.tag_set() if earlier else set())
        error = send_with_retries(url, batch)
        if error is None:
            if earlier is not None:
                earlier.delete()
        else:
            failed.append(url)
            record_failure(url, batch, error, earlier)
    return failed


def send_with_retries(url, tags):
    """None once the cache took every tag, or the last error after ATTEMPTS tries."""
    error = None
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(RETRY_PAUSE_SECONDS * attempt)
        try:
            for chunk in chunks(sorted(tags)):
                send(url, chunk)
            return None
        except (OSError, http.client.HTTPException, PurgeRefused) as exc:
            error = f"{type(exc).__name__}: {exc}"
    return error


class PurgeRefused(Exception):
    pass


def send(url, tags):
    """One PURGE request to the cache at `url` for `tags` (a space-separated header)."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=settings.VARNISH_PURGE_TIMEOUT
    )
    try:
        connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: " ".join(tags)})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise PurgeRefused(f"{response.status} {response.reason}")


def chunks(tags):
    chunk, length = [], 0
    for tag in tags:
        if chunk and length + len(tag) + 1 > MAX_HEADER_LENGTH:
            yield chunk
            chunk, length = [], 0
        chunk.append(tag)
        length += len(tag) + 1
    if chunk:
        yield chunk


def record_failure(url, tags, error, earlier):
    logger.error("Purge of %d tags from %s failed: %s", len(tags), url, error)
    try:
        if earlier is None:
            FailedPurge.objects.create(
                url=url, tags=" ".join(sorted(tags)), attempts=1, error=error
            )
        else:
            earlier.tags = " ".join(sorted(tags))
            earlier.attempts += 1
            earlier.error = error
            earlier.save()
    except DatabaseError:
        logger.exception("Could not record the failed purge of %s from %s", sorted(tags), url)
