from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Top-up guides")

    def ready(self):
        from .caching import signals

        signals.connect()


class EditorsAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` being the editors' site (see
    guides.editorial.admin_site)."""

    default = False  # this module's default is GuidesConfig
    default_site = "guides.editorial.admin_site.EditorsAdminSite"
