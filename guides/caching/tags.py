"""Tags naming what a public page shows, for purging the caches in front of the site by tag.

Every page the page cache stores carries an `xkey` header (the tag header of Varnish's xkey
module; a CDN's `Surrogate-Key` or `Cache-Tag` works the same way): `guide-12 operator-3
channel-4 region-1 note-5 contact-7 …`. The tags are collected while the page is built, from
objects the view has in hand anyway, so they cost no query. Varnish keeps the header with its
copy and strips it before the browser sees it (deploy/varnish/default.vcl).

When content changes, `signals.tags_for_change` names the pages that showed the changed row (its own
tag) and those that will show it now (its operator's, channel's… or a list's tag), and
`guides.caching.purging` asks every Varnish to drop the pages carrying any of them, in both
languages at once: a tag names content, not an address.
"""

from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "xkey"
# Every stored page: purging it empties the caches in front (a release that changes templates).
ALL_PAGES = "all-pages"
# Pages that list or find guides: the lists and search, the home page, the feed, the sitemap.
GUIDE_LISTS = "guide-lists"
# Pages that show what the number checker knows (a search's verdict on a number).
CHECKER_RECORDS = "checker-records"
# Pages that show every safety note (the safety page) or the core ones (the home page).
SAFETY_NOTES = "safety-notes"
# Guide pages, which all show the notes meant for every guide.
NOTES_FOR_EVERY_GUIDE = "notes-for-every-guide"

_collected = ContextVar("page_tags", default=None)


def tag(kind, pk):
    return f"{kind}-{pk}"


@contextmanager
def collecting():
    """Collect the tags `tag_page` is given while the block runs (one page being built)."""
    tags = {ALL_PAGES}
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)


def header_value(tags):
    return " ".join(sorted(tags))


def tag_page(*tags):
    """Name what the page being built shows; outside a page (a preview, a test), nothing."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def tag_guides(guides):
    """Each guide shown, with its operator and channel (ids read with the guide: no query)."""
    for guide in guides:
        tag_page(
            tag("guide", guide.pk),
            tag("operator", guide.operator_id),
            tag("channel", guide.channel_id),
        )


def tag_each(kind, objects):
    tag_page(*(tag(kind, item.pk) for item in objects))
