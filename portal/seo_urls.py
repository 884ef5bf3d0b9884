"""sitemap.xml and robots.txt at the site root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from portal.sitemaps import SITEMAPS, robots_txt, sitemap_index

app_name = "seo"
urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cache_page(60 * 10)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots"),
]
