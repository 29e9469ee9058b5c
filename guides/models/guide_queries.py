"""The reads pages and editors make of guides: what is public, in what order, what needs review."""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from ..caching.content import bump_content_version
from ..caching.purging import purge_after_commit
from ..caching.tags import ALL_PAGES
from . import Channel, Operator, untranslated_condition
from .search import SearchWord


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def public(self):
        """What readers may see: published guides of operators still active. A retired
        operator's guides stay in the admin but leave every public page."""
        return self.published().filter(operator__is_active=True)

    def with_related(self):
        return self.select_related("operator__region", "channel")

    def as_cards(self):
        """Only what a guide's card in a list shows of the guide itself: its slug, title and
        summary. A list page reads many guides, and every column read costs; the operator and
        channel a card names come from `guides.web.views.with_shared_parents`, not from a join."""
        return self.only("slug", "title", "summary", "operator_id", "channel_id")

    def in_order_of(self, ids):
        """These guides whose ids are `ids`, in that order: a page of search results, ranked by
        id first. One that is gone since is left out."""
        found = self.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def refresh_search_documents(self, batch_size=1000):
        """Store each guide's search documents again, for guides written without `save` (bulk
        content, data migrations), and retire what search holds of the old ones (a content
        change). Returns how many were written."""
        written = 0
        guides = self.order_by("pk").prefetch_related("steps")
        for start in range(0, guides.count(), batch_size):
            batch = list(guides[start : start + batch_size])
            for guide in batch:
                guide.set_search_documents(list(guide.steps.all()))
            self.model.objects.bulk_update(batch, self.model.SEARCH_DOCUMENTS)
            SearchWord.objects.store(batch)
            written += len(batch)
        # Now, and again after the commit, as for any content change (`signals.content_changed`).
        bump_content_version()
        transaction.on_commit(bump_content_version)
        purge_after_commit({ALL_PAGES})
        return written

    def in_reading_order(self):
        """By region, operator and channel (each in its editors' order), then slug."""
        return self.order_by("region_order", "operator_order", "channel_order", "slug")

    def copy_reading_order(self):
        """Copy onto these guides their region's, operator's and channel's order (see
        `Guide.region_order`). Region, Operator and Channel call it when they are saved."""
        operator = Operator.objects.filter(pk=OuterRef("operator_id"))
        return self.update(
            region_order=Subquery(operator.values("region__order")),
            operator_order=Subquery(operator.values("order")),
            channel_order=Subquery(
                Channel.objects.filter(pk=OuterRef("channel_id")).values("order")
            ),
        )

    def overdue_for_review(self, today=None):
        """Guides never verified, or verified longer ago than their review interval."""
        today = today or timezone.localdate()
        default_days = settings.GUIDE_REVIEW_INTERVAL_DAYS
        overdue = Q(last_verified_on__isnull=True) | Q(
            review_interval_days__isnull=True,
            last_verified_on__lt=today - datetime.timedelta(days=default_days),
        )
        custom_intervals = (
            self.exclude(review_interval_days__isnull=True)
            .order_by()
            .values_list("review_interval_days", flat=True)
            .distinct()
        )
        for days in custom_intervals:
            overdue |= Q(
                review_interval_days=days,
                last_verified_on__lt=today - datetime.timedelta(days=days),
            )
        return self.filter(overdue)

    def untranslated(self, language=None):
        """Guides with text written in another language but not in `language` (any, if None).

        The same rule as `Guide.untranslated_parts`: a summary left empty in every language is
        not a missing translation, and a column never written (NULL) counts as empty.
        """
        languages = [language] if language else [code for code, _name in settings.LANGUAGES]
        condition = Q(pk__in=[])
        for code in languages:
            untranslated_steps = self.model.steps.rel.related_model.objects.filter(
                guide=OuterRef("pk")
            ).filter(
                untranslated_condition(self.model.steps.rel.related_model.TRANSLATED_FIELDS, code)
            )
            condition |= untranslated_condition(self.model.TRANSLATED_FIELDS, code) | Q(
                Exists(untranslated_steps)
            )
        return self.filter(condition)

    def drafts_older_than(self, days=None, now=None):
        """Drafts created more than `days` ago (settings.GUIDE_STALE_DRAFT_DAYS by default)."""
        days = settings.GUIDE_STALE_DRAFT_DAYS if days is None else days
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.filter(status=self.model.Status.DRAFT, created_at__lt=cutoff)
