"""The content admins: regions, operators with their contacts, channels and safety notes."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TranslationStackedInline

from ..models import Channel, OfficialContact, Operator, Region, SafetyNote
from .base import EditorsTranslationAdmin
from .facts import OperatorFactInline, RegionRouteInline
from .history import HistoryAdmin
from .source_checks import SourceCheckDisplay
from .sourced import SOURCED_FIELDS, AuthorityInline


@admin.register(Region)
class RegionAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["code", "name", "calling_code", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    inlines = [AuthorityInline, RegionRouteInline]


class OfficialContactInline(SourceCheckDisplay, TranslationStackedInline):
    model = OfficialContact
    extra = 0
    readonly_fields = ["source_check"]
    fields = [("kind", "value"), "purpose", "use", *SOURCED_FIELDS]


@admin.register(Operator)
class OperatorAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["name", "short_name", "region", "is_active", "order"]
    list_filter = ["region", "is_active"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OfficialContactInline, OperatorFactInline]


@admin.register(OfficialContact)
class OfficialContactAdmin(SourceCheckDisplay, HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["value", "kind", "operator", "purpose", "source_kind", "verified_on"]
    list_filter = ["kind", "source_kind", "operator__region", "operator"]
    search_fields = ["value", "purpose_zh_hans", "purpose_en"]
    list_select_related = ["operator"]
    readonly_fields = ["source_check"]


@admin.register(Channel)
class ChannelAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SafetyNote)
class SafetyNoteAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["title", "topic", "severity", "applies_to_all", "is_active"]
    list_filter = ["topic", "severity", "applies_to_all", "is_active"]
    search_fields = ["slug", "title_zh_hans", "title_en"]
    filter_horizontal = ["channels", "operators"]
    prepopulated_fields = {"slug": ["title_en"]}

    def get_deleted_objects(self, objs, request):
        """Refuse, with the reason, to delete the last note that keeps a core topic on pages."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        notes = list(objs)
        for note in notes:
            try:
                note.check_core_topic_kept(excluding=[n.pk for n in notes])
            except ValidationError as error:
                protected = [*protected, f"{note}: {error.messages[0]}"]
        return deleted, model_count, perms_needed, protected
