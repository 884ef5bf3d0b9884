"""The site's addresses and, in front of them, the benchmark's ceiling view."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("__bench__/", include("bench.urls")), *site_urlpatterns]
