"""The canonical address of a public page: the one normaliser the page cache keys pages by and
the views read their parameters through.

Every spelling of one page (another case, a repeated or empty value, an invisible character, a
port) must be one cached page, or anyone could fill the cache with copies of it. So
`CachedPageMiddleware` rewrites each GET and HEAD request to its canonical address before the
key is made and before the view runs (`canonicalise_request`), and the guide list reads its
filters and search through `filter_values` and `search_text`, the same rules. A request whose
parameters normalise to another page's is served that page.

The rules (a proxy cache in front of the site must key by the same):

- **Host**: the name the `Host` header matches in `ALLOWED_HOSTS`, in lower case and without a
  trailing dot (`LOCALHOST.` is `localhost`); a port only if it is the port the server itself
  was reached on (`SERVER_PORT`) and not the scheme's default. A host allowed only by a wildcard
  entry (`.example.org`, `*`) is `DJANGO_SITE_URL`'s host. A host the site does not serve is
  refused further in (400).
- **Parameters**: only `PAGE_QUERY_PARAMETERS`, in that order; any other name is dropped.
- **Every value**: control and format characters removed (C0 and C1 controls, U+200B, U+FEFF,
  any Unicode category C), surrounding space stripped; a value left empty is dropped.
- **operator, channel, region, abroad**: lower case, repeats dropped, sorted; the first
  `MAX_VALUES_PER_FILTER` values sent are read, as the list and the didn't-arrive page read
  them.
- **q**: the last value, NFKC, lower case, single spaces (`search.normalise`): `SMART  卡` is
  `smart 卡`.
- **page, p**: the last value; a whole number as plain digits (`+1`, ` 01` are `1`), and `1`,
  the default, dropped. Anything else is kept, and the view shows the nearest page without
  storing it.
- **number** (the number checker, never cached): every value as typed.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict
from django.http.request import split_domain_port

from ..search.reading import normalise

# The query parameters public pages read: the guide list's filters, search and page
# (views.GuideListView.query_parameters), the didn't-arrive page's operator and channel, the
# sitemap's page and the number checker's input.
PAGE_QUERY_PARAMETERS = (
    "abroad",
    "channel",
    "number",
    "operator",
    "p",
    "page",
    "q",
    "region",
)
FILTER_PARAMETERS = ("abroad", "channel", "operator", "region")
PAGE_NUMBER_PARAMETERS = ("p", "page")
MAX_VALUES_PER_FILTER = 50
WHOLE_NUMBER = re.compile(r"\+?([0-9]+)")
DEFAULT_PORTS = {"http": "80", "https": "443"}


def clean_text(value):
    """Drop control and format characters (NUL, C1 controls, U+200B, U+FEFF…) and surrounding
    space from reader input."""
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C").strip()


def filter_values(query, name):
    """The values of filter `name` in `query` (a QueryDict) as the list reads them: cleaned, in
    lower case, without empty values or repeats, sorted."""
    values = (clean_text(value).lower() for value in query.getlist(name)[:MAX_VALUES_PER_FILTER])
    return sorted({value for value in values if value})


def search_text(query):
    """The search in `query` as it is read, counted and cached: its last `q`, cleaned and
    normalised (`search.normalise`)."""
    return normalise(clean_text(query.get("q", "")))


def page_number(query, name):
    """The page number `name` in `query` in its canonical spelling, or "" for the first page."""
    value = clean_text(query.get(name, ""))
    if number := WHOLE_NUMBER.fullmatch(value):
        # By its digits, not int(): a page number may be thousands of digits long.
        value = number.group(1).lstrip("0") or "0"
    return "" if value == "1" else value


def canonical_query(query):
    """`query` (a QueryDict) in its canonical form, encoded (see the rules above)."""
    canonical = QueryDict(mutable=True)
    for name in PAGE_QUERY_PARAMETERS:
        if name not in query:
            continue
        if name in FILTER_PARAMETERS:
            values = filter_values(query, name)
        elif name in PAGE_NUMBER_PARAMETERS:
            values = [page_number(query, name)]
        elif name == "q":
            values = [search_text(query)]
        else:
            values = query.getlist(name)
        values = [value for value in values if value]
        if values:
            canonical.setlist(name, values)
    return canonical.urlencode()


def canonical_host(request):
    """The host `request` is keyed and rendered for (see the rules above). Raises DisallowedHost
    for a host the site does not serve."""
    domain, port = split_domain_port(request.get_host())
    if domain not in {host.lower() for host in settings.ALLOWED_HOSTS}:
        return urlsplit(settings.SITE_URL).netloc
    reached = request.META.get("SERVER_PORT")
    if port and port == reached and port != DEFAULT_PORTS.get(request.scheme):
        return f"{domain}:{port}"
    return domain


def canonicalise_request(request):
    """Rewrite `request`'s host and query string to their canonical form, for the cache key and
    for the view alike. Raises DisallowedHost for a host the site does not serve, and
    SuspiciousOperation for too many parameters."""
    request.META["HTTP_HOST"] = canonical_host(request)
    query = canonical_query(request.GET)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
