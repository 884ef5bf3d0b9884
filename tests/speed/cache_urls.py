"""Tiny public pages for the page-cache tests, independent of the real templates."""

from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from articles.models import Article

calls = {"count": 0}


def live_titles(request):
    calls["count"] += 1
    titles = Article.objects.live().order_by("-publish_at").values_list("title", flat=True)
    return HttpResponse("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in titles) + "</ul>")


def with_csrf(request):
    return HttpResponse(f"<form><input name=csrfmiddlewaretoken value={get_token(request)}></form>")


def with_cookie(request):
    response = HttpResponse("cookie page")
    response.set_cookie("seen", "1")
    return response


def missing(request):
    return HttpResponseNotFound("nothing here")


@never_cache
def private(request):
    return HttpResponse("never cached")


urlpatterns = [
    path("", live_titles),
    path("admin/list/", live_titles),
    path("csrf/", with_csrf),
    path("cookie/", with_cookie),
    path("missing/", missing),
    path("private/", private),
]
