"""The test settings' root URLconf: the site's, plus the test-only content type's pages."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bulletins/", include("tests.bulletins.urls")), *site_urlpatterns]
