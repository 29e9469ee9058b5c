"""Searching as the guide list does, for tests: the slugs of the guides found, best first.

`engine.find` alone, so that a search no guide answers with every word finds nothing here,
unless it is `partial` (the guide list falls back to that itself: `engine.search`)."""

from guides.models import Guide, SearchPlan
from guides.search import engine, snapshot


def found(text, partial=False):
    plan = SearchPlan.of(text)
    ids = list(engine.find(plan, snapshot.snapshot(), partial=partial).ranked())
    return [guide.slug for guide in Guide.objects.only("slug").in_order_of(ids)]
