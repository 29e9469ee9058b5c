"""The content of the site: which operators there are, how to top them up, and how to stay safe.

Translated fields (marked in `translation.py`) get one column per language from
django-modeltranslation (`title_zh_hans`, `title_en`); reading `guide.title` gives the active
language and falls back to Simplified Chinese when a translation is missing.

What the number checker knows lives here too, as the models' rules ask it: `known_contacts`
(the records and their comparison, which the scam register's rule asks), `verdicts` (what the
checker answers) and `named_contacts` (the publishing rule: published text names only contacts
the checker knows).

May import values, markup, `guides.search.reading` and the caching of content (`content`,
`canonical`, `tags`, `purging`); never the checker, the search engine, editorial work, the site
or the admin.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..markup import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from ..markup import markdown_validators
from .fields import WebURLField
from .sourced import SourcedContact, SourceKind
from .text import CleanText

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


class Region(CleanText):
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


class Operator(CleanText):
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
    def owner(self):
        return self.operator

    @property
    def owner_name(self):
        return self.operator.name

    @property
    def owner_url(self):
        return self.operator.get_absolute_url()


class Channel(CleanText):
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

    @property
    def is_roaming(self):
        return self.kind == self.Kind.ROAMING_ESIM


# Models kept in modules of their own, imported from here like the rest. The scam register
# refers to the models above, so it comes last.
from .editors import EditorProfile as EditorProfile  # noqa: E402
from .facts import GuideFact as GuideFact  # noqa: E402
from .facts import OperatorFact as OperatorFact  # noqa: E402
from .facts import ProblemRoute as ProblemRoute  # noqa: E402
from .feedback import Feedback as Feedback  # noqa: E402
from .guides import EditConflict as EditConflict  # noqa: E402
from .guides import Guide as Guide  # noqa: E402
from .guides import GuideQuerySet as GuideQuerySet  # noqa: E402
from .notes import SafetyNote as SafetyNote  # noqa: E402
from .preview_links import PreviewLink as PreviewLink  # noqa: E402
from .preview_links import new_preview_token as new_preview_token  # noqa: E402
from .purges import FailedPurge as FailedPurge  # noqa: E402
from .scams import ScamDispute as ScamDispute  # noqa: E402
from .scams import ScamEntry as ScamEntry  # noqa: E402
from .schedule import ScheduledChange as ScheduledChange  # noqa: E402
from .search import MissedSearch as MissedSearch  # noqa: E402
from .search import SearchSynonym as SearchSynonym  # noqa: E402
from .search import SearchWord as SearchWord  # noqa: E402
from .search_plan import SearchPlan as SearchPlan  # noqa: E402
from .sourced import OFFICIAL_SOURCE_KINDS as OFFICIAL_SOURCE_KINDS  # noqa: E402
from .sourced import Authority as Authority  # noqa: E402
from .sourced import PaymentProvider as PaymentProvider  # noqa: E402
from .sourced import PaymentProviderContact as PaymentProviderContact  # noqa: E402
from .sources_check import SourceCheck as SourceCheck  # noqa: E402
from .steps import GuideStep as GuideStep  # noqa: E402
