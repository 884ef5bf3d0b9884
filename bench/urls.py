"""The ceiling: a minimal view through the full middleware stack (mounted only by bench/settings.py).

Every benchmarked page is reported as a fraction of what this view serves on the same
server in the same run, so the numbers survive a change of machine.
"""

from django.http import HttpResponse
from django.urls import path

app_name = "bench"

_ROW = "<p>工匠精神是我们宝贵的精神财富，是新时代的精神指引。Gongjiang ceiling page.</p>\n"
CEILING_PAGE = (
    '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>ceiling</title></head><body>\n'
    + _ROW * (20_480 // len(_ROW.encode()))
    + "</body></html>\n"
)


def ceiling(request):
    return HttpResponse(CEILING_PAGE)


urlpatterns = [path("ceiling/", ceiling, name="ceiling")]
