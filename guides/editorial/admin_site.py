"""The editors' admin site: Django's own, with a "needs attention" panel on its index page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .attention import attention_items

# Strings of Django's own admin that its Simplified Chinese catalog leaves in English (the table
# headers and link labels of every app list). Named here so that `make messages` keeps them in
# our catalog, which Django reads before its own.
UNTRANSLATED_ADMIN_STRINGS = [
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
]


def needs_attention(user):
    """What this editor should look at first: (label, count, link to the filtered list) each."""
    return [
        (item.label, item.count, item.list_url)
        for item in attention_items()
        if item.visible_to(user)
    ]


class EditorsAdminSite(admin.AdminSite):
    site_header = _("Top-up Guides editors")
    site_title = _("Top-up Guides editors")
    index_title = _("Content")

    def index(self, request, extra_context=None):
        context = {"needs_attention": needs_attention(request.user), **(extra_context or {})}
        return super().index(request, context)
