"""History for the content admins: who, when and what; a diff of any two versions; revert.

Revert shows what it will change and asks to confirm, and goes through the model's rules,
instead of simple-history's form of the old version: that form would rebuild the object with
modeltranslation's constructor, which can write one language over another.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..editorial.history import (
    admin_datetime,
    change_reason_text,
    diff_objects,
    display_value,
    revert_object,
)
from ..models import EditConflict
from .base import admin_page_context


def history_record(model, object_id, history_id):
    """The historical record `history_id` of the object `object_id`, or a 404."""
    try:
        return model.history.get(id=object_id, history_id=int(history_id))
    except (TypeError, ValueError, model.history.model.DoesNotExist):
        raise Http404 from None


class HistoryAdmin(SimpleHistoryAdmin):
    """History with who, when and what; the difference between any two versions; revert.

    Revert shows what it will change and asks to confirm, and goes through the model's rules
    (`revert`), instead of simple-history's form of the old version: that form would rebuild
    the object with modeltranslation's constructor, which can write one language over another.
    """

    object_history_list_template = "admin/guides/object_history_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name="{}_{}_history_compare".format(*info),
        )
        # Before simple-history's own URLs: theirs would read "compare" as a version.
        return [compare, *super().get_urls()]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """What each version on the page changed since the one before it, as `record.changes`
        (`history_changes`: for a guide, its steps too), its change reason as `record.reason`
        (`change_reason_text`), and its `history_list_display` columns
        written as the diffs write them (a status by its name, a date in the editor's language),
        as `record.column_values`."""
        records = list(historical_records)
        if not records:
            return
        columns = [self.model._meta.get_field(name) for name in self.history_list_display]
        for record, older in zip(records, [*records[1:], records[-1].prev_record], strict=True):
            record.changes = self.history_changes(older, record) if older is not None else []
            record.reason = change_reason_text(record)
            record.column_values = [
                display_value(column, getattr(record, column.attname)) for column in columns
            ]

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            capfirst(self.model._meta.get_field(name).verbose_name)
            for name in self.history_list_display
        ]
        context = {"history_columns": columns, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def save_model(self, request, obj, form, change):
        """Save only what changed: a form sent back as it was loaded records no new version.

        When only an inline changed (a guide's step), the object is saved in `save_related`,
        first, so that the inline's change belongs to a version of its own."""
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        unchanged = change and not form.has_changed()
        if unchanged and any(formset.has_changed() for formset in formsets):
            super().save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def history_changes(self, old, new):
        return diff_objects(self.model, old, new)

    def revert_changes(self, obj, record):
        return diff_objects(self.model, obj, record)

    def revert(self, request, obj, record):
        return revert_object(obj=obj, record=record, user=request.user)

    def viewable_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_compare_view(self, request, object_id):
        obj = self.viewable_object_or_404(request, object_id)
        records = self.model.history.filter(id=obj.pk)
        newest = records.first()
        old = history_record(self.model, obj.pk, request.GET.get("old"))
        new = history_record(self.model, obj.pk, request.GET.get("new", newest.history_id))
        if (old.history_date, old.history_id) > (new.history_date, new.history_id):
            old, new = new, old
        context = admin_page_context(
            self,
            request,
            _("Compare versions of %(object)s") % {"object": obj},
            object=obj,
            old=old,
            new=new,
            changes=self.history_changes(old, new),
        )
        return TemplateResponse(request, "admin/guides/history_compare.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.viewable_object_or_404(request, object_id)
        record = history_record(self.model, obj.pk, version_id)
        can_revert = self.has_change_permission(request, obj)
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            try:
                self.revert(request, obj, record)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            except EditConflict:
                self.message_user(
                    request,
                    _("Someone saved this at the same moment; nothing was reverted. Try again."),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("Reverted to the version of %(date)s.")
                    % {"date": admin_datetime(record.history_date)},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
                    )
                )
            obj = self.get_object(request, unquote(object_id))
        context = admin_page_context(
            self,
            request,
            _("Revert %(object)s") % {"object": obj},
            object=obj,
            record=record,
            can_revert=can_revert,
            changes=self.revert_changes(obj, record),
            **(extra_context or {}),
        )
        return TemplateResponse(request, "admin/guides/history_revert.html", context)
