"""Searching as the guide list does, for tests: the slugs of the guides found, best first."""

from guides import search_engine
from guides.models import Guide, SearchPlan


def found(text, partial=False):
    ids = list(search_engine.find(SearchPlan.of(text), partial=partial).ranked())
    slugs = dict(Guide.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in ids]
