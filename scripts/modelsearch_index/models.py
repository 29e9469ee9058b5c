from django.db import models
from modelsearch import index

from guides.models.search import WEIGHTS


class IndexedGuide(index.Indexed, models.Model):
    """A public guide's searchable text, with Chinese already cut into words by jieba and the
    editors' synonyms found in it appended (modelsearch cannot cut Chinese itself). Each field
    is boosted by our engine's weight for it."""

    guide = models.OneToOneField(
        "guides.Guide", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(max_length=200)
    operator_pk = models.IntegerField()
    works_from_abroad = models.BooleanField()
    operator = models.TextField()
    channel = models.TextField()
    region = models.TextField()
    title = models.TextField()
    text = models.TextField()

    search_fields = [
        *(index.SearchField(name, boost=weight) for name, weight in WEIGHTS.items()),
        index.FilterField("operator_pk"),
        index.FilterField("works_from_abroad"),
    ]

    class Meta:
        app_label = "modelsearch_index"

    def __str__(self):
        return self.slug
