"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..models import Channel, Guide, Operator


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(LocalizedSitemap):
    priority = 0.8

    def items(self):
        return [
            "guides:home",
            "guides:guide_list",
            "guides:operator_list",
            "guides:safety",
            "guides:keep_your_number",
            "guides:not_arrived",
        ]

    def location(self, item):
        return reverse(item)


class GuideSitemap(LocalizedSitemap):
    priority = 1.0

    def items(self):
        return Guide.objects.public().order_by("pk")

    def lastmod(self, guide):
        return guide.updated_at


class OperatorSitemap(LocalizedSitemap):
    def items(self):
        return Operator.objects.active().order_by("pk")


class ChannelSitemap(LocalizedSitemap):
    def items(self):
        return Channel.objects.order_by("pk")


sitemaps = {
    "pages": StaticPagesSitemap,
    "guides": GuideSitemap,
    "operators": OperatorSitemap,
    "channels": ChannelSitemap,
}
