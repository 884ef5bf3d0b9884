"""sitemap.xml and robots.txt at the site root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from portal.sitemaps import favicon, robots_txt, sitemap_index, sitemaps

app_name = "seo"
urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    # No cache_page here: it would keep an unpublished piece (or the name of a tag only
    # it carried) listed for minutes. The public page cache keeps the files, fresh.
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots"),
    # Pages name their icons in <head>; this is for tools that still ask for /favicon.ico.
    path("favicon.ico", favicon, name="favicon"),
]
