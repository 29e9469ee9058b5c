from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language


def switch_language(path, current, language):
    """The same page in `language`: URLs differ only by their language prefix (slugs are ASCII
    and the same in every language), so swapping the prefix is enough and costs no URL lookup."""
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{language}/{path[len(prefix) :]}"
    return path


def languages(request):
    """The current page in every language, for the language switcher and hreflang links."""
    try:
        root = request.build_absolute_uri("/")[:-1]
    except DisallowedHost:
        # The 400 page for a Host this site does not serve: no links that would name it.
        return {"language_versions": []}
    current = get_language()
    full_path = request.get_full_path()
    versions = [
        {
            "code": code,
            "name": name,
            "is_current": code == current,
            "url": switch_language(full_path, current, code),
            "canonical_url": root + switch_language(request.path, current, code),
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_versions": versions}
