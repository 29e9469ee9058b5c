"""One ordered step of a guide, and the step texts the publishing rules read."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..markup import markdown_validators
from ..values.mentions import translated_texts
from .text import CleanText

# The form field a refusal about a step's text is reported on (`Guide.publication_errors`).
STEP_TEXTS_RULE = "steps"


class GuideStep(CleanText):
    TRANSLATED_FIELDS = ("text",)

    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.CASCADE, related_name="steps", verbose_name=_("guide")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(
        _("text"),
        max_length=2000,
        validators=markdown_validators(2000),
        help_text=_("One step (Markdown)."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.guide}: {self.order}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.guide.refresh_search_documents()

    def get_absolute_url(self):
        return self.guide.get_absolute_url() + f"#step-{self.pk}"

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.guide.refresh_search_documents()
        return result


def step_texts(steps):
    """`(STEP_TEXTS_RULE, label, text)` for each language of each of `steps` (steps,
    or their historical records): what `contact_errors` reads, each labelled "Step 2 · Text
    (English)"."""
    return [
        (STEP_TEXTS_RULE, f"{_('step %(number)d') % {'number': number}} · {label}", text)
        for number, step in enumerate(steps, start=1)
        for _key, label, text in translated_texts(GuideStep, GuideStep.TRANSLATED_FIELDS, step)
    ]
