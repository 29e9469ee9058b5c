"""Moderating what readers send: feedback on guides, and the scam register it feeds.

A reader's scam report may name the number, sender or link they saw; one action turns it into a
register entry. Anyone can contest an entry ("this is my number"); an editor upholds (the entry
leaves the register) or rejects the dispute.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Feedback, ScamDispute, ScamEntry
from .base import EditorsTranslationAdmin
from .history import HistoryAdmin


def report_status_changed(admin_view, request, count, label):
    admin_view.message_user(
        request,
        ngettext(
            "Marked %(count)d report as “%(status)s”.",
            "Marked %(count)d reports as “%(status)s”.",
            count,
        )
        % {"count": count, "status": label},
        messages.SUCCESS,
    )


class ReportsFilter(admin.SimpleListFilter):
    title = _("reports or votes")
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("1", _("Reports, not votes (helpful or not)"))]

    def queryset(self, request, queryset):
        return queryset.reports() if self.value() == "1" else queryset


class NamesFilter(admin.SimpleListFilter):
    title = _("names a scam")
    parameter_name = "names"

    def lookups(self, request, model_admin):
        return [("1", _("Names a number, sender or link"))]

    def queryset(self, request, queryset):
        return queryset.naming_a_scam() if self.value() == "1" else queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "guide_link",
        "operator",
        "status",
        "short_message",
        "reported_value",
    ]
    list_filter = ["status", ReportsFilter, "kind", NamesFilter, "guide__operator", "guide"]
    list_select_related = ["guide__operator"]
    search_fields = ["message", "reported_value"]
    readonly_fields = ["guide", "kind", "message", "reported_value", "created_at"]
    fields = ["guide", "kind", "message", "reported_value", "created_at", "status"]
    date_hierarchy = "created_at"
    actions = ["add_to_scam_register", "mark_in_progress", "mark_resolved", "mark_spam"]

    @admin.display(description=_("guide"), ordering="guide")
    def guide_link(self, feedback):
        """The guide's own admin page, where the editor fixes what the reader reported."""
        url = reverse("admin:guides_guide_change", args=[feedback.guide_id])
        return format_html('<a href="{}">{}</a>', url, feedback.guide)

    @admin.display(description=_("operator"), ordering="guide__operator")
    def operator(self, feedback):
        return feedback.guide.operator

    @admin.display(description=_("message"))
    def short_message(self, feedback):
        return Truncator(feedback.message).chars(80)

    def has_add_permission(self, request):
        # Feedback comes from readers only; editors moderate it.
        return False

    def _set_status(self, request, queryset, status):
        count = queryset.update(status=status)
        report_status_changed(self, request, count, Feedback.Status(status).label)

    @admin.action(
        description=_("Add what the selected reports name to the scam register"),
        permissions=["change"],
    )
    def add_to_scam_register(self, request, queryset):
        added = 0
        for report in queryset.select_related("guide__operator__region"):
            try:
                entry = ScamEntry.record_report(report)
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{report.reported_value}: {' '.join(error.messages)}",
                    messages.ERROR,
                )
                continue
            if entry is None:
                self.message_user(
                    request,
                    _("Report of %(date)s names no number, sender or link; nothing added.")
                    % {"date": report.created_at.date()},
                    messages.WARNING,
                )
                continue
            added += 1
        if added:
            self.message_user(
                request,
                ngettext(
                    "Put %(count)d entry on the scam register.",
                    "Put %(count)d entries on the scam register.",
                    added,
                )
                % {"count": added},
                messages.SUCCESS,
            )

    @admin.action(description=_("Mark selected feedback in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.IN_PROGRESS)

    @admin.action(description=_("Mark selected feedback resolved"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.RESOLVED)

    @admin.action(description=_("Mark selected feedback as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Feedback.Status.SPAM)


class ScamDisputeInline(admin.TabularInline):
    model = ScamDispute
    extra = 0
    fields = ["created_at", "message", "status"]
    readonly_fields = ["created_at", "message"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScamEntry)
class ScamEntryAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["value", "kind", "region", "evidence", "first_seen", "last_seen", "is_listed"]
    list_filter = ["is_listed", "kind", "evidence", "region"]
    search_fields = ["value", "description_zh_hans", "description_en"]
    list_select_related = ["region"]
    date_hierarchy = "last_seen"
    raw_id_fields = ["report"]
    fields = [
        ("region", "kind"),
        "value",
        "description",
        ("evidence", "evidence_url"),
        "report",
        ("first_seen", "last_seen"),
        "is_listed",
    ]
    inlines = [ScamDisputeInline]


@admin.register(ScamDispute)
class ScamDisputeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "entry", "status", "short_message"]
    list_filter = ["status"]
    list_select_related = ["entry"]
    readonly_fields = ["entry", "message", "created_at"]
    fields = ["entry", "message", "created_at", "status"]
    actions = ["uphold", "reject"]

    @admin.display(description=_("message"))
    def short_message(self, dispute):
        return Truncator(dispute.message).chars(80)

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Uphold: take the entries off the scam register"), permissions=["change"]
    )
    def uphold(self, request, queryset):
        for dispute in queryset.select_related("entry"):
            dispute.entry.is_listed = False
            dispute.entry.save()
        count = queryset.update(status=ScamDispute.Status.UPHELD)
        report_status_changed(self, request, count, ScamDispute.Status.UPHELD.label)

    @admin.action(description=_("Reject: the entries stay listed"), permissions=["change"])
    def reject(self, request, queryset):
        count = queryset.update(status=ScamDispute.Status.REJECTED)
        report_status_changed(self, request, count, ScamDispute.Status.REJECTED.label)
