"""The editors' admin: translated fields side by side in tabs, one tab per language."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from .models import (
    Channel,
    Feedback,
    Guide,
    GuideStep,
    OfficialContact,
    Operator,
    Region,
    SafetyNote,
)

admin.site.site_header = _("Top-up Guides editors")
admin.site.site_title = _("Top-up Guides editors")
admin.site.index_title = _("Content")


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "calling_code", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_zh_hans", "name_en"]


class OfficialContactInline(TranslationStackedInline):
    model = OfficialContact
    extra = 0
    fields = [("kind", "value"), "purpose", ("source_url", "verified_on"), "order"]


@admin.register(Operator)
class OperatorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "short_name", "region", "is_active", "order"]
    list_filter = ["region", "is_active"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OfficialContactInline]


@admin.register(OfficialContact)
class OfficialContactAdmin(TabbedTranslationAdmin):
    list_display = ["value", "kind", "operator", "purpose", "verified_on"]
    list_filter = ["kind", "operator__region", "operator"]
    search_fields = ["value", "purpose_zh_hans", "purpose_en"]
    list_select_related = ["operator"]


@admin.register(Channel)
class ChannelAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class GuideStepFormSet(BaseInlineFormSet):
    """Checks the publishing rule against the steps as they will be saved, not as stored."""

    def clean(self):
        super().clean()
        guide = self.instance
        if not guide.is_published or any(self.errors):
            return
        remaining = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]
        if not remaining:
            raise ValidationError(
                _("A guide needs at least one step before it can be published."),
                code="no_steps",
            )


class GuideStepInline(TranslationStackedInline):
    model = GuideStep
    formset = GuideStepFormSet
    extra = 0
    min_num = 0
    fields = ["order", "text"]


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.code, str(region)) for region in Region.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(operator__region__code=self.value())
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue for review"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue_for_review()
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("en", _("Missing English translation"))]

    def queryset(self, request, queryset):
        if self.value() == "en":
            return queryset.missing_translation("en")
        return queryset


@admin.register(Guide)
class GuideAdmin(TabbedTranslationAdmin):
    list_display = ["title", "operator", "channel", "status", "last_verified_on", "overdue"]
    list_filter = [
        "status",
        RegionFilter,
        "operator",
        "channel",
        OverdueFilter,
        MissingTranslationFilter,
    ]
    list_select_related = ["operator", "channel"]
    search_fields = ["slug", "title_zh_hans", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [GuideStepInline]
    actions = ["publish", "unpublish", "mark_verified_today"]
    readonly_fields = [
        "last_verified_by",
        "version",
        "published_at",
        "updated_at",
        "reader_feedback",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("operator", "channel"), "summary", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "source_url",
                    ("last_verified_on", "last_verified_by"),
                    "review_interval_days",
                    ("version", "published_at", "updated_at"),
                ]
            },
        ),
        (_("Reader feedback"), {"fields": ["reader_feedback"]}),
    ]

    @admin.display(description=_("reader feedback"))
    def reader_feedback(self, guide):
        if not guide.pk:
            return "-"
        summary = guide.feedback_summary()
        counts = format_html(
            "<p>{}: {} · {}: {} · {}: {}</p>",
            Feedback.Kind.HELPFUL.label,
            summary["helpful"],
            Feedback.Kind.NOT_HELPFUL.label,
            summary["not_helpful"],
            _("open reports"),
            len(summary["open"]),
        )
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({}): {}</li>',
            (
                (
                    reverse("admin:guides_feedback_change", args=[item.pk]),
                    item.get_kind_display(),
                    item.get_status_display(),
                    Truncator(item.message).chars(120),
                )
                for item in summary["open"]
            ),
        )
        return format_html("{}<ul>{}</ul>", counts, items) if items else counts

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, guide):
        return guide.is_overdue()

    @admin.action(description=_("Publish selected guides"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for guide in queryset:
            try:
                guide.publish()
            except ValidationError:
                refused.append(str(guide))
                continue
            guide.save()
            published += 1
        if published:
            self.message_user(
                request,
                ngettext("Published %d guide.", "Published %d guides.", published) % published,
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                _("Not published, a title in Simplified Chinese or a step is missing: %s")
                % ", ".join(refused),
                messages.ERROR,
            )

    @admin.action(description=_("Unpublish selected guides"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for guide in queryset.filter(status=Guide.Status.PUBLISHED):
            guide.status = Guide.Status.DRAFT
            guide.save()
            count += 1
        self.message_user(
            request,
            ngettext("Unpublished %d guide.", "Unpublished %d guides.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected guides verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        count = 0
        for guide in queryset:
            guide.mark_verified(user=request.user, today=today)
            guide.save()
            count += 1
        self.message_user(
            request,
            ngettext("Marked %d guide verified today.", "Marked %d guides verified today.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(SafetyNote)
class SafetyNoteAdmin(TabbedTranslationAdmin):
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


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "guide", "operator", "status", "short_message"]
    list_filter = ["status", "kind", "guide__operator", "guide"]
    list_select_related = ["guide__operator"]
    search_fields = ["message"]
    readonly_fields = ["guide", "kind", "message", "created_at"]
    fields = ["guide", "kind", "message", "created_at", "status"]
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "mark_resolved", "mark_spam"]

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
        self.message_user(
            request,
            ngettext(
                "Marked %(count)d report as “%(status)s”.",
                "Marked %(count)d reports as “%(status)s”.",
                count,
            )
            % {"count": count, "status": Feedback.Status(status).label},
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
