"""Which language a reader arriving without one in the address gets (`/` and the few pages
without a language prefix).

Django picks the address's language, then the language cookie, then the first language of the
browser's Accept-Language that the site has, then Chinese (`LANGUAGE_CODE`). The site has only
Simplified Chinese and English, so a Filipino browser (`fil-PH`, `tl`) would land on the
Chinese site, the one language its reader is least likely to read. Here a browser whose first
language is not Chinese gets English; any Chinese (zh-TW, zh-HK included) gets the Chinese site,
which says it is Simplified Chinese.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

ENGLISH = "en"


def first_browser_language(request):
    """The browser's most preferred language, lower case ("fil-ph"), or "" if it names none."""
    preferred = parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    return preferred[0][0].lower() if preferred else ""


def reader_language(request, check_path=False):
    """`get_language_from_request`, except that a browser whose first language is not Chinese
    gets English rather than the default Chinese."""
    language = translation.get_language_from_request(request, check_path=check_path)
    if check_path and translation.get_language_from_path(request.path_info):
        return language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and cookie in dict(settings.LANGUAGES):
        return language
    first = first_browser_language(request)
    if first and first != "*" and first.split("-")[0] != "zh":
        return ENGLISH
    return language


class ReaderLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with `reader_language` for addresses without a language."""

    def process_request(self, request):
        super().process_request(request)
        if not translation.get_language_from_path(request.path_info):
            translation.activate(reader_language(request))
            request.LANGUAGE_CODE = translation.get_language()
