from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guides.caching.pages import cache_public_page
from guides.caching.tags import GUIDE_LISTS
from guides.web.site_views import healthz, robots_txt, security_txt
from guides.web.sitemaps import sitemaps

urlpatterns = [
    path(
        "sitemap.xml",
        # `p`: the page of a sitemap split in pages.
        cache_public_page(sitemap, query_parameters=["p"], tags=[GUIDE_LISTS]),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", cache_public_page(robots_txt), name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("guides.urls")),
    prefix_default_language=True,
)

handler400 = "guides.web.site_views.bad_request"
handler500 = "guides.web.site_views.server_error"
