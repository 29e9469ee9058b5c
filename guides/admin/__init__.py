"""The editors' admin: translated fields side by side in tabs, one tab per language.

Content models keep a history (who, when, what, with a diff of any two versions and a revert).
Guides also have a preview as readers will see it, a comparison with what readers see now, share
links for people without an account, and optimistic locking so that no one's save is lost.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from modeltranslation.admin import TranslationStackedInline

from ..history import (
    REVERTED_GUIDE_FIELDS,
    GuideVersion,
    conflict_report,
    current_version,
    field_label,
    guide_revert,
    language_name,
    published_version,
    version_of_record,
)
from ..models import (
    Channel,
    EditConflict,
    Feedback,
    Guide,
    GuideStep,
    OfficialContact,
    Operator,
    PreviewLink,
    Region,
    SafetyNote,
)
from ..views import guide_page_context
from .base import EditorialMedia, EditorsTranslationAdmin, HistoryAdmin
from .sourced import AuthorityInline


@admin.register(Region)
class RegionAdmin(EditorsTranslationAdmin):
    list_display = ["code", "name", "calling_code", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_zh_hans", "name_en"]
    inlines = [AuthorityInline]


class OfficialContactInline(TranslationStackedInline):
    model = OfficialContact
    extra = 0
    fields = [
        ("kind", "value"),
        "purpose",
        ("source_url", "source_kind", "source_year"),
        ("verified_on", "order"),
    ]


@admin.register(Operator)
class OperatorAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["name", "short_name", "region", "is_active", "order"]
    list_filter = ["region", "is_active"]
    list_editable = ["order"]
    search_fields = ["slug", "name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [OfficialContactInline]


@admin.register(OfficialContact)
class OfficialContactAdmin(HistoryAdmin, EditorsTranslationAdmin):
    list_display = ["value", "kind", "operator", "purpose", "source_kind", "verified_on"]
    list_filter = ["kind", "source_kind", "operator__region", "operator"]
    search_fields = ["value", "purpose_zh_hans", "purpose_en"]
    list_select_related = ["operator"]


@admin.register(Channel)
class ChannelAdmin(EditorsTranslationAdmin):
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
        languages = [
            (code, _("Missing %(language)s translation") % {"language": language_name(code)})
            for code, _name in settings.LANGUAGES
        ]
        return [("any", _("Missing a translation")), *languages]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.missing_translation()
        if self.value() in dict(settings.LANGUAGES):
            return queryset.missing_translation(self.value())
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


@dataclass
class FormError:
    label: str
    message: str
    anchor: str


def form_field_label(form, name):
    """A form field's name for people, with its language when it is a translated column."""
    try:
        return field_label(form._meta.model, name)
    except Exception:  # noqa: BLE001 - not a model field: the form field's own label
        field = form.fields.get(name)
        return capfirst(field.label) if field is not None and field.label else name


def error_summary(form, formsets):
    """Every error on a change form, each naming its field and language, linking to the field.

    The tabbed admin hides all languages but one; this list at the top is what makes an error
    in a hidden tab findable (the tab itself is marked too, see admin-editorial.js and .css).
    """
    errors = []
    model_name = capfirst(form._meta.model._meta.verbose_name)
    for name, messages_ in form.errors.items():
        known = name in form.fields
        label = form_field_label(form, name) if known else model_name
        anchor = form[name].auto_id if known else "content-main"
        errors += [FormError(label, message, anchor) for message in messages_]
    for formset in formsets:
        plural = capfirst(formset.model._meta.verbose_name_plural)
        singular = capfirst(formset.model._meta.verbose_name)
        errors += [
            FormError(plural, message, f"{formset.prefix}-group")
            for message in formset.non_form_errors()
        ]
        for number, subform in enumerate(formset.forms, start=1):
            for name, messages_ in subform.errors.items():
                known = name in subform.fields and name != NON_FIELD_ERRORS
                label = f"{singular} {number}"
                if known:
                    label = f"{label}: {form_field_label(subform, name)}"
                anchor = subform[name].auto_id if known else f"{formset.prefix}-{number - 1}"
                errors += [FormError(label, message, anchor) for message in messages_]
    return errors


