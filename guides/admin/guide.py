"""The guide admin: its list, filters, actions and displays. Its form is in `guide_form`, its
extra pages (preview, compare with published, share links) in `guide_views`."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..editorial.history import current_version, language_name, version_of_record
from ..editorial.versions import version_fields
from ..models import EditConflict, Feedback, Guide, GuideStep
from .base import EditorialMedia, EditorsTranslationAdmin
from .facts import GuideFactInline
from .guide_form import GuideAdminForm, GuideStepInline, error_summary
from .guide_views import GuideViews
from .history import HistoryAdmin
from .schedule import ScheduledForGuide
from .source_checks import SourceCheckDisplay


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
        languages = [
            (code, _("Missing %(language)s translation") % {"language": language_name(code)})
            for code, _name in settings.LANGUAGES
        ]
        return [("any", _("Missing a translation")), *languages]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.untranslated()
        if self.value() in dict(settings.LANGUAGES):
            return queryset.untranslated(self.value())
        return queryset


class StaleDraftFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        days = settings.GUIDE_STALE_DRAFT_DAYS
        return [("stale_draft", _("Drafts older than %(days)d days") % {"days": days})]

    def queryset(self, request, queryset):
        if self.value() == "stale_draft":
            return queryset.drafts_older_than()
        return queryset


@admin.register(Guide)
class GuideAdmin(
    ScheduledForGuide, SourceCheckDisplay, GuideViews, HistoryAdmin, EditorsTranslationAdmin
):
    form = GuideAdminForm
    list_display = [
        "title",
        "operator_name",
        "channel",
        "status",
        "languages",
        "review",
    ]
    list_filter = [
        "status",
        "operator__region",
        "operator",
        "channel",
        OverdueFilter,
        MissingTranslationFilter,
        StaleDraftFilter,
    ]
    history_list_display = ["version", "status"]
    list_select_related = ["operator", "channel"]
    search_fields = ["slug", "title_zh_hans", "title_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [GuideStepInline, GuideFactInline]
    actions = ["publish", "unpublish", "mark_verified_today"]
    readonly_fields = [
        "last_verified_by",
        "version",
        "published_at",
        "updated_at",
        "reader_feedback",
        "source_check",
        "scheduled_changes",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("operator", "channel", "payment_provider"),
                    "summary",
                    "body",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    ("source_url", "source_kind", "source_year"),
                    "source_check",
                    ("last_verified_on", "last_verified_by"),
                    "review_interval_days",
                    ("version", "published_at", "updated_at"),
                    "scheduled_changes",
                ]
            },
        ),
        (_("Reader feedback"), {"fields": ["reader_feedback"]}),
    ]

    class Media(EditorialMedia):
        pass

    def get_queryset(self, request):
        steps = GuideStep.objects.order_by("order", "pk")
        return super().get_queryset(request).prefetch_related(Prefetch("steps", steps))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's version check and its save (possible where the
            # database has no row locks, such as SQLite). Everything was rolled back; handling
            # the same POST again runs the check again, which now sees their save.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        formsets = [inline.formset for inline in context["inline_admin_formsets"]]
        context["error_summary"] = error_summary(form, formsets) if form.is_bound else []
        can_edit = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if can_edit:
            context["preview_buttons"] = [
                (language_name(code), self.preview_url(obj, code))
                for code, _n in settings.LANGUAGES
            ]
            if obj is not None:
                context["compare_url"] = reverse(
                    "admin:guides_guide_compare_published", args=[obj.pk]
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_changes(self, old, new):
        return version_of_record(new).changes_since(version_of_record(old))

    def revert_changes(self, guide, record):
        fields = [model_field.name for model_field in version_fields(Guide)]
        return version_of_record(record).changes_since(current_version(guide), fields=fields)

    def has_verify_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.verify_guide")

    @admin.display(description=_("languages"))
    def languages(self, guide):
        gaps = guide.untranslated_parts()
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 - a constant
            '<span class="translation-status translation-status--{}">{} '
            '<abbr title="{}">{}</abbr>{}</span>',
            (
                (
                    "missing" if missing else "complete",
                    "✗" if missing else "✓",
                    language_name(code),
                    code,
                    f": {', '.join(missing)}" if missing else "",
                )
                for code, missing in gaps.items()
            ),
        )

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

    @admin.display(description=_("operator"), ordering="operator")
    def operator_name(self, guide):
        """The operator's short name: the list has room for a guide's title at 1280 px."""
        return guide.operator.short_name

    @admin.display(description=_("last verified on"), ordering="last_verified_on")
    def review(self, guide):
        """When the guide was last verified, and on overdue rows only, since when it is overdue."""
        verified = date_format(guide.last_verified_on) if guide.last_verified_on else "-"
        if not guide.is_overdue():
            return verified
        if guide.overdue_since is None:
            overdue = _("Overdue: never verified")
        else:
            overdue = _("Overdue since %(date)s") % {"date": date_format(guide.overdue_since)}
        return format_html('{}<br><strong class="overdue">{}</strong>', verified, overdue)

    @admin.action(description=_("Publish selected guides"), permissions=["change"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for guide in queryset:
            try:
                guide.publish()
            except ValidationError as error:
                refused.append(f"{guide} ({' '.join(error.messages)})")
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
                _("Not published: %s") % "; ".join(refused),
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

    @admin.action(description=_("Mark selected guides verified today"), permissions=["verify"])
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
