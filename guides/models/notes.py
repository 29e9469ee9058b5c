"""Safety notes, and the rule that every guide page shows one on each core topic."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..markup import MAX_LENGTH as MARKDOWN_MAX_LENGTH
from ..markup import markdown_validators
from ..values.mentions import translated_texts
from . import Channel, Operator, fallback_fields
from .named_contacts import check_named_contacts
from .text import CleanText


class SafetyNoteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def core_for_every_guide(self):
        return self.filter(topic__in=SafetyNote.CORE_TOPICS, is_active=True, applies_to_all=True)

    def covering_core_topic(self, topic):
        """Notes that put `topic` on every guide page: active and scoped to all guides."""
        return self.core_for_every_guide().filter(topic=topic)

    def core_topics_left_bare(self, excluding=()):
        """The core topics no note would cover without the notes `excluding`: the rule that
        every guide page shows an active note on each core topic, in one place. The admin's
        delete and edit paths (through the model) and the content import all ask it."""
        covered = set(
            self.core_for_every_guide().exclude(pk__in=excluding).values_list("topic", flat=True)
        )
        return [topic for topic in SafetyNote.CORE_TOPICS if topic not in covered]

    def for_guide(self, guide):
        """Active notes shown with `guide`: the ones for all guides, its channel, its operator."""
        return (
            self.active()
            .filter(
                Q(applies_to_all=True)
                | Q(channels=guide.channel_id)
                | Q(operators=guide.operator_id)
            )
            .distinct()
            .order_by("-applies_to_all", "topic_order", "order", "pk")
        )

    def delete(self):
        for note in self:
            note.check_core_topic_kept(excluding=[n.pk for n in self])
        return super().delete()


class SafetyNote(CleanText):
    class Topic(models.TextChoices):
        VERIFY_NUMBER = "verify_number", _("Verify the number")
        KEEP_RECEIPTS = "keep_receipts", _("Keep receipts")
        AVOID_SCAMS = "avoid_scams", _("Avoid scams")
        ACCOUNT_SECURITY = "account_security", _("Account security")
        FEES = "fees", _("Fees and charges")

    class Severity(models.TextChoices):
        INFO = "info", _("Advice")
        WARNING = "warning", _("Warning")
        DANGER = "danger", _("Danger")

    CORE_TOPICS = (Topic.VERIFY_NUMBER, Topic.KEEP_RECEIPTS, Topic.AVOID_SCAMS)
    TRANSLATED_FIELDS = ("title", "body")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # Core topics come first on every page, in the order of `Topic`.
    topic_order = models.PositiveSmallIntegerField(editable=False, default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"),
        max_length=MARKDOWN_MAX_LENGTH,
        validators=markdown_validators(),
        help_text=_("Markdown."),
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.INFO
    )
    applies_to_all = models.BooleanField(
        _("show with every guide"),
        default=False,
        help_text=_("Otherwise it is shown only with the channels and operators chosen below."),
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="safety_notes", verbose_name=_("channels")
    )
    operators = models.ManyToManyField(
        Operator, blank=True, related_name="safety_notes", verbose_name=_("operators")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SafetyNoteQuerySet.as_manager()

    class Meta:
        ordering = ["topic_order", "order", "pk"]
        verbose_name = _("safety note")
        verbose_name_plural = _("safety notes")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        topics = list(self.Topic)
        self.topic_order = topics.index(self.topic) if self.topic in topics else len(topics)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guides:safety") + f"#{self.slug}"

    @property
    def is_core(self):
        return self.topic in self.CORE_TOPICS

    @property
    def covers_core_topic(self):
        return self.is_core and self.is_active and self.applies_to_all

    @classmethod
    def core_topic_error(cls, topic):
        return ValidationError(
            _(
                "Every guide must show an active note on “%(topic)s”, and no such note would be "
                "left: this change would remove the last active note shown with every guide. Add "
                "or activate another such note first."
            ),
            code="last_core_note",
            params={"topic": cls.Topic(topic).label},
        )

    def check_core_topic_kept(self, excluding=(), replacement=None):
        """Raise if removing this note (as stored) would leave a core topic with no note.

        `replacement` is this note with unsaved changes: it still counts if it keeps the topic.
        """
        if not self.pk:
            return
        stored = SafetyNote.objects.filter(pk=self.pk).first()
        if stored is None or not stored.covers_core_topic:
            return
        if (
            replacement is not None
            and replacement.covers_core_topic
            and replacement.topic == stored.topic
        ):
            return
        if stored.topic in SafetyNote.objects.core_topics_left_bare(
            excluding=[self.pk, *excluding]
        ):
            raise self.core_topic_error(stored.topic)

    def clean(self):
        self.check_core_topic_kept(replacement=self)
        if self.is_active:
            # Published text names only contacts the number checker knows
            # (guides.models.named_contacts).
            check_named_contacts(translated_texts(SafetyNote, self.TRANSLATED_FIELDS, self))

    def delete(self, *args, **kwargs):
        self.check_core_topic_kept()
        return super().delete(*args, **kwargs)

    def fallback_fields(self, language=None):
        return fallback_fields(self, self.TRANSLATED_FIELDS, language)
