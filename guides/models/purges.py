"""Purges a cache in front of the site did not take: kept until one is sent again and taken."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FailedPurge(models.Model):
    """The tags one Varnish (or CDN) was asked to purge and did not, all failures merged.

    Until it is taken, that cache may serve pages older than the content: the admin's "needs
    attention" panel counts these, and every later purge to the same cache sends these tags
    with its own (`guides.caching.purging`).
    """

    url = models.CharField(_("cache address"), max_length=200, unique=True)
    tags = models.TextField(_("tags"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"))
    first_failed_at = models.DateTimeField(_("first failed at"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("last failed at"), auto_now=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("failed cache purge")
        verbose_name_plural = _("failed cache purges")

    def __str__(self):
        return self.url

    def tag_set(self):
        return set(self.tags.split())
