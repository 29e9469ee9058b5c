"""What needs editors: each item its words, what it counts, and the admin list of exactly those.

The admin index counts them (`guides.editorial.admin_site`) and the weekly digest lists them
(`guides.editorial.digest`): both read this one list, so they use the same words for the same things
as the filtered list each links to.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import (
    FailedPurge,
    Feedback,
    Guide,
    MissedSearch,
    ScamDispute,
    ScheduledChange,
    SourceCheck,
)


@dataclass
class Attention:
    label: str
    model: type
    items: object  # a queryset, or a list where the rule is not one query
    query: str  # the filters on the model's admin list that show exactly `items`

    @cached_property
    def count(self):
        return self.items.count() if isinstance(self.items, QuerySet) else len(self.items)

    @property
    def list_url(self):
        opts = self.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{changelist}?{self.query}" if self.query else changelist

    def visible_to(self, user):
        opts = self.model._meta
        return any(
            user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("view", "change")
        )


def attention_items(today=None):
    """Every item, in the order the index and the digest show them.

    Overdue and untranslated guides count only when published, because only those are in front
    of readers; drafts have their own line once they are old.
    """
    published = Guide.objects.published()
    return [
        Attention(
            _("Published guides overdue for review"),
            Guide,
            published.overdue_for_review(today),
            "status__exact=published&review=overdue",
        ),
        Attention(
            _("Published guides missing a translation"),
            Guide,
            published.untranslated(),
            "status__exact=published&missing=any",
        ),
        Attention(
            _("Drafts older than %(days)d days") % {"days": settings.GUIDE_STALE_DRAFT_DAYS},
            Guide,
            Guide.objects.drafts_older_than(),
            "age=stale_draft",
        ),
        Attention(
            _("Scheduled changes refused"),
            ScheduledChange,
            ScheduledChange.objects.refused().select_related("guide"),
            "state__exact=refused",
        ),
        Attention(
            _("Sources broken or moved"),
            SourceCheck,
            SourceCheck.objects.current_problems(),
            "problems=1",
        ),
        Attention(
            _("New reader reports"),
            Feedback,
            Feedback.objects.new().reports().select_related("guide"),
            "status__exact=new&reports=1",
        ),
        Attention(
            _("Scam reports naming a number, sender or link"),
            Feedback,
            Feedback.objects.new().naming_a_scam().select_related("guide"),
            "status__exact=new&kind__exact=scam_seen&names=1",
        ),
        Attention(
            _("Scam register entries contested by their owners"),
            ScamDispute,
            ScamDispute.objects.filter(status=ScamDispute.Status.NEW),
            "status__exact=new",
        ),
        Attention(
            _("Searches that found nothing, seen %(times)d times or more")
            % {"times": MissedSearch.SHOWN_AFTER},
            MissedSearch,
            MissedSearch.objects.needing_attention(),
            f"is_handled__exact=0&times__gte={MissedSearch.SHOWN_AFTER}",
        ),
        Attention(
            # Until one is sent again, that cache may serve pages older than the content.
            _("Cache purges that failed (pages there may be out of date)"),
            FailedPurge,
            FailedPurge.objects.all(),
            "",
        ),
    ]
