"""Contacts readers can be sent to, each with where it was published and how strong that is.

An operator's own contacts live on `OfficialContact` (in `guides.models`); the contacts of
payment providers and of a region's authorities (police, anti-fraud lines, regulators) are here.
All of them share `SourcedContact`: one way to write a value down, one way to validate it, and
the kind of source behind it, which decides whether the site may call it "official".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..values import contacts
from .fields import WebURLField
from .text import CleanText


class SourceKind(models.TextChoices):
    OPERATOR = "operator", _("The operator's own page")
    GOVERNMENT = "government", _("A regulator or government page")
    PAYMENT_PROVIDER = "payment_provider", _("A payment provider's own page")
    INDUSTRY = "industry", _("An industry body's own page, for the scheme it runs")
    SECONDARY = "secondary", _("A secondary source (news, repost)")


# Only these may be called "official"; a secondary source says who reported it instead. An
# industry body (Hong Kong's CAHK runs the complaint scheme CCSS) is official only for its own
# scheme, so no contact may claim it (`SourcedContact.ALLOWED_SOURCE_KINDS`).
OFFICIAL_SOURCE_KINDS = frozenset(
    {SourceKind.OPERATOR, SourceKind.GOVERNMENT, SourceKind.PAYMENT_PROVIDER, SourceKind.INDUSTRY}
)


def source_kind_field(**options):
    return models.CharField(
        _("kind of source"),
        max_length=20,
        choices=SourceKind.choices,
        **options,
        help_text=_(
            "Who published the source page. Only the first four are called official; a payment "
            "provider's page counts only for the provider's own service, an industry body's only "
            "for the scheme it runs."
        ),
    )


def source_year_field():
    return models.PositiveSmallIntegerField(
        _("year of the source"),
        null=True,
        blank=True,
        help_text=_("When the source page was published, if it says (e.g. 2016 for old news)."),
    )


class SourcedContact(CleanText):
    """A number, code, website, app or SMS sender name, with the page that publishes it."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        SHORT_CODE = "short_code", _("Short code")
        USSD = "ussd", _("USSD code")
        SMS_SENDER = "sms_sender", _("SMS sender name")
        WEBSITE = "website", _("Website")
        APP = "app", _("App")

    class Use(models.TextChoices):
        """What a reader does with the contact, which decides the checker's advice with it."""

        HOTLINE = "hotline", _("Hotline or help line: readers call it")
        RELOAD = "reload", _("Loads a top-up card or takes a payment")
        TRANSFER = "transfer", _("Sends load or money to another number")
        SENDER = "sender", _("Only calls or texts readers (official messages, prizes)")
        SELF_SERVICE = "self_service", _("A code readers dial for their own account")

    DIALLED_KINDS = {Kind.PHONE, Kind.SHORT_CODE, Kind.USSD}
    # The source kinds this owner's contacts may have; `OfficialContact` allows the operator's.
    ALLOWED_SOURCE_KINDS = (SourceKind.GOVERNMENT, SourceKind.SECONDARY)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Stored without spaces or dashes (10086, *143#, +8613800100186); web addresses "
            "without https://."
        ),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    use = models.CharField(
        _("what readers do with it"),
        max_length=20,
        choices=Use.choices,
        blank=True,
        help_text=_(
            "Decides what the number checker advises with it: only a hotline is one to “hang up "
            "and call yourself”, and only a hotline is offered to confirm a secondary contact. "
            "Leave empty for websites and apps."
        ),
    )
    source_url = WebURLField(_("source URL"), help_text=_("The page that publishes this contact."))
    # Nothing is called official until an editor says whose page the source is.
    source_kind = source_kind_field(default=SourceKind.SECONDARY)
    source_year = source_year_field()
    verified_on = models.DateField(_("verified on"), default=datetime.date.today)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    @property
    def is_dialled(self):
        return self.kind in self.DIALLED_KINDS

    @property
    def is_hotline(self):
        return self.use == self.Use.HOTLINE

    @property
    def is_officially_sourced(self):
        return self.source_kind in OFFICIAL_SOURCE_KINDS

    @property
    def source_site(self):
        """The site of the source page, as a reader would name it: `smart.com.ph`."""
        host = contacts.host_of(contacts.normalise_web_address(self.source_url))
        return contacts.registrable_domain(host) if host else ""

    def normalise(self):
        if self.is_dialled:
            self.value = contacts.normalise_dial_string(self.value)
        elif self.kind == self.Kind.WEBSITE:
            self.value = contacts.normalise_web_address(self.value)
        elif self.kind == self.Kind.SMS_SENDER:
            self.value = contacts.normalise_name(self.value)
        else:
            self.value = self.value.strip()

    def clean(self):
        self.normalise()
        errors = {}
        if self.is_dialled and not contacts.is_dial_string(self.value):
            errors["value"] = _("Use digits, and + * # only where the operator does, e.g. *888#.")
        if self.kind == self.Kind.WEBSITE and not contacts.is_web_address(self.value):
            errors["value"] = _("Enter a web address such as globe.com.ph.")
        if self.kind == self.Kind.SMS_SENDER and not contacts.is_name(self.value):
            errors["value"] = _("Enter the sender name as it shows on the phone, e.g. #ADCC18222.")
        if self.source_kind and self.source_kind not in self.ALLOWED_SOURCE_KINDS:
            errors["source_kind"] = _(
                "A page of this kind is not official for this contact: choose one of %(kinds)s."
            ) % {
                "kinds": ", ".join(
                    f"“{SourceKind(kind).label}”" for kind in self.ALLOWED_SOURCE_KINDS
                )
            }
        if errors:
            raise ValidationError(errors)

    @property
    def href(self):
        """A link a reader can follow or tap: `tel:` for numbers, `https://` for sites."""
        if self.kind in (self.Kind.PHONE, self.Kind.SHORT_CODE):
            return f"tel:{self.value}"
        if self.kind == self.Kind.WEBSITE:
            return f"https://{self.value}"
        return ""

    @property
    def display_value(self):
        """The value as readers recognise it: an international host in its own letters."""
        if self.kind == self.Kind.WEBSITE:
            return contacts.to_unicode_host(self.value)
        return self.value


