"""Admins for the contacts that are not an operator's: authorities and payment providers."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from ..models import Authority, PaymentProvider, PaymentProviderContact
from .base import EditorsTranslationAdmin
from .facts import ProviderRouteInline
from .history import HistoryAdmin

SOURCED_FIELDS = [("source_url", "source_kind", "source_year"), ("verified_on", "order")]


class AuthorityInline(TranslationStackedInline):
    model = Authority
    extra = 0
    fields = [("role", "name"), ("kind", "value"), "purpose", *SOURCED_FIELDS]


@admin.register(Authority)
class AuthorityAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["value", "name", "role", "region", "source_kind", "verified_on"]
    list_filter = ["region", "role", "source_kind"]
    search_fields = ["value", "name_zh_hans", "name_en", "purpose_zh_hans", "purpose_en"]
    list_select_related = ["region"]
    fields = ["region", *AuthorityInline.fields]


class PaymentProviderContactInline(TranslationStackedInline):
    model = PaymentProviderContact
    extra = 0
    fields = [("kind", "value"), "purpose", *SOURCED_FIELDS]


@admin.register(PaymentProvider)
class PaymentProviderAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["name", "region", "website", "is_active", "order"]
    list_filter = ["region", "is_active"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [PaymentProviderContactInline, ProviderRouteInline]
