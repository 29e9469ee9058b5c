"""Scheduled changes in the admin: what is scheduled and when, a new version of a guide kept
until it goes live (from the guide's form), its preview and share links."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..editorial.history import admin_datetime, language_name
from ..editorial.scheduling import schedule_version, scheduled_version
from ..models import Guide, PreviewLink, ScheduledChange
from ..web.pages import guide_page_context
from .base import admin_page_context
from .guide_form import FormError

RUN_AT_FIELD = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class ScheduledForGuide:
    """Mixed into the guide admin: the guide's pending scheduled changes, on its page."""

    @admin.display(description=_("scheduled"))
    def scheduled_changes(self, guide):
        if not guide.pk:
            return "-"
        add = format_html(
            '<a href="{}?guide={}">{}</a>',
            reverse("admin:guides_scheduledchange_add"),
            guide.pk,
            _("Schedule a publication or withdrawal"),
        )
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse("admin:guides_scheduledchange_change", args=[c.pk]), str(c))
                for c in guide.scheduled_changes.pending()
            ),
        )
        return format_html("<ul>{}</ul>{}", items, add) if items else add


@admin.register(ScheduledChange)
class ScheduledChangeAdmin(admin.ModelAdmin):
    list_display = ["guide", "action", "version_kind", "run_at", "state", "created_by", "outcome"]
    list_filter = ["state", "action"]
    list_select_related = ["guide", "created_by"]
    search_fields = ["guide__slug", "guide__title_zh_hans", "guide__title_en"]
    date_hierarchy = "run_at"
    actions = ["cancel"]
    autocomplete_fields = []

    def get_fields(self, request, obj=None):
        fields = ["guide", "action", "run_at"]
        if obj is not None:
            fields += ["version_kind", "previews", "state", "outcome", "created_by", "applied_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["guide", "action", "version_kind", "previews", "state", "outcome"]
        readonly += ["created_by", "applied_at"]
        return readonly if obj.is_pending else [*readonly, "run_at"]

    def get_changeform_initial_data(self, request):
        return {"guide": request.GET.get("guide"), "action": request.GET.get("action")}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("what goes live"))
    def version_kind(self, change):
        if change.action == ScheduledChange.Action.WITHDRAW:
            return "-"
        if change.is_new_version:
            return _("A new version, kept until then")
        return _("The guide as stored at that time")

    @admin.display(description=_("preview and share"))
    def previews(self, change):
        if change.action != ScheduledChange.Action.PUBLISH:
            return "-"
        links = format_html_join(
            " · ",
            '<a href="{}" target="_blank">{}</a>',
            (
                (
                    reverse("admin:guides_scheduledchange_preview", args=[change.pk, code]),
                    _("Preview in %(language)s") % {"language": language_name(code)},
                )
                for code, _n in settings.LANGUAGES
            ),
        )
        shared = format_html_join(
            "",
            "<li>{} ({})</li>",
            (
                (
                    settings.SITE_URL + link.get_absolute_url(),
                    admin_datetime(link.expires_at),
                )
                for link in change.preview_links.active()
            ),
        )
        share_url = reverse("admin:guides_scheduledchange_share", args=[change.pk])
        return format_html(
            '<p>{}</p><ul>{}</ul><p><button type="submit" class="button" formaction="{}" '
            'formmethod="post" name="_share">{}</button></p>',
            links,
            shared,
            share_url,
            _("New share link to this version"),
        )

    @admin.action(description=_("Cancel selected scheduled changes"), permissions=["change"])
    def cancel(self, request, queryset):
        count = queryset.pending().update(state=ScheduledChange.State.CANCELLED)
        self.message_user(
            request,
            ngettext("Cancelled %d scheduled change.", "Cancelled %d scheduled changes.", count)
            % count,
            messages.SUCCESS,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "version/<path:guide_id>/",
                view(require_POST(self.schedule_version_view)),
                name="guides_scheduledchange_schedule_version",
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                view(self.preview_view),
                name="guides_scheduledchange_preview",
            ),
            path(
                "<path:object_id>/share/",
                view(require_POST(self.share_view)),
                name="guides_scheduledchange_share",
            ),
            *super().get_urls(),
        ]

    def schedule_version_view(self, request, guide_id):
        """From the guide's form: keep what it holds (unsaved) as a version that goes live at
        the time given, leaving the stored guide as it is."""
        guide_admin = self.admin_site._registry[Guide]
        obj = guide_admin.get_object(request, unquote(guide_id))
        if obj is None:
            raise Http404
        if not (
            guide_admin.has_change_permission(request, obj) and self.has_add_permission(request)
        ):
            raise PermissionDenied
        guide, steps, errors = guide_admin.guide_from_form(request, obj)
        run_at = None
        try:
            run_at = RUN_AT_FIELD.clean(request.POST.get("_schedule_at", ""))
        except ValidationError:
            errors = [*errors, FormError(_("When"), _("Give a date and time."), "schedule-at")]
        if not errors:
            try:
                change = schedule_version(
                    guide=guide, steps=steps, run_at=run_at, user=request.user
                )
            except ValidationError as error:
                errors = [FormError(_("When"), m, "schedule-at") for m in error.messages]
        if errors:
            context = admin_page_context(
                self, request, _("This version cannot be scheduled yet"), error_summary=errors
            )
            return render(request, "admin/guides/guide/preview_errors.html", context, status=400)
        self.message_user(
            request,
            _("The new version will go live on %(when)s. The guide itself is unchanged until then.")
            % {"when": admin_datetime(change.run_at)},
            messages.SUCCESS,
        )
        return redirect("admin:guides_scheduledchange_change", change.pk)

    def preview_view(self, request, object_id, language):
        change = self.get_object(request, unquote(object_id))
        if change is None or language not in dict(settings.LANGUAGES):
            raise Http404
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        guide, steps = scheduled_version(change)
        admin_url = reverse("admin:guides_scheduledchange_change", args=[change.pk])
        with translation.override(language):
            context = guide_page_context(guide, steps, {"unsaved": False, "admin_url": admin_url})
            response = render(request, "guides/guide_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def share_view(self, request, object_id):
        change = self.get_object(request, unquote(object_id))
        if change is None:
            raise Http404
        if not self.has_change_permission(request, change):
            raise PermissionDenied
        link = PreviewLink.create_for(change.guide, request.user, scheduled_change=change)
        self.message_user(
            request,
            _("New share link, valid until %(date)s.")
            % {"date": timezone.localtime(link.expires_at)},
            messages.SUCCESS,
        )
        return redirect("admin:guides_scheduledchange_change", change.pk)
