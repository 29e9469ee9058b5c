"""The scam register: numbers, sender names, web addresses and payment handles confirmed as used
by scammers, each with its evidence, and the way to contest an entry ("this is my number").
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..values import contacts
from .fields import WebURLField
from .text import CleanText


class ScamEntryQuerySet(models.QuerySet):
    def listed(self):
        """What the checker and readers see: entries not taken off the register."""
        return self.filter(is_listed=True)


class ScamEntry(CleanText):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        SENDER_NAME = "sender_name", _("SMS sender name")
        WEB_ADDRESS = "web_address", _("Web address")
        PAYMENT_HANDLE = "payment_handle", _("Payment handle or account")

    class Evidence(models.TextChoices):
        PUBLIC_ALERT = "public_alert", _("A public alert (police, regulator or operator)")
        READER_REPORT = "reader_report", _("A reader's report, checked by an editor")

    region = models.ForeignKey(
        "guides.Region",
        on_delete=models.PROTECT,
        related_name="scam_entries",
        verbose_name=_("region"),
        help_text=_("Where it was used; a number without a country code is read as dialled there."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_("As the scam shows it: +63 917 000 0000, L0086, promo-load.example, @handle."),
    )
    description = models.CharField(
        _("what the scam does"),
        max_length=300,
        blank=True,
        help_text=_("One sentence for readers, e.g. “Texts a fake points-redemption link.”"),
    )
    evidence = models.CharField(_("evidence"), max_length=20, choices=Evidence.choices)
    evidence_url = WebURLField(
        _("public alert"), blank=True, help_text=_("The alert's address, for public alerts.")
    )
    report = models.ForeignKey(
        "guides.Feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scam_entries",
        verbose_name=_("reader report"),
    )
    first_seen = models.DateField(_("first seen"), default=timezone.localdate)
    last_seen = models.DateField(_("last seen"), default=timezone.localdate)
    is_listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_("Untick to take it off the register, e.g. when its owner showed it is theirs."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ScamEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "pk"]
        verbose_name = _("scam register entry")
        verbose_name_plural = _("scam register")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_scam_entry"),
        ]

    def __str__(self):
        return f"{self.display_value} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guides:number_check") + "?" + urlencode({"number": self.value})

    @classmethod
    def record_report(cls, report):
        """Put what a reader's scam report names on the register (or see it again, moving its
        last-seen date), and mark the report resolved. Returns the entry, or None if the report
        names nothing.

        Raises ValidationError, with the reason, for what may not be listed (an official
        contact, something unreadable).
        """
        if not report.reported_value:
            return None
        kind = cls.kind_of(report.reported_value)
        probe = cls(kind=kind, value=report.reported_value)
        probe.normalise()
        seen_on = timezone.localdate(report.created_at)
        entry = cls.objects.filter(kind=kind, value=probe.value).first()
        if entry is None:
            entry = cls(
                region=report.guide.operator.region,
                kind=kind,
                value=probe.value,
                evidence=cls.Evidence.READER_REPORT,
                report=report,
                first_seen=seen_on,
                last_seen=seen_on,
            )
        else:
            entry.first_seen = min(entry.first_seen, seen_on)
            entry.last_seen = max(entry.last_seen, seen_on)
        entry.full_clean()
        entry.save()
        report.status = report.Status.RESOLVED
        report.save(update_fields=["status"])
        return entry

    @classmethod
    def kind_of(cls, text):
        """The kind of entry what a reader typed makes, read as the checker reads it."""
        return {
            contacts.Typed.WEB_ADDRESS: cls.Kind.WEB_ADDRESS,
            contacts.Typed.NUMBER: cls.Kind.PHONE,
            contacts.Typed.HANDLE: cls.Kind.PAYMENT_HANDLE,
        }.get(contacts.typed_kind(text), cls.Kind.SENDER_NAME)

    def normalise(self):
        if self.kind == self.Kind.PHONE:
            self.value = contacts.normalise_dial_string(self.value)
        elif self.kind == self.Kind.WEB_ADDRESS:
            self.value = contacts.normalise_web_address(self.value)
        else:
            self.value = contacts.normalise_name(self.value)

    @property
    def display_value(self):
        if self.kind == self.Kind.WEB_ADDRESS:
            return contacts.to_unicode_host(self.value)
        return self.value

    def clean(self):
        # The records read the register, so the register reads them only when an entry is
        # checked.
        from .known_contacts import official_records_matching

        self.normalise()
        errors = {}
        valid = {
            self.Kind.PHONE: contacts.is_dial_string,
            self.Kind.WEB_ADDRESS: contacts.is_web_address,
        }.get(self.kind, contacts.is_name)
        if self.value and not valid(self.value):
            errors["value"] = _("This is not a %(kind)s we can read.") % {
                "kind": self.get_kind_display().lower()
            }
        if self.evidence == self.Evidence.PUBLIC_ALERT and not self.evidence_url:
            errors["evidence_url"] = _("Give the address of the public alert.")
        if self.first_seen and self.last_seen and self.first_seen > self.last_seen:
            errors["last_seen"] = _("“Last seen” cannot be before “first seen”.")
        if not errors and self.region_id:
            official = official_records_matching(self.value, self.region)
            if official:
                record = official[0]
                errors["value"] = _(
                    "This is an official contact of %(owner)s (%(value)s, %(region)s), whatever "
                    "region the entry is saved under. Official contacts are never put in the scam "
                    "register; report a spoofed number as a look-alike."
                ) % {
                    "owner": record.owner_name,
                    "value": record.value,
                    "region": record.owner.region,
                }
        if errors:
            raise ValidationError(errors)


class ScamDispute(CleanText):
    """Someone says a register entry is theirs and not a scam. An editor decides."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        UPHELD = "upheld", _("Upheld: taken off the register")
        REJECTED = "rejected", _("Rejected: stays on the register")

    entry = models.ForeignKey(
        ScamEntry,
        on_delete=models.CASCADE,
        related_name="disputes",
        verbose_name=_("scam register entry"),
    )
    message = models.TextField(
        _("message"),
        max_length=1000,
        blank=True,
        help_text=_("Why it is not a scam, and how an editor can check (optional)."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dispute of a scam entry")
        verbose_name_plural = _("disputes of scam entries")

    def __str__(self):
        return str(self.entry)

    def get_absolute_url(self):
        return self.entry.get_absolute_url()
