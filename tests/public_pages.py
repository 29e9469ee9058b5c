"""The public pages in one list, for every test that walks the site (headers, languages, stored
attacks, hostile input): a page added to the URL contract is added here once."""

LANGUAGES = ["zh-hans", "en"]
# The language-prefixed pages, with a guide's own slug, operator and channel to fill in.
PAGES = [
    "",
    "guides/",
    "guides/{guide}/",
    "guides/{guide}/feedback/thanks/",
    "guides/{guide}/feedback/thanks/did_not_arrive/",
    "guides/?abroad=1",
    "operators/",
    "operators/{operator}/",
    "channels/{channel}/",
    "safety/",
    "keep-your-number/",
    "not-arrived/",
    "not-arrived/?operator={operator}&channel={channel}",
    "check/?number=10086",
    "feed/",
]
UNPREFIXED = ["/sitemap.xml", "/robots.txt", "/healthz", "/.well-known/security.txt"]


FEED = "feed/"


def pages_of(guide, html_only=False):
    """`PAGES` for `guide`, without the language prefix (`html_only`: without the feed)."""
    return [
        page.format(guide=guide.slug, operator=guide.operator.slug, channel=guide.channel.slug)
        for page in PAGES
        if not (html_only and page == FEED)
    ]


def public_paths(guide):
    """Every public path: each page in each language, and the unprefixed ones."""
    paths = [f"/{language}/{page}" for language in LANGUAGES for page in pages_of(guide)]
    return [*paths, *UNPREFIXED]
