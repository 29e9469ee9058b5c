"""Searching as the guide list does, for tests: the slugs of the guides found, best first."""

from guides.models import Guide, SearchPlan
from guides.search import engine


def found(text, partial=False):
    ids = list(engine.find(SearchPlan.of(text), partial=partial).ranked())
    return [guide.slug for guide in Guide.objects.only("slug").in_order_of(ids)]
