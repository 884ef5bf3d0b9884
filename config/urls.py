from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("articles/", include("articles.urls")),
    path("speeches/", include("speeches.urls")),
    path("galleries/", include("galleries.urls")),
    path("people/", include("people.urls")),
    path("events/", include("events.urls")),
    path("search/", include("search.urls")),
    path("feeds/", include("portal.feed_urls")),
    path("", include("portal.seo_urls")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
