"""Inlines for sourced facts: a guide's facts box, an operator's keep-your-number and abroad
facts, and the routes when a top-up goes wrong (kept on the region or the payment provider)."""

from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from ..models import GuideFact, OperatorFact, ProblemRoute

FACT_SOURCE_FIELDS = ("source_url", "source_kind", "source_year", "checked_on")


class GuideFactInline(TranslationStackedInline):
    model = GuideFact
    extra = 0
    fields = [("topic", "works_from_abroad"), "text", FACT_SOURCE_FIELDS]
    verbose_name_plural = _("facts box (a topic left out is shown as “not published”)")


class OperatorFactInline(TranslationStackedInline):
    model = OperatorFact
    extra = 0
    fields = [("topic", "order"), "text", FACT_SOURCE_FIELDS]


class RegionRouteInline(TranslationStackedInline):
    model = ProblemRoute
    fk_name = "region"
    extra = 0
    fields = [("stage", "order"), "text", "time_limit", FACT_SOURCE_FIELDS]


class ProviderRouteInline(RegionRouteInline):
    fk_name = "payment_provider"
