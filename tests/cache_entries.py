"""What the page cache holds, counted from the cache itself, on locmem and on Redis alike."""

from django.core.cache import cache


def stored_pages():
    """How many pages the cache holds (keys `page:…`, see guides.caching.pages.page_key)."""
    if hasattr(cache, "keys"):  # django-redis
        return len(cache.keys("page:*"))
    return sum(1 for key in cache._cache if ":page:" in key)