class AuthorityQuerySet(models.QuerySet):
    def with_region(self):
        return self.select_related("region")


class Authority(SourcedContact):
    """A region's emergency, police, anti-fraud or regulator contact, or an official sender of
    warnings (12381): what the safety page lists and the number checker knows."""

    class Role(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        POLICE = "police", _("Police")
        ANTI_FRAUD = "anti_fraud", _("Anti-fraud")
        REGULATOR = "regulator", _("Regulator and complaints")
        WARNING_SENDER = "warning_sender", _("Sends official warnings")

    region = models.ForeignKey(
        "guides.Region",
        on_delete=models.CASCADE,
        related_name="authorities",
        verbose_name=_("region"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Who answers it, e.g. Police, or ADCC.")
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["region", "order", "pk"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "value"], name="unique_authority_per_region"
            ),
        ]

    def __str__(self):
        return f"{self.value} ({self.name})"

    def get_absolute_url(self):
        return reverse("guides:safety") + f"#report-{self.region.slug}"

    @property
    def owner(self):
        """Whose contact it is: the authority itself, named on it."""
        return self

    @property
    def owner_name(self):
        return f"{self.name} · {self.region}"

    @property
    def owner_url(self):
        return self.get_absolute_url()


class PaymentProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class PaymentProvider(CleanText):
    """An e-wallet or payment app that readers top up with (GCash, Alipay…), with its own
    contacts and website, so the checker knows them and guides can send readers to them."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "guides.Region",
        on_delete=models.PROTECT,
        related_name="payment_providers",
        verbose_name=_("region"),
        help_text=_("Where it is licensed and where its complaints go."),
    )
    website = WebURLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PaymentProviderQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("payment provider")
        verbose_name_plural = _("payment providers")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guides:safety") + f"#provider-{self.slug}"


class PaymentProviderContact(SourcedContact):
    ALLOWED_SOURCE_KINDS = (
        SourceKind.PAYMENT_PROVIDER,
        SourceKind.GOVERNMENT,
        SourceKind.SECONDARY,
    )

    provider = models.ForeignKey(
        PaymentProvider,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("payment provider"),
    )

    class Meta:
        ordering = ["provider", "order", "pk"]
        verbose_name = _("payment provider contact")
        verbose_name_plural = _("payment provider contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind", "value"], name="unique_contact_per_provider"
            ),
        ]

    def __str__(self):
        return f"{self.value} ({self.provider})"

    def get_absolute_url(self):
        return self.provider.get_absolute_url()

    @property
    def owner(self):
        return self.provider

    @property
    def owner_name(self):
        return self.provider.name

    @property
    def owner_url(self):
        return self.provider.get_absolute_url()
