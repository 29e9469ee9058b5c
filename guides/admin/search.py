"""Search as editors tune it: synonyms readers' words are read with, and the searches that
found nothing, which the index page lists once they are seen often enough
(guides.editorial.admin_site)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import MissedSearch, SearchSynonym
from ..search.help import search_url
from .history import HistoryAdmin


@admin.register(SearchSynonym)
class SearchSynonymAdmin(HistoryAdmin):
    list_display = ["term", "meaning", "kind", "region", "narrows", "note"]
    list_filter = ["kind", "region", "narrows"]
    search_fields = ["term", "meaning", "note"]
    fields = ["term", "meaning", "kind", "region", "narrows", "leads_to", "note"]
    autocomplete_fields = ["leads_to"]


@admin.register(MissedSearch)
class MissedSearchAdmin(admin.ModelAdmin):
    list_display = ["query", "times", "first_seen", "last_seen", "is_handled", "try_it"]
    list_filter = ["is_handled"]
    search_fields = ["query"]
    readonly_fields = ["query", "times", "first_seen", "last_seen", "try_it"]
    fields = ["query", "times", "first_seen", "last_seen", "is_handled", "try_it"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False  # counted from readers' searches only

    @admin.display(description=_("search again"))
    def try_it(self, obj):
        return format_html('<a href="{}">{}</a>', search_url(obj.query), _("See the results now"))

    @admin.action(description=_("Mark as dealt with"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(is_handled=True)
        self.message_user(
            request,
            ngettext("Marked %d search as dealt with.", "Marked %d searches as dealt with.", count)
            % count,
            messages.SUCCESS,
        )
