"""The content of the site: which operators there are, how to top them up, and how to stay safe.

Translated fields (marked in `translation.py`) get one column per language from
django-modeltranslation (`title_zh_hans`, `title_en`); reading `guide.title` gives the active
language and falls back to Simplified Chinese when a translation is missing.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models, router, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..fields import WebURLField
from ..markup import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from ..markup import markdown_validators
from ..search import document as search_document
from .sourced import SourcedContact, SourceKind, source_kind_field, source_year_field

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def language_suffix(language):
    return language.replace("-", "_")


def fallback_fields(obj, fields, language=None):
    """Names of translated `fields` that are empty in `language` but filled in the default."""
    language = language or get_language() or DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return []
    suffix, default_suffix = language_suffix(language), language_suffix(DEFAULT_LANGUAGE)
    return [
        name
        for name in fields
        if not getattr(obj, f"{name}_{suffix}", "") and getattr(obj, f"{name}_{default_suffix}", "")
    ]


def _blank(field_name):
    """Lookup for a translated column with nothing in it: NULL (never written) or ''."""
    return Q(**{f"{field_name}__isnull": True}) | Q(**{field_name: ""})


def untranslated_fields(obj, fields, language):
    """Names of translated `fields` that are empty in `language` but written in another one.

    Unlike `fallback_fields`, which is about what readers see through the fallback,
    this is about what editors still have to write, in any language, the default one included.
    """
    suffix = language_suffix(language)
    others = [language_suffix(code) for code, _name in settings.LANGUAGES if code != language]
    return [
        name
        for name in fields
        if not getattr(obj, f"{name}_{suffix}", "")
        and any(getattr(obj, f"{name}_{other}", "") for other in others)
    ]


def untranslated_condition(fields, language):
    """Lookup matching rows where one of `fields` is empty in `language` but written in another.

    The database version of `untranslated_fields`.
    """
    suffix = language_suffix(language)
    others = [language_suffix(code) for code, _name in settings.LANGUAGES if code != language]
    condition = Q(pk__in=[])
    for name in fields:
        written_elsewhere = Q(pk__in=[])
        for other in others:
            written_elsewhere |= ~_blank(f"{name}_{other}")
        condition |= _blank(f"{name}_{suffix}") & written_elsewhere
    return condition


class Region(models.Model):
    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use a two-letter ISO 3166-1 code, e.g. CN."))],
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. CN, PH, HK."),
    )
    name = models.CharField(_("name"), max_length=100)
    anti_fraud_contact = models.TextField(
        _("anti-fraud contact"),
        blank=True,
        max_length=MARKDOWN_MAX_LENGTH,
        validators=markdown_validators(),
        help_text=_("Where to report a scam in this region (Markdown), with the official source."),
    )
    calling_code = models.CharField(
        _("country calling code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,4}$", _("Digits only, without +, e.g. 86."))],
        help_text=_("Lets the number checker recognise +86 10086 and 0086 10086 as 10086."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name or self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Guide.objects.filter(operator__region=self).copy_reading_order()

    def get_absolute_url(self):
        return reverse("guides:operator_list") + f"#region-{self.slug}"

    @property
    def slug(self):
        """The region's name in URLs and filters: its code in lower case (`cn`)."""
        return self.code.lower()


class OperatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Operator(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="operators", verbose_name=_("region")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    website = WebURLField(_("website"), blank=True)
    official_app_name = models.CharField(_("official app name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OperatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.guides.all().copy_reading_order()

    def get_absolute_url(self):
        return reverse("guides:operator_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name


class OfficialContact(SourcedContact):
    """A number, code, website, app or sender name that the operator itself publishes."""

    ALLOWED_SOURCE_KINDS = (SourceKind.OPERATOR, SourceKind.GOVERNMENT, SourceKind.SECONDARY)

    operator = models.ForeignKey(
        Operator, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("operator")
    )

    class Meta:
        ordering = ["operator", "order", "pk"]
        verbose_name = _("official contact")
        verbose_name_plural = _("official contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "kind", "value"], name="unique_contact_per_operator"
            ),
        ]

    def __str__(self):
        return f"{self.value} ({self.operator})"

    def get_absolute_url(self):
        return self.operator.get_absolute_url() + "#contacts"

    @property
    def owner_name(self):
        return self.operator.name

    @property
    def owner_url(self):
        return self.operator.get_absolute_url()


class Channel(models.Model):
    class Kind(models.TextChoices):
        OPERATOR_APP = "operator_app", _("Operator app")
        OPERATOR_WEBSITE = "operator_website", _("Operator website")
        PAYMENT_APP = "payment_app", _("Payment app")
        HOTLINE = "hotline", _("Hotline")
        SMS = "sms", _("SMS")
        STORE = "store", _("Store")
        RETAIL_VOUCHER = "retail_voucher", _("Retail voucher")
        ROAMING_ESIM = "roaming_esim", _("Roaming / eSIM")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=MARKDOWN_MAX_LENGTH,
        validators=markdown_validators(),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.guides.all().copy_reading_order()

    def get_absolute_url(self):
        return reverse("guides:channel_detail", kwargs={"slug": self.slug})


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Guide.Status.PUBLISHED)

    def public(self):
        """What readers may see: published guides of operators still active. A retired
        operator's guides stay in the admin but leave every public page."""
        return self.published().filter(operator__is_active=True)

    def with_related(self):
        return self.select_related("operator__region", "channel")

    def as_cards(self):
        """Only what a guide's card in a list shows of the guide itself: its slug, title and
        summary. A list page reads many guides, and every column read costs; the operator and
        channel a card names come from `guides.views.with_shared_parents`, not from a join."""
        return self.only("slug", "title", "summary", "operator_id", "channel_id")

    def search(self, text, partial=False):
        """Guides that answer a reader's query `text`, best first (see `SearchPlan`).

        Every term that narrows must be found in the guide (its operator, channel, region,
        title, summary, body or steps, in either language); with `partial`, one is enough, and
        guides with more of them come first. Stored documents and `LIKE` only, so SQLite and
        PostgreSQL give the same guides in the same order (guides/search.py says why).
        """
        return SearchPlan.of(text).apply(self, partial=partial)

    def refresh_search_documents(self, batch_size=1000):
        """Store each guide's search documents again, for guides written without `save` (bulk
        content, data migrations). Returns how many were written."""
        written = 0
        guides = self.order_by("pk").prefetch_related("steps")
        for start in range(0, guides.count(), batch_size):
            batch = list(guides[start : start + batch_size])
            for guide in batch:
                guide.set_search_documents(list(guide.steps.all()))
            Guide.objects.bulk_update(batch, Guide.SEARCH_DOCUMENTS)
            written += len(batch)
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

        The same rule as `Guide.untranslated_parts`: a summary left empty in every language is not
        a missing translation, and a column never written (NULL) counts as empty.
        """
        languages = [language] if language else [code for code, _name in settings.LANGUAGES]
        condition = Q(pk__in=[])
        for code in languages:
            untranslated_steps = GuideStep.objects.filter(guide=OuterRef("pk")).filter(
                untranslated_condition(GuideStep.TRANSLATED_FIELDS, code)
            )
            condition |= untranslated_condition(Guide.TRANSLATED_FIELDS, code) | Q(
                Exists(untranslated_steps)
            )
        return self.filter(condition)

    def drafts_older_than(self, days=None, now=None):
        """Drafts created more than `days` ago (settings.GUIDE_STALE_DRAFT_DAYS by default)."""
        days = settings.GUIDE_STALE_DRAFT_DAYS if days is None else days
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.filter(status=Guide.Status.DRAFT, created_at__lt=cutoff)


class EditConflict(Exception):
    """A guide was saved by someone else after the copy being saved was loaded.

    Raised by `Guide.save()`; `expected_version` is the version the copy was loaded at.
    """

    def __init__(self, guide, expected_version):
        super().__init__(f"Guide {guide.pk} is no longer at version {expected_version}.")
        self.guide = guide
        self.expected_version = expected_version


class Guide(models.Model):
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
    # The guide's words as search reads them (guides/search.py), every language together, so a
    # reader finds a guide whichever language they type in: all of them, and the title again
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
        ]
        permissions = [("verify_guide", _("Can mark guides verified"))]

    def __str__(self):
        return self.title or self.slug

    def save(self, *args, **kwargs):
        """Save, refusing with `EditConflict` if the stored guide is past `self.version`.

        The check and the move to the next version are one conditional UPDATE in the same
        transaction as the save, so two app servers cannot both win: the database lets only one
        of two concurrent `UPDATE ... WHERE version = n` change the row.
        """
        if self.is_published and self.published_at is None:
            self.published_at = self.announced_at = timezone.now()
        self.region_order = self.operator.region.order
        self.operator_order = self.operator.order
        self.channel_order = self.channel.order
        self.set_search_documents()
        if self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(Guide, instance=self)
        loaded_version = self.version
        with transaction.atomic(using=using):
            stored = Guide.objects.using(using).filter(pk=self.pk)
            if not stored.filter(version=loaded_version).update(version=loaded_version + 1):
                if stored.exists():
                    raise EditConflict(self, loaded_version)
                return super().save(*args, **kwargs)  # a new guide with a chosen primary key
            self.version = loaded_version + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "version",
                    *self.DERIVED_FIELDS,
                }
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = loaded_version
                raise

    def get_absolute_url(self):
        return reverse("guides:guide_detail", kwargs={"slug": self.slug})

    def set_search_documents(self, steps=None):
        """Set `search_title` from the title and `search_text` from the title, summary, body and
        `steps` (the stored ones if None), in every language. The text has the title too, so
        that finding a guide reads one column; the title alone ranks."""
        if steps is None:
            steps = list(self.steps.all()) if self.pk else []
        suffixes = [language_suffix(code) for code, _name in settings.LANGUAGES]
        self.search_title = search_document(*(getattr(self, f"title_{s}") for s in suffixes))
        self.search_text = search_document(
            *(getattr(self, f"{n}_{s}") for n in self.TRANSLATED_FIELDS for s in suffixes),
            *(getattr(step, f"text_{s}") for step in steps for s in suffixes),
        )

    def refresh_search_documents(self):
        """Store the search documents again, without a new version: a step changed."""
        self.set_search_documents()
        Guide.objects.filter(pk=self.pk).update(
            search_title=self.search_title, search_text=self.search_text
        )

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

    def publication_errors(self, step_count=None):
        """What stops this guide from being published, by field; empty when it may be.

        The one home of the publishing rules. `step_count` is how many steps the guide will
        have when a form saves steps with it; by default its stored steps are counted, and with
        `step_count=False` the step rule is left to whoever saves the steps.
        """
        errors = {}
        if not getattr(self, f"title_{language_suffix(DEFAULT_LANGUAGE)}", ""):
            errors["title_" + language_suffix(DEFAULT_LANGUAGE)] = _(
                "A guide needs a title in Simplified Chinese before it can be published."
            )
        if not self.source_url:
            errors["source_url"] = _("A guide needs its source before it can be published.")
        elif not self.source_kind:
            errors["source_kind"] = _("Say what kind of page the source is.")
        if not self.last_verified_on:
            errors["last_verified_on"] = _(
                "A guide needs the date it was checked against its source before it can be "
                "published."
            )
        if step_count is not False:
            if step_count is None:
                step_count = self.steps.count() if self.pk else 0
            if step_count < 1:
                errors[self.STEPS_RULE] = _(
                    "A guide needs at least one step before it can be published."
                )
        return errors

    # Where the step rule's error goes: steps are a model of their own, so the error names the
    # status that needs them.
    STEPS_RULE = "status"

    def clean(self):
        """The publishing rules on the guide's own fields. Its steps are saved apart from it, so
        the step rule is checked where they are: by the admin's step formset and by `publish`."""
        if self.is_published:
            errors = self.publication_errors(step_count=False)
            if errors:
                raise ValidationError(errors)

    def publish(self):
        errors = self.publication_errors()
        if errors:
            raise ValidationError(errors)
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = self.announced_at = timezone.now()

    def mark_verified(self, user=None, today=None):
        self.last_verified_on = today or timezone.localdate()
        self.last_verified_by = user
        self.announced_at = timezone.now()


class GuideStep(models.Model):
    TRANSLATED_FIELDS = ("text",)

    guide = models.ForeignKey(
        Guide, on_delete=models.CASCADE, related_name="steps", verbose_name=_("guide")
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


# Models kept in modules of their own, imported from here like the rest. The scam register
# refers to the models above, so it comes last.
from .editors import EditorProfile as EditorProfile  # noqa: E402
from .facts import GuideFact as GuideFact  # noqa: E402
from .facts import OperatorFact as OperatorFact  # noqa: E402
from .facts import ProblemRoute as ProblemRoute  # noqa: E402
from .feedback import Feedback as Feedback  # noqa: E402
from .notes import SafetyNote as SafetyNote  # noqa: E402
from .preview_links import PreviewLink as PreviewLink  # noqa: E402
from .preview_links import new_preview_token as new_preview_token  # noqa: E402
from .scams import ScamDispute as ScamDispute  # noqa: E402
from .scams import ScamEntry as ScamEntry  # noqa: E402
from .schedule import ScheduledChange as ScheduledChange  # noqa: E402
from .search import MissedSearch as MissedSearch  # noqa: E402
from .search import SearchPlan  # noqa: E402
from .search import SearchSynonym as SearchSynonym  # noqa: E402
from .sourced import OFFICIAL_SOURCE_KINDS as OFFICIAL_SOURCE_KINDS  # noqa: E402
from .sourced import Authority as Authority  # noqa: E402
from .sourced import PaymentProvider as PaymentProvider  # noqa: E402
from .sourced import PaymentProviderContact as PaymentProviderContact  # noqa: E402
from .sources_check import SourceCheck as SourceCheck  # noqa: E402