class GuideAdminForm(forms.ModelForm):
    """The guide form. It carries the version it was loaded at, for optimistic locking.

    `clean()` compares that version with the stored one, with the row locked where the database
    can (select_for_update, inside the admin's transaction), so that a conflict is reported on
    the form with everything typed kept. `Guide.save()` checks again in its own UPDATE, which is
    what makes the check hold for any database and any number of app servers.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Guide
        # The admin narrows these to its fieldsets, with one column per language.
        fields = [
            "title",
            "slug",
            "operator",
            "channel",
            "summary",
            "body",
            "status",
            "source_url",
            "source_kind",
            "source_year",
            "last_verified_on",
            "review_interval_days",
        ]

    # Previews and comparisons build a guide from the form but save nothing, so skip the check.
    check_version = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def stored_version(self):
        """The guide's version in the database, its row locked until the save where possible."""
        stored = Guide.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            stored = stored.select_for_update()
        return stored.values_list("version", flat=True).first()

    def submitted_step_count(self, prefix="steps"):
        """How many steps the step inline posted with this form will leave, or None."""
        try:
            total = min(int(self.data.get(f"{prefix}-TOTAL_FORMS", "")), 1000)
        except ValueError:
            return None
        return sum(
            1
            for index in range(total)
            if not self.data.get(f"{prefix}-{index}-DELETE")
            and any(
                self.data.get(f"{prefix}-{index}-text_{suffix}", "").strip()
                for suffix in ("zh_hans", "en")
            )
        )

    def clean(self):
        cleaned_data = super().clean()
        # The model checks publishing against the steps as they will be, not as stored.
        self.instance.pending_step_count = self.submitted_step_count()
        if self.instance.pk is None:
            return cleaned_data
        loaded = cleaned_data.get("loaded_version")
        if self.check_version:
            stored_version = self.stored_version()
            if stored_version is not None and loaded is None:
                self.show_at_version(stored_version)
                raise ValidationError(
                    _(
                        "This form does not say which version of the guide it was opened at, so "
                        "it cannot tell whether someone saved since. Nothing was saved, and "
                        "everything you typed is still below: save again to keep it."
                    ),
                    code="no_version",
                )
            if stored_version is not None and stored_version != loaded:
                self.edit_conflict = conflict_report(self.instance.pk, loaded)
                self.show_at_version(stored_version)
                raise ValidationError(
                    "%(summary)s %(advice)s",
                    code="edit_conflict",
                    params={
                        "summary": self.edit_conflict.summary(),
                        "advice": _(
                            "Your changes were not saved, and everything you typed is still "
                            "below. Check what they changed, then save again to keep yours."
                        ),
                    },
                )
        self.instance.version = loaded or self.instance.version
        return cleaned_data

    def show_at_version(self, version):
        """Show the form again as loaded at `version`: saving it then keeps this editor's text
        over what was saved before, knowingly, after seeing it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = version


@admin.register(Guide)
class GuideAdmin(HistoryAdmin, EditorsTranslationAdmin):
    form = GuideAdminForm
    list_display = [
        "title",
        "operator",
        "channel",
        "status",
        "languages",
        "last_verified_on",
        "overdue",
    ]
    list_filter = [
        "status",
        RegionFilter,
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
                    ("source_url", "source_kind", "source_year"),
                    ("last_verified_on", "last_verified_by"),
                    "review_interval_days",
                    ("version", "published_at", "updated_at"),
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

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name

        def public(view):
            # Not `admin_view`: it would send visitors without an account to the login page,
            # and these answer 404 to anyone who may not edit the guide.
            return never_cache(csrf_protect(view))

        urls = [
            path(
                "preview/<str:language>/",
                public(self.preview_view),
                name="{}_{}_preview_new".format(*info),
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                public(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                # Not ".../compare/": `<path:object_id>` would swallow ".../history/compare/".
                "<path:object_id>/compare-with-published/",
                self.admin_site.admin_view(self.compare_published_view),
                name="{}_{}_compare_published".format(*info),
            ),
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_links_view),
                name="{}_{}_share_links".format(*info),
            ),
        ]
        return urls + super().get_urls()

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

    @staticmethod
    def preview_url(guide, language):
        if guide is None:
            return reverse("admin:guides_guide_preview_new", args=[language])
        return reverse("admin:guides_guide_preview", args=[guide.pk, language])

    def guide_from_form(self, request, obj):
        """An unsaved guide and its steps built from the change form's POST, saving nothing.

        Returns (guide, steps, errors); guide and steps are None when the form has errors.
        """
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj or Guide())
        form.check_version = False
        form_valid = form.is_valid()
        inline = next(
            i for i in self.get_inline_instances(request, obj) if isinstance(i, GuideStepInline)
        )
        formset_class = inline.get_formset(request, obj)
        formset = formset_class(
            data=request.POST,
            files=request.FILES,
            instance=form.instance,
            prefix=formset_class.get_default_prefix(),
            queryset=inline.get_queryset(request),
        )
        if not (form_valid and formset.is_valid()):
            return None, None, error_summary(form, [formset])
        steps = [
            subform.instance
            for subform in formset.forms
            if subform not in formset.deleted_forms
            if subform.instance.pk or subform.has_changed()
        ]
        steps.sort(key=lambda step: (step.order, step.pk or 0))
        return form.instance, steps, []

    def preview_view(self, request, language, object_id=None):
        """The guide as readers will see it in `language`: as saved (GET) or as typed (POST).

        A 404 for anyone who may not edit it, never cached, never indexed.
        """
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        user = request.user
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if (
            language not in dict(settings.LANGUAGES)
            or (object_id and obj is None)
            or not (user.is_active and user.is_staff and allowed)
        ):
            raise Http404
        if request.method == "POST":
            guide, steps, errors = self.guide_from_form(request, obj)
        elif obj is not None:
            guide, steps, errors = obj, list(obj.steps.all()), []
        else:
            raise Http404
        admin_url = (
            reverse("admin:guides_guide_change", args=[obj.pk])
            if obj
            else reverse("admin:guides_guide_add")
        )
        if errors:
            context = {
                **self.admin_site.each_context(request),
                "title": _("This guide cannot be previewed yet"),
                "opts": self.opts,
                "error_summary": errors,
            }
            response = render(
                request, "admin/guides/guide/preview_errors.html", context, status=400
            )
        else:
            unsaved = request.method == "POST"
            preview = {"unsaved": unsaved, "admin_url": admin_url}
            with translation.override(language):
                context = guide_page_context(guide, steps, preview)
                # The language switch leads to the other language's preview. Of unsaved changes
                # there is nothing to link to: the editor uses the other preview button.
                context["language_versions"] = (
                    []
                    if unsaved
                    else [
                        {
                            "code": code,
                            "name": name,
                            "is_current": code == language,
                            "url": self.preview_url(obj, code),
                        }
                        for code, name in settings.LANGUAGES
                    ]
                )
                response = render(request, "guides/guide_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def compare_published_view(self, request, object_id):
        """What the draft (as saved, or as typed when POSTed) changes from what readers see."""
        obj = self._history_object(request, object_id)
        errors = []
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            guide, steps, errors = self.guide_from_form(request, obj)
            draft = GuideVersion(guide, steps) if not errors else None
        else:
            draft = current_version(obj)
        published = published_version(obj)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare with the published version: %(guide)s") % {"guide": obj},
            "opts": self.opts,
            "object": obj,
            "unsaved": request.method == "POST",
            "published": published,
            "published_is_online": obj.is_published,
            "error_summary": errors,
            "changes": draft.changes_since(published) if draft and published else None,
        }
        return TemplateResponse(request, "admin/guides/guide/compare_published.html", context)

    def share_links_view(self, request, object_id):
        """Make and revoke links that show this guide's preview to people without an account."""
        guide = self._history_object(request, object_id)
        can_share = self.has_change_permission(request, guide)
        if request.method == "POST":
            if not can_share:
                raise PermissionDenied
            revoke = request.POST.get("revoke")
            if revoke:
                link = guide.preview_links.filter(pk=int(revoke) if revoke.isdigit() else 0).first()
                if link is None:
                    raise Http404
                link.revoke()
                self.message_user(request, _("The link was revoked."), messages.SUCCESS)
            else:
                link = PreviewLink.create_for(guide, request.user)
                self.message_user(
                    request,
                    _("New share link, valid until %(date)s.")
                    % {"date": timezone.localtime(link.expires_at)},
                    messages.SUCCESS,
                )
            return redirect(request.path)
        links = []
        for link in guide.preview_links.select_related("created_by"):
            urls = []
            for code, _n in settings.LANGUAGES:
                with translation.override(code):
                    urls.append(
                        (language_name(code), request.build_absolute_uri(link.get_absolute_url()))
                    )
            links.append((link, urls))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Share links: %(guide)s") % {"guide": guide},
            "opts": self.opts,
            "object": guide,
            "links": links,
            "can_share": can_share,
            "days": settings.GUIDE_SHARE_LINK_DAYS,
        }
        return TemplateResponse(request, "admin/guides/guide/share_links.html", context)

    def history_changes(self, old, new):
        return version_of_record(new).changes_since(version_of_record(old))

    def revert_changes(self, guide, record):
        return version_of_record(record).changes_since(
            current_version(guide), fields=REVERTED_GUIDE_FIELDS
        )

    def revert(self, request, guide, record):
        return guide_revert(guide=guide, record=record, user=request.user)

    def has_verify_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.verify_guide")

    @admin.display(description=_("languages"))
    def languages(self, guide):
        gaps = guide.translation_gaps()
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


# Admins kept in modules of their own; importing them registers them.
from . import moderation, search, sourced  # noqa: E402, F401
