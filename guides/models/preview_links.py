"""Share links: a guide's preview for someone without an account, for a while."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_preview_token():
    return secrets.token_urlsafe(32)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        """Links that still open their preview: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """A link that lets someone without an account read one guide's preview, for a while.

    The token is the only credential, so it is long and random, and the link stops working when
    it expires or is revoked. It shows the guide as stored, draft or not, and nothing else.
    """

    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_preview_token, editable=False
    )
    guide = models.ForeignKey(
        "guides.Guide",
        on_delete=models.CASCADE,
        related_name="preview_links",
        verbose_name=_("guide"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # A link to a new version scheduled to go live (`ScheduledChange.content`) shows that
    # version instead of the guide as stored.
    scheduled_change = models.ForeignKey(
        "guides.ScheduledChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="preview_links",
        verbose_name=_("scheduled version"),
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.guide} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("guides:shared_preview", kwargs={"token": self.token})

    @classmethod
    def create_for(cls, guide, user, days=None, now=None, scheduled_change=None):
        now = now or timezone.now()
        days = settings.GUIDE_SHARE_LINK_DAYS if days is None else days
        return cls.objects.create(
            guide=guide,
            created_by=user,
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
            scheduled_change=scheduled_change,
        )

    def revoke(self, now=None):
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            self.save(update_fields=["revoked_at"])

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
