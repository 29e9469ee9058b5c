"""What readers report about a guide."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import CleanText


class FeedbackQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Feedback.Status.NEW)

    def reports(self):
        """What readers report (outdated steps, a wrong number, a scam...), not their votes."""
        return self.exclude(kind__in=[Feedback.Kind.HELPFUL, Feedback.Kind.NOT_HELPFUL])

    def naming_a_scam(self):
        """Scam reports that name the number, sender or link seen: register candidates."""
        return self.filter(kind=Feedback.Kind.SCAM_SEEN).exclude(reported_value="")


class Feedback(CleanText):
    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")
        NOT_HELPFUL = "not_helpful", _("Not helpful")
        DID_NOT_ARRIVE = "did_not_arrive", _("My top-up did not arrive")
        OUTDATED = "outdated", _("Steps are outdated")
        WRONG_NUMBER = "wrong_number", _("A number is wrong")
        SCAM_SEEN = "scam_seen", _("I saw a scam using this channel")
        OTHER = "other", _("Other problem")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        SPAM = "spam", _("Spam")

    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("guide")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.TextField(
        _("message"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    reported_value = models.CharField(
        _("number, sender or link seen"),
        max_length=200,
        blank=True,
        help_text=_("What the reader saw the scam use; nothing else about the reader is kept."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.guide}"

    def get_absolute_url(self):
        return self.guide.get_absolute_url()
