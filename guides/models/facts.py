"""Facts readers act on, each with the page that states it: a guide's facts box, what an
operator says about keeping a number and topping up from abroad, and where to turn when a top-up
does not arrive.

A fact nobody has sourced is not written down: its absence is the "unknown" readers see
("not published by the operator"), never a guess.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..values import contacts
from ..values.mentions import translated_texts
from .fields import WebURLField
from .named_contacts import check_named_contacts
from .sourced import OFFICIAL_SOURCE_KINDS, SourceKind, source_kind_field, source_year_field
from .text import CleanText


class SourcedFact(CleanText):
    """One short statement and the page that makes it."""

    TRANSLATED_FIELDS = ("text",)

    text = models.CharField(
        _("fact"),
        max_length=500,
        help_text=_("One plain sentence a reader can act on, as the source states it."),
    )
    source_url = WebURLField(_("source URL"), help_text=_("The page that states this fact."))
    source_kind = source_kind_field(default=SourceKind.SECONDARY)
    source_year = source_year_field()
    checked_on = models.DateField(_("checked on"), default=datetime.date.today)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    @property
    def is_officially_sourced(self):
        return self.source_kind in OFFICIAL_SOURCE_KINDS

    @property
    def source_site(self):
        host = contacts.host_of(contacts.normalise_web_address(self.source_url))
        return contacts.registrable_domain(host) if host else ""

    def shown_texts(self):
        """What readers read of this fact, as `contact_errors` reads it, labelled with what the
        fact is: "中国移动漫游: Cost or fee · Fact (English)"."""
        return [
            (key, f"{self} · {label}", text)
            for key, label, text in translated_texts(type(self), self.TRANSLATED_FIELDS, self)
        ]

    def check_named_contacts(self):
        """Raise if the fact names a contact the number checker does not know (published text
        names only known contacts: `guides.models.named_contacts`)."""
        check_named_contacts(self.shown_texts())


class GuideFactQuerySet(models.QuerySet):
    def works_from_abroad(self):
        return self.filter(topic=GuideFact.Topic.ABROAD, works_from_abroad=True)


def works_from_abroad():
    """Lookup for guides whose abroad fact says yes: the guide list's `abroad=1` filter."""
    return Exists(GuideFact.objects.works_from_abroad().filter(guide=OuterRef("pk")))


class GuideFact(SourcedFact):
    """One line of a guide's facts box."""

    class Topic(models.TextChoices):
        COST = "cost", _("Cost or fee")
        TIME_TO_CREDIT = "time_to_credit", _("Time to credit")
        AMOUNTS = "amounts", _("Amounts and limits")
        REQUIREMENTS = "requirements", _("What you need")
        ABROAD = "abroad", _("From abroad")

    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.CASCADE, related_name="facts", verbose_name=_("guide")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    works_from_abroad = models.BooleanField(
        _("works from abroad"),
        null=True,
        blank=True,
        help_text=_(
            "Only for the “From abroad” fact: whether the source says this channel works from "
            "outside the operator's region."
        ),
    )

    objects = GuideFactQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "order", "pk"]
        verbose_name = _("guide fact")
        verbose_name_plural = _("guide facts")
        constraints = [
            models.UniqueConstraint(fields=["guide", "topic"], name="one_fact_per_guide_topic"),
        ]

    def __str__(self):
        return f"{self.guide}: {self.get_topic_display()}"

    def get_absolute_url(self):
        return self.guide.get_absolute_url() + "#facts"

    def clean(self):
        if self.topic == self.Topic.ABROAD and self.works_from_abroad is None:
            raise ValidationError(
                {"works_from_abroad": _("Say whether the source says it works from abroad.")}
            )
        if self.topic != self.Topic.ABROAD:
            self.works_from_abroad = None
        if self.guide_id and self.guide.is_published:
            self.check_named_contacts()


def facts_box(facts):
    """Every topic of the facts box in order, each with its fact or None ("unknown")."""
    by_topic = {fact.topic: fact for fact in facts}
    return [(topic, by_topic.get(topic.value)) for topic in GuideFact.Topic]


def abroad_answer(abroad_guides):
    """What an operator's page leads with for a reader away from its region: the first of its
    guides that work from abroad (`abroad_guides`, in reading order) on a roaming channel, as
    that is the guide written for them (Smart's says what works from mainland China); None if
    no roaming guide works from abroad."""
    return next((guide for guide in abroad_guides if guide.channel.is_roaming), None)


#: A facts box that knows fewer facts than this says why the rest is unknown.
ENOUGH_KNOWN_FACTS = 2


def knows_too_little(box):
    """Whether a facts box (from `facts_box`) must say why so much of it is unknown."""
    return sum(1 for _topic, fact in box if fact) < ENOUGH_KNOWN_FACTS


