"""What `manage.py check_sources` found at the source pages the content cites."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def sourced_models():
    """Every content model that cites a source page: those with a `source_url` field (guides,
    operators' contacts, authorities, payment providers' contacts, and any added later)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("guides").get_models()
        if not model.__name__.startswith("Historical")
        and any(field.name == "source_url" for field in model._meta.fields)
    ]


class SourceCheckQuerySet(models.QuerySet):
    def problems(self):
        return self.exclude(result=SourceCheck.Result.OK)

    def current_problems(self):
        """Broken or moved sources still cited: a check of an address the item no longer
        cites (an editor has changed it since) or of an item since deleted does not count."""
        problems = list(self.problems().select_related("content_type"))
        cited = set()
        for content_type in {check.content_type for check in problems}:
            ids = [c.object_id for c in problems if c.content_type_id == content_type.pk]
            model = content_type.model_class()
            if model is None:
                continue
            for pk, url in model._base_manager.filter(pk__in=ids).values_list("pk", "source_url"):
                cited.add((content_type.pk, pk, url))
        return [c for c in problems if (c.content_type_id, c.object_id, c.url) in cited]

    def for_item(self, item):
        """The latest check of `item`'s current source address, or None."""
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                url=item.source_url,
            )
            .order_by("-checked_at")
            .first()
        )


class SourceCheck(models.Model):
    class Result(models.TextChoices):
        OK = "ok", _("Works")
        BROKEN = "broken", _("Broken")
        MOVED = "moved", _("Moved to another site")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    url = models.URLField(_("address"), max_length=500)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    moved_to = models.URLField(_("moved to"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked"))

    objects = SourceCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at", "pk"]
        verbose_name = _("source check")
        verbose_name_plural = _("source checks")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "url"], name="one_check_per_cited_source"
            )
        ]
        indexes = [models.Index(fields=["result"], name="source_check_result")]

    def __str__(self):
        return f"{self.url}: {self.get_result_display()}"

    def get_absolute_url(self):
        return self.url

    @property
    def is_ok(self):
        return self.result == self.Result.OK

    def summary(self):
        """One line for editors: "Broken (HTTP 404)", "Moved to another site (moved to x.com)"."""
        label = str(self.get_result_display())
        return f"{label} ({self.detail})" if self.detail else label
