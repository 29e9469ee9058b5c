"""The editors' admin site: Django's own, with a "needs attention" panel on its index page."""

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import (
    FailedPurge,
    Feedback,
    Guide,
    MissedSearch,
    ScamDispute,
    ScheduledChange,
    SourceCheck,
)

# Strings of Django's own admin that its Simplified Chinese catalog leaves in English (the table
# headers and link labels of every app list). Named here so that `make messages` keeps them in
# our catalog, which Django reads before its own.
UNTRANSLATED_ADMIN_STRINGS = [
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
]


def needs_attention(user):
    """What editors should look at first: (label, count, link to the filtered list) each.

    Overdue and untranslated guides count only when published, because only those are in front
    of readers; drafts have their own line once they are old.
    """
    items = []
    if user.has_perm("guides.view_guide") or user.has_perm("guides.change_guide"):
        guides = reverse("admin:guides_guide_changelist")
        published = Guide.objects.published()
        items += [
            (
                _("Published guides overdue for review"),
                published.overdue_for_review().count(),
                f"{guides}?status__exact=published&review=overdue",
            ),
            (
                _("Published guides missing a translation"),
                published.untranslated().count(),
                f"{guides}?status__exact=published&missing=any",
            ),
            (
                _("Drafts older than %(days)d days") % {"days": settings.GUIDE_STALE_DRAFT_DAYS},
                Guide.objects.drafts_older_than().count(),
                f"{guides}?age=stale_draft",
            ),
        ]
        items += [
            (
                _("Scheduled changes refused"),
                ScheduledChange.objects.refused().count(),
                reverse("admin:guides_scheduledchange_changelist") + "?state__exact=refused",
            ),
            (
                _("Sources broken or moved"),
                len(SourceCheck.objects.current_problems()),
                reverse("admin:guides_sourcecheck_changelist") + "?problems=1",
            ),
        ]
    if user.has_perm("guides.view_feedback") or user.has_perm("guides.change_feedback"):
        items.append(
            (
                _("New reader feedback"),
                Feedback.objects.new().count(),
                reverse("admin:guides_feedback_changelist") + "?status__exact=new",
            )
        )
        items.append(
            (
                _("Scam reports naming a number, sender or link"),
                Feedback.objects.new()
                .filter(kind=Feedback.Kind.SCAM_SEEN)
                .exclude(reported_value="")
                .count(),
                reverse("admin:guides_feedback_changelist")
                + "?status__exact=new&kind__exact=scam_seen",
            )
        )
    if user.has_perm("guides.view_scamdispute") or user.has_perm("guides.change_scamdispute"):
        items.append(
            (
                _("Scam register entries contested by their owners"),
                ScamDispute.objects.filter(status=ScamDispute.Status.NEW).count(),
                reverse("admin:guides_scamdispute_changelist") + "?status__exact=new",
            )
        )
    if user.has_perm("guides.view_missedsearch") or user.has_perm("guides.change_missedsearch"):
        items.append(
            (
                _("Searches that found nothing, seen %(times)d times or more")
                % {"times": MissedSearch.SHOWN_AFTER},
                MissedSearch.objects.needing_attention().count(),
                reverse("admin:guides_missedsearch_changelist")
                + f"?is_handled__exact=0&times__gte={MissedSearch.SHOWN_AFTER}",
            )
        )
    if user.has_perm("guides.view_failedpurge"):
        items.append(
            (
                # Until one is taken, that cache may serve pages older than the content.
                _("Cache purges that failed (pages there may be out of date)"),
                FailedPurge.objects.count(),
                reverse("admin:guides_failedpurge_changelist"),
            )
        )
    return items


class EditorsAdminSite(admin.AdminSite):
    site_header = _("Top-up Guides editors")
    site_title = _("Top-up Guides editors")
    index_title = _("Content")

    def index(self, request, extra_context=None):
        context = {"needs_attention": needs_attention(request.user), **(extra_context or {})}
        return super().index(request, context)
