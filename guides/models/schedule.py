"""Changes to a guide that go live at a set time: publishing it (as stored, or a new version
kept here until then) and withdrawing it. `guides.editorial.scheduling` applies them when they are
due."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScheduledChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ScheduledChange.State.PENDING)

    def due(self, now=None):
        return self.pending().filter(run_at__lte=now or timezone.now())

    def refused(self):
        return self.filter(state=ScheduledChange.State.REFUSED)


class ScheduledChange(models.Model):
    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        WITHDRAW = "withdraw", _("Withdraw")

    class State(models.TextChoices):
        PENDING = "pending", _("Scheduled")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    guide = models.ForeignKey(
        "guides.Guide",
        on_delete=models.CASCADE,
        related_name="scheduled_changes",
        verbose_name=_("guide"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    run_at = models.DateTimeField(_("when"), help_text=_("The change goes live at this time."))
    # A new version of the guide (its edited fields and steps, see `guides.editorial.scheduling`),
    # or None to publish the guide as it is stored when the time comes.
    content = models.JSONField(
        _("new version"), null=True, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    # The guide's `version` the new version was made from: a later save refuses it.
    based_on_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, editable=False
    )
    outcome = models.TextField(_("outcome"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True, editable=False)

    objects = ScheduledChangeQuerySet.as_manager()

    class Meta:
        ordering = ["run_at", "pk"]
        verbose_name = _("scheduled change")
        verbose_name_plural = _("scheduled changes")
        indexes = [models.Index(fields=["state", "run_at"], name="scheduled_state_run_at")]

    def __str__(self):
        when = timezone.localtime(self.run_at).strftime("%Y-%m-%d %H:%M") if self.run_at else ""
        return f"{self.get_action_display()}: {self.guide} ({when})"

    def get_absolute_url(self):
        return self.guide.get_absolute_url()

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_new_version(self):
        return self.content is not None

    def clean(self):
        if self.is_pending and self.run_at and self.pk is None and self.run_at < timezone.now():
            raise ValidationError({"run_at": _("Choose a time in the future.")})
        if (
            self.pk is None
            and self.action == self.Action.PUBLISH
            and self.content is None
            and self.guide_id
            and self.guide.is_published
        ):
            raise ValidationError(
                {
                    "action": _(
                        "This guide is already published. To change it on a date, edit it and "
                        "press “Schedule this version” instead of saving."
                    )
                }
            )
