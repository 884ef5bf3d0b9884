"""The public search page: one box, results across every kind of content."""

from django.shortcuts import render


def results(request):
    query = request.GET.get("q", "").strip()
    return render(request, "search/results.html", {"query": query, "page_obj": None})
