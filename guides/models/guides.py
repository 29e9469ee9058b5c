"""Guides and their steps: how to top up one operator's cards through one channel."""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models, router, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..markup import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from ..markup import markdown_validators
from ..search.reading import document as search_document
from ..search.reading import title_document as search_title_document
from . import (
    Channel,
    Operator,
    fallback_fields,
    language_suffix,
    untranslated_fields,
)
from .feedback import Feedback
from .fields import WebURLField
from .guide_queries import GuideQuerySet
from .publishing import PublishingRules
from .search import SearchWord
from .sourced import source_kind_field, source_year_field
from .steps import GuideStep
from .text import CleanText


class EditConflict(Exception):
    """A guide was saved by someone else after the copy being saved was loaded.

    Raised by `Guide.save()`; `expected_version` is the version the copy was loaded at.
    """

    def __init__(self, guide, expected_version):
        super().__init__(f"Guide {guide.pk} is no longer at version {expected_version}.")
        self.guide = guide
        self.expected_version = expected_version


class Guide(PublishingRules, CleanText):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    TRANSLATED_FIELDS = ("title", "summary", "body")
    ORDER_COPIES = ("region_order", "operator_order", "channel_order")
    SEARCH_DOCUMENTS = ("search_title", "search_text")
    # Kept by `save` from other fields and rows, so not content: history leaves them out.
    DERIVED_FIELDS = ORDER_COPIES + SEARCH_DOCUMENTS

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="guides", verbose_name=_("operator")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="guides", verbose_name=_("channel")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, validators=[MaxLengthValidator(500)], max_length=500
    )
    body = models.TextField(
        _("body"),
        blank=True,
        max_length=MARKDOWN_MAX_LENGTH,
        validators=markdown_validators(),
        help_text=_("Optional notes under the steps (Markdown)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last verified by"),
    )
    review_interval_days = models.PositiveSmallIntegerField(
        _("review interval (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the site default."),
    )
    source_url = WebURLField(
        _("source"),
        blank=True,
        help_text=_("The page that describes this method, best the operator's own."),
    )
    source_kind = source_kind_field(blank=True)
    source_year = source_year_field()
    payment_provider = models.ForeignKey(
        "guides.PaymentProvider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guides",
        verbose_name=_("payment provider"),
        help_text=_(
            "The e-wallet or payment app readers pay with, if any: its route when a top-up does "
            "not arrive is shown on the guide."
        ),
    )
    # Optimistic locking: every save of an existing guide moves it to the next version, and only
    # if it is still at the version it was loaded at (see `save`).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # When readers were last told about this guide: its first publication or latest
    # re-verification. The Atom feed is ordered by it.
    announced_at = models.DateTimeField(
        _("announced"), null=True, blank=True, editable=False, db_index=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Copies of the region's, operator's and channel's `order`, kept in step by their `save`:
    # the guide list is read in that order, and with the copies here an index serves any page
    # of it without joining and sorting every guide.
    region_order = models.PositiveSmallIntegerField(default=0, editable=False)
    operator_order = models.PositiveSmallIntegerField(default=0, editable=False)
    channel_order = models.PositiveSmallIntegerField(default=0, editable=False)
    # The guide's words as search reads them (guides/search/reading.py), every language together, so
    # a reader finds a guide whichever language they type in: all of them, and the title again
    # apart, as it ranks higher. Kept by `save`, and by a step's `save` and `delete`.
    search_title = models.TextField(default="", editable=False)
    search_text = models.TextField(default="", editable=False)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        indexes = [
            # Also lets the guide list count its filter options from the index alone.
            models.Index(
                fields=["status", "operator", "channel"], name="guide_status_operator_channel"
            ),
            models.Index(
                fields=["status", "region_order", "operator_order", "channel_order", "slug"],
                name="guide_reading_order",
            ),
            # Everything search's snapshot of the guides reads (guides/search/snapshot.py), so that
            # loading it reads this index and never the guides' rows, which are long.
            models.Index(
                fields=[
                    "status",
                    "operator",
                    "channel",
                    "region_order",
                    "operator_order",
                    "channel_order",
                    "slug",
                    "id",
                    "search_title",
                ],
                name="guide_search_ranking",
            ),
        ]
        permissions = [("verify_guide", _("Can mark guides verified"))]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        """Save, with the copies and search documents kept from the other fields, refusing with
        `EditConflict` if the stored guide is past `self.version`."""
        # Before the search documents are read from the text (CleanText.save does it too late).
        self.remove_control_characters()
        if self.is_published and self.published_at is None:
            self.published_at = self.announced_at = timezone.now()
        self.region_order = self.operator.region.order
        self.operator_order = self.operator.order
        self.channel_order = self.channel.order
        self.set_search_documents()
        using = kwargs.get("using") or router.db_for_write(Guide, instance=self)
        loaded_version = self.version
        try:
            with transaction.atomic(using=using):
                self.save_next_version(*args, **kwargs)
                SearchWord.objects.using(using).store([self])
        except BaseException:
            self.version = loaded_version
            raise

    def get_absolute_url(self):
        return reverse("guides:guide_detail", kwargs={"slug": self.slug})

    def save_next_version(self, *args, **kwargs):
        """Save as the next version, inside `save`'s transaction (which puts `version` back if
        the save fails).

        The check and the move to the next version are one conditional UPDATE in the same
        transaction as the save, so two app servers cannot both win: the database lets only one
        of two concurrent `UPDATE ... WHERE version = n` change the row.
        """
        if self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        loaded_version = self.version
        using = kwargs.get("using") or router.db_for_write(Guide, instance=self)
        stored = Guide.objects.using(using).filter(pk=self.pk)
        if not stored.filter(version=loaded_version).update(version=loaded_version + 1):
            if stored.exists():
                raise EditConflict(self, loaded_version)
            return super().save(*args, **kwargs)  # a new guide with a chosen primary key
        self.version = loaded_version + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", *self.DERIVED_FIELDS}
        super().save(*args, **kwargs)

    def set_search_documents(self, steps=None):
        """Set `search_title` from the title and `search_text` from the title, summary, body and
        `steps` (the stored ones if None), in every language. The text has the title too, so
        that finding a guide reads one column; the title alone ranks."""
        if steps is None:
            # Read afresh: the admin's step forms share a guide whose steps were prefetched
            # before the edit.
            steps = list(GuideStep.objects.filter(guide_id=self.pk)) if self.pk else []
        suffixes = [language_suffix(code) for code, _name in settings.LANGUAGES]
        self.search_title = search_title_document(*(getattr(self, f"title_{s}") for s in suffixes))
        self.search_text = search_document(
            *(getattr(self, f"{n}_{s}") for n in self.TRANSLATED_FIELDS for s in suffixes),
            *(getattr(step, f"text_{s}") for step in steps for s in suffixes),
        )

    def refresh_search_documents(self):
        """Store the search documents again, without a new version: a step changed."""
        self.set_search_documents()
        with transaction.atomic():
            Guide.objects.filter(pk=self.pk).update(
                search_title=self.search_title, search_text=self.search_text
            )
            SearchWord.objects.store([self])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def review_interval(self):
        days = self.review_interval_days or settings.GUIDE_REVIEW_INTERVAL_DAYS
        return datetime.timedelta(days=days)

    @property
    def review_due_on(self):
        if self.last_verified_on is None:
            return None
        return self.last_verified_on + self.review_interval

    def is_overdue(self, today=None):
        if self.last_verified_on is None:
            return True
        return (today or timezone.localdate()) > self.review_due_on

    @property
    def overdue_since(self):
        """The first day the guide is overdue for review (None if it was never verified)."""
        if self.review_due_on is None:
            return None
        return self.review_due_on + datetime.timedelta(days=1)

    def fallback_fields(self, language=None):
        return fallback_fields(self, self.TRANSLATED_FIELDS, language)

    def shows_fallback(self, language=None, steps=None):
        """Whether anything on this guide's page falls back to Simplified Chinese.

        `steps` are the steps to show, for a preview of steps that are not saved.
        """
        if self.fallback_fields(language):
            return True
        steps = self.steps.all() if steps is None else steps
        return any(fallback_fields(step, ["text"], language) for step in steps)

    def untranslated_parts(self, steps=None):
        """For each language code, the parts written in another language but not in this one.

        An empty list means the language is complete. `steps` as in `shows_fallback`.
        """
        steps = list(self.steps.all() if steps is None else steps)
        gaps = {}
        for code, _name in settings.LANGUAGES:
            missing = [
                str(self._meta.get_field(name).verbose_name)
                for name in untranslated_fields(self, self.TRANSLATED_FIELDS, code)
            ]
            missing += [
                str(_("step %(number)d") % {"number": number})
                for number, step in enumerate(steps, start=1)
                if untranslated_fields(step, GuideStep.TRANSLATED_FIELDS, code)
            ]
            gaps[code] = missing
        return gaps

    def feedback_summary(self):
        """Helpful and not-helpful counts, and the problem reports still to be dealt with."""
        counts = dict(self.feedback.order_by().values_list("kind").annotate(n=models.Count("pk")))
        open_reports = self.feedback.exclude(
            kind__in=[Feedback.Kind.HELPFUL, Feedback.Kind.NOT_HELPFUL]
        ).filter(status__in=[Feedback.Status.NEW, Feedback.Status.IN_PROGRESS])
        return {
            "helpful": counts.get(Feedback.Kind.HELPFUL, 0),
            "not_helpful": counts.get(Feedback.Kind.NOT_HELPFUL, 0),
            "open": list(open_reports),
        }

    def mark_verified(self, user=None, today=None):
        self.last_verified_on = today or timezone.localdate()
        self.last_verified_by = user
        self.announced_at = timezone.now()
