"""Each editor's own settings: the language of their e-mail and whether they get the digest.

Any staff user may see and change their own profile, and only theirs (superusers see all)."""

from django.contrib import admin
from django.shortcuts import redirect

from ..models import EditorProfile


@admin.register(EditorProfile)
class EditorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "wants_digest", "last_digest_sent_at"]
    fields = ["user", "language", "wants_digest", "last_digest_sent_at"]
    readonly_fields = ["user", "last_digest_sent_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def _own(self, request, obj):
        return request.user.is_superuser or obj is None or obj.user_id == request.user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._own(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.user.is_superuser:
            return super().changelist_view(request, extra_context)
        profile = EditorProfile.for_user(request.user)
        return redirect("admin:guides_editorprofile_change", profile.pk)
