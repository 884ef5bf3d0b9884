"""The test site mounted below /archive/: a URLconf other than the settings' own."""

from django.urls import include, path

urlpatterns = [path("archive/", include("tests.urls"))]
