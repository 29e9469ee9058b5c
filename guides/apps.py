from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Top-up guides")

    def ready(self):
        from . import signals

        signals.connect()
