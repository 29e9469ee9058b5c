"""Cache purges that did not take: which cache, which tags, the last error; and "send again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ..caching.purging import purge
from ..models import FailedPurge


@admin.register(FailedPurge)
class FailedPurgeAdmin(admin.ModelAdmin):
    list_display = ["url", "attempts", "error", "first_failed_at", "last_failed_at"]
    readonly_fields = ["url", "tags", "attempts", "error", "first_failed_at", "last_failed_at"]
    fields = readonly_fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send these purges again"))
    def send_again(self, request, queryset):
        tags = set()
        for failed in queryset:
            tags |= failed.tag_set()
        still_failing = purge(tags)
        if still_failing:
            self.message_user(
                request,
                _("These caches still refuse the purge: %(urls)s")
                % {"urls": ", ".join(still_failing)},
                messages.ERROR,
            )
        else:
            self.message_user(request, _("Every cache took the purge."), messages.SUCCESS)
