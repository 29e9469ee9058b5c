from django.conf import settings
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language

from ..caching.canonical import canonical_query


def switch_language(path, current, language):
    """The same page in `language`: URLs differ only by their language prefix (slugs are ASCII
    and the same in every language), so swapping the prefix is enough and costs no URL lookup.

    A path outside the language prefixes (the 404 page for any address at all) gets the
    language's home page, never the path as given: `//evil.example/` is another site's address.
    """
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{language}/{path[len(prefix) :]}"
    return f"/{language}/"


def languages(request):
    """The current page in every language, for the language switcher and hreflang links."""
    try:
        root = request.build_absolute_uri("/")[:-1]
    except DisallowedHost:
        # The 400 page for a Host this site does not serve: no links that would name it.
        return {"language_versions": []}
    current = get_language()
    path = escape_uri_path(request.path)
    try:
        # Only the query parameters pages read, so that no link echoes what a visitor made up.
        query = canonical_query(request.GET)
    except SuspiciousOperation:
        # The 400 page for a query string with too many parameters.
        query = ""
    query = f"?{query}" if query else ""
    versions = [
        {
            "code": code,
            "name": name,
            "is_current": code == current,
            "url": switch_language(path, current, code) + query,
            "canonical_url": root + switch_language(path, current, code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_versions": versions}
