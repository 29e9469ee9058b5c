"""Admins for the contacts that are not an operator's: authorities and payment providers."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from ..models import Authority, PaymentProvider, PaymentProviderContact
from .base import EditorsTranslationAdmin
from .facts import ProviderRouteInline
from .history import HistoryAdmin
from .source_checks import SourceCheckDisplay

SOURCED_FIELDS = [
    ("source_url", "source_kind", "source_year"),
    "source_check",
    ("verified_on", "order"),
]


class AuthorityInline(SourceCheckDisplay, TranslationStackedInline):
    model = Authority
    extra = 0
    readonly_fields = ["source_check"]
    fields = [("role", "name"), ("kind", "value"), "purpose", "use", *SOURCED_FIELDS]


@admin.register(Authority)
class AuthorityAdmin(SourceCheckDisplay, HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["value", "name", "role", "region", "source_kind", "verified_on"]
    list_filter = ["region", "role", "source_kind"]
    search_fields = ["value", "name_zh_hans", "name_en", "purpose_zh_hans", "purpose_en"]
    list_select_related = ["region"]
    fields = ["region", *AuthorityInline.fields]
    readonly_fields = ["source_check"]


class PaymentProviderContactInline(SourceCheckDisplay, TranslationStackedInline):
    model = PaymentProviderContact
    extra = 0
    readonly_fields = ["source_check"]
    fields = [("kind", "value"), "purpose", "use", *SOURCED_FIELDS]


@admin.register(PaymentProvider)
class PaymentProviderAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["name", "region", "website", "is_active", "order"]
    list_filter = ["region", "is_active"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [PaymentProviderContactInline, ProviderRouteInline]