def facts_compared(rows):
    """The comparison of several facts boxes: `rows` are (guide, facts box) pairs.

    Returns the topics at least one row knows, and each row cut to those topics: a column that
    would say "unknown" for every channel says nothing, so it is left out; an unknown in a kept
    column is still shown as unknown. No topic at all means nothing is known to compare.
    """
    topics = [
        topic for topic in GuideFact.Topic if any(dict(box).get(topic) for _guide, box in rows)
    ]
    return topics, [
        (guide, [(topic, fact) for topic, fact in box if topic in topics]) for guide, box in rows
    ]


class OperatorFact(SourcedFact):
    """What an operator's page says about keeping a number alive, and about topping up from
    abroad. A topic may have several facts (say, a roaming reload code and a hotline)."""

    class Topic(models.TextChoices):
        LOAD_VALIDITY = "load_validity", _("How long credit stays valid")
        ZERO_BALANCE = "zero_balance", _("At zero balance")
        NUMBER_LOST = "number_lost", _("When the number is lost")
        REGISTRATION = "registration", _("SIM registration")
        ABROAD = "abroad", _("If you are abroad")

    KEEP_ALIVE_TOPICS = (
        Topic.LOAD_VALIDITY,
        Topic.ZERO_BALANCE,
        Topic.NUMBER_LOST,
        Topic.REGISTRATION,
    )

    operator = models.ForeignKey(
        "guides.Operator",
        on_delete=models.CASCADE,
        related_name="facts",
        verbose_name=_("operator"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        ordering = ["operator", "order", "pk"]
        verbose_name = _("operator fact")
        verbose_name_plural = _("operator facts")

    def __str__(self):
        return f"{self.operator}: {self.get_topic_display()}"

    def get_absolute_url(self):
        anchor = "abroad" if self.topic == self.Topic.ABROAD else "keep-number"
        return self.operator.get_absolute_url() + f"#{anchor}"

    def clean(self):
        self.check_named_contacts()


def keep_alive_facts(facts):
    """The keep-your-number topics in order, each with its facts (an empty list: unknown)."""
    return [
        (topic, [fact for fact in facts if fact.topic == topic])
        for topic in OperatorFact.KEEP_ALIVE_TOPICS
    ]


class ProblemRouteQuerySet(models.QuerySet):
    def for_guide(self, guide):
        """The routes of the guide's region and of its payment provider (`for_region`)."""
        return self.for_region(guide.operator.region_id, guide.payment_provider_id)

    def for_region(self, region_id, payment_provider_id=None):
        """The routes of a region and of a payment provider (if any), in the order to take
        them: the payment provider's own (its order page holds the payment's status and refund),
        then the operator's, then the regulators'."""
        routes = self.filter(
            Q(region_id=region_id)
            | Q(payment_provider_id=payment_provider_id, payment_provider__isnull=False)
        )
        stages = [
            ProblemRoute.Stage.PAYMENT_PROVIDER,
            ProblemRoute.Stage.OPERATOR,
            ProblemRoute.Stage.REGULATOR,
        ]
        return sorted(
            routes,
            key=lambda route: (
                stages.index(route.stage),
                route.region_id is not None,
                route.order,
                route.pk,
            ),
        )


class ProblemRoute(SourcedFact):
    """One step to take when a top-up does not arrive: kept once for a region (its operators'
    and regulator's routes) or for a payment provider (its own and its regulator's), and shown
    on every guide of that region or provider."""

    TRANSLATED_FIELDS = ("text", "time_limit")

    class Stage(models.TextChoices):
        OPERATOR = "operator", _("The operator")
        PAYMENT_PROVIDER = "payment_provider", _("The payment provider")
        REGULATOR = "regulator", _("The regulator")

    region = models.ForeignKey(
        "guides.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="problem_routes",
        verbose_name=_("region"),
    )
    payment_provider = models.ForeignKey(
        "guides.PaymentProvider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="problem_routes",
        verbose_name=_("payment provider"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    time_limit = models.CharField(
        _("time limit"),
        max_length=200,
        blank=True,
        help_text=_("Only a limit the source states, e.g. “within 30 days”."),
    )

    objects = ProblemRouteQuerySet.as_manager()

    class Meta:
        ordering = ["region", "payment_provider", "order", "pk"]
        verbose_name = _("route when a top-up goes wrong")
        verbose_name_plural = _("routes when a top-up goes wrong")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, payment_provider__isnull=True)
                | Q(region__isnull=True, payment_provider__isnull=False),
                name="problem_route_region_or_provider",
            ),
        ]

    def __str__(self):
        return f"{self.region or self.payment_provider}: {self.get_stage_display()}"

    def get_absolute_url(self):
        owner = self.region or self.payment_provider
        return owner.get_absolute_url()

    def clean(self):
        if (self.region_id is None) == (self.payment_provider_id is None):
            raise ValidationError(_("Choose either a region or a payment provider."))
        if self.region_id and self.stage == self.Stage.PAYMENT_PROVIDER:
            raise ValidationError(
                {"stage": _("The payment provider's route belongs to the payment provider.")}
            )
        if self.payment_provider_id and self.stage == self.Stage.OPERATOR:
            raise ValidationError({"stage": _("The operator's route belongs to the region.")})
        self.check_named_contacts()
