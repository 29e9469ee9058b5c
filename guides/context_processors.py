from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def languages(request):
    """The current page in every language, for the language switcher and hreflang links."""
    current = get_language()
    versions = [
        {
            "code": code,
            "name": name,
            "is_current": code == current,
            "url": translate_url(request.get_full_path(), code),
            "canonical_url": request.build_absolute_uri(translate_url(request.path, code)),
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_versions": versions}
