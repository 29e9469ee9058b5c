"""What the last source check found: a list of broken and moved sources, and a line on each
sourced item's own admin page."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..editorial.history import admin_datetime
from ..models import SourceCheck


def item_admin_url(item):
    """The admin page where `item` is edited: its own, or its owner's when it is edited inline
    there (a payment provider's contacts)."""
    opts = item._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        pass
    for field in opts.fields:
        if field.many_to_one and getattr(item, field.name, None) is not None:
            owner = getattr(item, field.name)
            try:
                return reverse(
                    f"admin:{owner._meta.app_label}_{owner._meta.model_name}_change",
                    args=[owner.pk],
                )
            except NoReverseMatch:
                continue
    return ""


class SourceCheckDisplay:
    """Mixed into the admins and inlines of sourced items: what the last check found."""

    @admin.display(description=_("source check"))
    def source_check(self, obj):
        if obj is None or not obj.pk or not obj.source_url:
            return "-"
        check = SourceCheck.objects.for_item(obj)
        if check is None:
            return _("Not checked yet (manage.py check_sources).")
        when = admin_datetime(check.checked_at)
        if check.is_ok:
            return format_html("✓ {} ({})", check.summary(), when)
        return format_html(
            '<strong class="source-check source-check--problem">✗ {}</strong> ({}){}',
            check.summary(),
            when,
            format_html(' <a href="{0}" rel="noopener noreferrer">{0}</a>', check.moved_to)
            if check.moved_to
            else "",
        )


class ProblemFilter(admin.SimpleListFilter):
    title = _("problems")
    parameter_name = "problems"

    def lookups(self, request, model_admin):
        return [("1", _("Broken or moved, still cited"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=[c.pk for c in SourceCheck.objects.current_problems()])
        return queryset


class CitedByFilter(admin.SimpleListFilter):
    """The kinds of content that cite the checked sources, by the names editors know them by
    (not every content type Django has: only those with a check)."""

    title = _("cited by")
    parameter_name = "cited_by"

    def lookups(self, request, model_admin):
        checked = ContentType.objects.filter(pk__in=SourceCheck.objects.values("content_type"))
        kinds = [(kind, kind.model_class()) for kind in checked]
        return sorted(
            (
                (str(kind.pk), capfirst(model._meta.verbose_name_plural))
                for kind, model in kinds
                if model is not None
            ),
            key=lambda lookup: str(lookup[1]),
        )

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(SourceCheck)
class SourceCheckAdmin(admin.ModelAdmin):
    list_display = ["url", "result", "detail", "item_link", "checked_at"]
    list_filter = [ProblemFilter, "result", CitedByFilter]
    search_fields = ["url", "detail"]
    readonly_fields = [
        "item_link",
        "url",
        "result",
        "status_code",
        "detail",
        "moved_to",
        "checked_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cited by"))
    def item_link(self, check):
        item = check.item
        if item is None:
            return "-"
        url = item_admin_url(item)
        label = f"{item._meta.verbose_name}: {item}"
        return format_html('<a href="{}">{}</a>', url, label) if url else label
