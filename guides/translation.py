"""Fields that editors write in each language (django-modeltranslation)."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    Authority,
    Channel,
    Guide,
    GuideFact,
    GuideStep,
    OfficialContact,
    Operator,
    OperatorFact,
    PaymentProvider,
    PaymentProviderContact,
    ProblemRoute,
    Region,
    SafetyNote,
    ScamEntry,
)
from .models.registry import CONTENT


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "anti_fraud_contact")
    required_languages = ("zh-hans",)


@register(Operator)
class OperatorTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "official_app_name")
    required_languages = {"zh-hans": ("name",)}


@register(OfficialContact)
class OfficialContactTranslationOptions(TranslationOptions):
    fields = ("purpose",)
    required_languages = ("zh-hans",)


@register(Authority)
class AuthorityTranslationOptions(TranslationOptions):
    fields = ("name", "purpose")
    required_languages = ("zh-hans",)


@register(PaymentProvider)
class PaymentProviderTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans",)


@register(PaymentProviderContact)
class PaymentProviderContactTranslationOptions(TranslationOptions):
    fields = ("purpose",)
    required_languages = ("zh-hans",)


@register(ScamEntry)
class ScamEntryTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(Channel)
class ChannelTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"zh-hans": ("name",)}


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")


@register(GuideStep)
class GuideStepTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("zh-hans",)


@register(GuideFact)
class GuideFactTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("zh-hans",)


@register(OperatorFact)
class OperatorFactTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("zh-hans",)


@register(ProblemRoute)
class ProblemRouteTranslationOptions(TranslationOptions):
    fields = ("text", "time_limit")
    required_languages = {"zh-hans": ("text",)}


@register(SafetyNote)
class SafetyNoteTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("zh-hans",)


# History of every content change (django-simple-history), for every model the registry calls
# content (`guides.models.registry.CONTENT`). It is registered here rather than with
# `history = HistoricalRecords()` on the models because the historical tables must copy the
# per-language columns, and those exist only once the models above are registered for
# translation. The revert and diff code in `guides.editorial.history` relies on both languages being
# kept. A guide's copies of its region's, operator's and channel's order and its search documents
# are not content, so they are left out (Guide.save sets them again on a revert).
for model in CONTENT:
    simple_history.register(model, excluded_fields=getattr(model, "DERIVED_FIELDS", ()))
